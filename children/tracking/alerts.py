"""Raising alerts when something about a child needs someone to act.

Services call the `on_*` hooks inside their transaction; the daily task calls
`scan`. Each alert is raised once per cause (Alert.key), and who sees it follows
the access policy (see `visible_alerts`)."""


def on_attendance_recorded(record) -> None:
    """Attendance below the authority's threshold for the period."""


def on_suspension_recorded(suspension) -> None:
    """A new suspension or permanent exclusion."""


def on_enrolment_changed(child) -> None:
    """A school move, or the child left with no current school place."""


def scan(today=None) -> int:
    """The daily sweep: PEPs overdue, children without a school place, low attendance."""
    return 0
