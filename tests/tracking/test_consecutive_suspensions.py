"""Alternative provision from the sixth school day counts consecutive suspensions
together: a suspension that starts on the next school day after another ends (no
school day back between them, weekends and closure days aside) adds its days to the
other's, and the one in which the sixth day falls, and any after it, need provision."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from children.tracking import codes
from children.tracking.models import Suspension, add_up_consecutive
from tests.factories import ChildFactory, EnrolmentFactory, SchoolFactory
from tests.tracking.factories import SuspensionFactory
from vsh.terms.models import NonWorkingDay

pytestmark = pytest.mark.django_db
# Monday 6 October 2025 to Friday 17 October 2025: two school weeks, no holidays.
MON, TUE, WED, THU, FRI = (date(2025, 10, day) for day in range(6, 11))
NEXT_MON, NEXT_TUE, NEXT_WED = (date(2025, 10, day) for day in range(13, 16))


@pytest.fixture
def school():
    return SchoolFactory(name="Riverside Academy")


@pytest.fixture
def child(school):
    child = ChildFactory(first_name="Amara", last_name="Okafor")
    EnrolmentFactory(child=child, school=school, started_on=date(2024, 9, 1))
    return child


def suspend(child, school, starts_on, sessions, **fields):
    return SuspensionFactory(
        child=child, school=school, starts_on=starts_on, sessions=sessions, **fields
    )


def flags(child) -> dict[date, tuple[bool, int | None]]:
    return {
        s.starts_on: (s.needs_alternative_provision, s.consecutive_sessions)
        for s in Suspension.objects.filter(child=child)
    }


def test_one_suspension_needs_provision_only_beyond_five_days(child, school):
    suspend(child, school, MON, 10)  # the whole week: day 5
    suspend(child, school, NEXT_TUE, 11)  # back at school on the Monday between
    assert flags(child) == {MON: (False, 10), NEXT_TUE: (True, 11)}


def test_a_suspension_straight_after_another_adds_up(child, school):
    suspend(child, school, MON, 6)  # Monday to Wednesday
    suspend(child, school, THU, 6)  # Thursday, Friday and the next Monday
    assert flags(child) == {MON: (False, 6), THU: (True, 12)}
    later = Suspension.objects.get(starts_on=THU)
    assert later.consecutive_from == MON
    assert Suspension.objects.get(starts_on=MON).consecutive_from is None


def test_a_weekend_or_a_closure_day_between_does_not_break_the_run(child, school):
    suspend(child, school, WED, 6)  # Wednesday to Friday
    suspend(child, school, NEXT_MON, 6)  # the Monday after the weekend
    assert flags(child)[NEXT_MON] == (True, 12)

    other = ChildFactory()
    EnrolmentFactory(child=other, school=school, started_on=date(2024, 9, 1))
    NonWorkingDay.objects.create(date=NEXT_MON, name="Training day")
    suspend(other, school, TUE, 8)  # Tuesday to Friday
    suspend(other, school, NEXT_TUE, 4)  # Monday is a training day
    assert flags(other)[NEXT_TUE] == (True, 12)


def test_a_school_day_back_between_starts_again(child, school):
    suspend(child, school, MON, 6)  # Monday to Wednesday; back at school on Thursday
    suspend(child, school, FRI, 6)  # Friday to the next Tuesday
    assert flags(child) == {MON: (False, 6), FRI: (False, 6)}


def test_three_in_a_row_add_up_and_the_run_goes_on(child, school):
    suspend(child, school, MON, 4)  # Monday and Tuesday
    suspend(child, school, WED, 4)  # Wednesday and Thursday
    suspend(child, school, FRI, 2)  # Friday: five days so far
    suspend(child, school, NEXT_MON, 2)  # the sixth day
    suspend(child, school, NEXT_TUE, 2)
    assert flags(child) == {
        MON: (False, 4),
        WED: (False, 8),
        FRI: (False, 10),
        NEXT_MON: (True, 12),
        NEXT_TUE: (True, 14),
    }


def test_half_days_count_as_sessions(child, school):
    suspend(child, school, MON, 5)  # Monday, Tuesday and Wednesday morning
    suspend(child, school, WED, 6)  # from Wednesday: 11 sessions together
    assert flags(child)[WED] == (True, 11)


def test_suspensions_from_different_schools_do_not_add_up(child, school):
    other_school = SchoolFactory()
    EnrolmentFactory(child=child, school=other_school, started_on=date(2024, 9, 1))
    suspend(child, school, MON, 6)
    suspend(child, other_school, THU, 6)
    assert flags(child) == {MON: (False, 6), THU: (False, 6)}


def test_a_permanent_exclusion_always_needs_provision(child, school):
    suspend(child, school, MON, 4)
    SuspensionFactory(
        child=child,
        school=school,
        starts_on=WED,
        category=codes.ExclusionCategory.PERMANENT,
        sessions=None,
    )
    assert flags(child) == {MON: (False, 4), WED: (True, None)}


def test_a_record_read_alone_or_not_yet_saved_adds_up_too(child, school):
    first = suspend(child, school, MON, 6)
    assert first.needs_alternative_provision is False
    proposed = Suspension(
        child=child,
        school=school,
        category=codes.ExclusionCategory.SUSPENSION,
        starts_on=THU,
        sessions=6,
    )
    assert proposed.needs_alternative_provision and proposed.consecutive_sessions == 12
    # A change in memory counts, not what is stored: moved a week earlier, the first
    # ends on 1 October, and the two no longer follow on.
    moved = Suspension.objects.get(pk=first.pk)
    moved.starts_on = date(2025, 9, 29)
    proposed = Suspension(child=child, school=school, category="SUSP", starts_on=THU, sessions=6)
    add_up_consecutive([moved, proposed])
    assert (moved.consecutive_sessions, proposed.consecutive_sessions) == (6, 6)
    assert not proposed.needs_alternative_provision


def test_reading_the_flag_for_a_list_costs_the_same_however_long(child, school):
    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            suspensions = list(Suspension.objects.filter(child=child))
            add_up_consecutive(suspensions)
            found = [s.needs_alternative_provision for s in suspensions]
        assert found
        return len(queries.captured_queries)

    suspend(child, school, MON, 2)
    few = cost()
    for starts_on in (TUE, WED, THU, FRI, NEXT_MON, NEXT_TUE, NEXT_WED):
        suspend(child, school, starts_on, 2)
    assert cost() == few == 3  # the list, the suspensions around them and the calendar


def test_the_attendance_page_flags_the_suspension_in_which_day_six_falls(
    login, head, child, school
):
    suspend(child, school, MON, 6, reason="PA")
    suspend(child, school, THU, 6, reason="VA")
    html = login(head).get(reverse("tracking:attendance", kwargs={"child_pk": child.pk}))
    html = html.content.decode()
    assert html.count("Alternative provision needed from day 6") == 1
    assert "12 sessions in a row, counting from the suspension of 6 Oct 2025" in html
    # Recording the provision on the later suspension clears the flag.
    Suspension.objects.filter(starts_on=THU).update(alternative_provision="Riverside PRU")
    html = login(head).get(reverse("tracking:attendance", kwargs={"child_pk": child.pk}))
    assert "Alternative provision needed from day 6" not in html.content.decode()
