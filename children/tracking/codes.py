"""DfE code lists for tracking: attendance register codes (from August 2024) with the
statistical group each counts in, suspension and permanent exclusion categories and
reasons, and the assessment scales by key stage."""

from datetime import date

from django.db import models

from children.school_years import year_group_label


class AttendanceGroup(models.TextChoices):
    PRESENT = "present", "Present"
    APPROVED_ACTIVITY = "approved_activity", "Attending approved educational activity"
    AUTHORISED = "authorised", "Authorised absence"
    UNAUTHORISED = "unauthorised", "Unauthorised absence"
    NOT_COUNTED = "not_counted", "Not counted in possible sessions"


# Register code -> (group, meaning). Present and approved activity count as attendance.
ATTENDANCE_CODES: dict[str, tuple[str, str]] = {
    "/": (AttendanceGroup.PRESENT, "Present (morning)"),
    "\\": (AttendanceGroup.PRESENT, "Present (afternoon)"),
    "L": (AttendanceGroup.PRESENT, "Late, before the register closed"),
    "K": (AttendanceGroup.APPROVED_ACTIVITY, "Education provision arranged by the local authority"),
    "V": (AttendanceGroup.APPROVED_ACTIVITY, "Educational visit or trip"),
    "P": (AttendanceGroup.APPROVED_ACTIVITY, "Approved sporting activity"),
    "W": (AttendanceGroup.APPROVED_ACTIVITY, "Work experience"),
    "B": (
        AttendanceGroup.APPROVED_ACTIVITY,
        "Other approved supervised off-site educational activity",
    ),
    "C1": (AttendanceGroup.AUTHORISED, "Regulated performance or employment abroad"),
    "M": (AttendanceGroup.AUTHORISED, "Medical or dental appointment"),
    "J1": (
        AttendanceGroup.AUTHORISED,
        "Interview with a prospective employer or educational establishment",
    ),
    "S": (AttendanceGroup.AUTHORISED, "Study leave"),
    "C2": (AttendanceGroup.AUTHORISED, "Part-time timetable (compulsory school age)"),
    "C": (AttendanceGroup.AUTHORISED, "Leave of absence for exceptional circumstances"),
    "T": (AttendanceGroup.AUTHORISED, "Parent travelling for occupational purposes"),
    "R": (AttendanceGroup.AUTHORISED, "Religious observance"),
    "I": (AttendanceGroup.AUTHORISED, "Illness"),
    "E": (
        AttendanceGroup.AUTHORISED,
        "Suspended or permanently excluded, no alternative provision",
    ),
    "G": (AttendanceGroup.UNAUTHORISED, "Holiday not granted by the school"),
    "N": (AttendanceGroup.UNAUTHORISED, "Reason not yet provided"),
    "O": (AttendanceGroup.UNAUTHORISED, "Absent in other or unknown circumstances"),
    "U": (AttendanceGroup.UNAUTHORISED, "Arrived after the register closed"),
    "D": (AttendanceGroup.NOT_COUNTED, "Dual registered: attending another school"),
    "X": (AttendanceGroup.NOT_COUNTED, "Not of compulsory school age, not required to attend"),
    "Q": (AttendanceGroup.NOT_COUNTED, "Unable to attend: lack of access arrangements"),
    "Y1": (AttendanceGroup.NOT_COUNTED, "Transport normally provided unavailable"),
    "Y2": (AttendanceGroup.NOT_COUNTED, "Widespread travel disruption"),
    "Y3": (AttendanceGroup.NOT_COUNTED, "Part of the school premises closed"),
    "Y4": (AttendanceGroup.NOT_COUNTED, "Whole school site unexpectedly closed"),
    "Y5": (AttendanceGroup.NOT_COUNTED, "In criminal justice detention"),
    "Y6": (AttendanceGroup.NOT_COUNTED, "Public health guidance or law"),
    "Y7": (AttendanceGroup.NOT_COUNTED, "Any other unavoidable cause"),
    "Z": (AttendanceGroup.NOT_COUNTED, "Prospective pupil not on the register"),
    "#": (AttendanceGroup.NOT_COUNTED, "Planned whole or partial school closure"),
}
# Codes withdrawn in August 2024, still found in older registers.
LEGACY_ATTENDANCE_CODES: dict[str, tuple[str, str]] = {
    "H": (AttendanceGroup.AUTHORISED, "Agreed family holiday (withdrawn)"),
    "F": (AttendanceGroup.UNAUTHORISED, "Agreed extended family holiday (withdrawn)"),
    "J": (AttendanceGroup.AUTHORISED, "Interview (withdrawn: now J1)"),
    "Y": (AttendanceGroup.NOT_COUNTED, "Enforced closure (withdrawn: now Y1 to Y7)"),
}

# The day the 2024 register codes replaced the old ones.
CODES_CHANGED_ON = date(2024, 8, 19)
# What to use instead of each withdrawn code, for messages.
LEGACY_REPLACEMENTS = {
    "H": "G (holiday not granted) or C (exceptional circumstances)",
    "F": "G (holiday not granted)",
    "J": "J1",
    "Y": "Y1 to Y7",
}
GROUP_OF_CODE = {
    code: group for code, (group, _) in {**ATTENDANCE_CODES, **LEGACY_ATTENDANCE_CODES}.items()
}

PERSISTENT_ABSENCE = 10  # % of possible sessions missed
SEVERE_ABSENCE = 50


def absence_flag(absent: int, possible: int) -> str:
    """ "severe", "persistent" or "" for sessions missed out of possible sessions.
    Compared in whole numbers, so exactly 10% is persistent absence."""
    if not possible:
        return ""
    if absent * 100 >= SEVERE_ABSENCE * possible:
        return "severe"
    if absent * 100 >= PERSISTENT_ABSENCE * possible:
        return "persistent"
    return ""


MAX_SUSPENSION_SESSIONS = 90  # 45 school days in a school year
# Schools must arrange full-time education from the sixth day of an exclusion,
# counting consecutive suspensions together.
ALTERNATIVE_PROVISION_AFTER_SESSIONS = 10


class ExclusionCategory(models.TextChoices):
    SUSPENSION = "SUSP", "Suspension"
    PERMANENT = "PERM", "Permanent exclusion"


class ExclusionReason(models.TextChoices):
    PP = "PP", "Physical assault against a pupil"
    PA = "PA", "Physical assault against an adult"
    VP = "VP", "Verbal abuse or threatening behaviour against a pupil"
    VA = "VA", "Verbal abuse or threatening behaviour against an adult"
    OW = "OW", "Use or threat of use of an offensive weapon or prohibited item"
    BU = "BU", "Bullying"
    RA = "RA", "Racist abuse"
    LG = "LG", "Abuse against sexual orientation and gender identity"
    DS = "DS", "Abuse relating to disability"
    SM = "SM", "Sexual misconduct"
    DA = "DA", "Drug and alcohol related"
    DM = "DM", "Damage"
    TH = "TH", "Theft"
    PD = "PD", "Persistent or general disruptive behaviour"
    MT = "MT", "Inappropriate use of social media or online technology"
    PH = (
        "PH",
        "Wilful and repeated transgression of protective measures in place to protect public health",
    )


class Measure(models.TextChoices):
    """The assessment scale that fits each key stage."""

    EYFS_GLD = "eyfs_gld", "EYFS: good level of development"
    PHONICS = "phonics", "Year 1 phonics screening check (mark out of 40)"
    MTC = "mtc", "Year 4 multiplication tables check (mark out of 25)"
    KS2_SCALED = "ks2_scaled", "Key stage 2 test scaled score (80 to 120)"
    KS2_TA = "ks2_ta", "Key stage 2 teacher assessment"
    TERMLY_TA = "termly_ta", "Teacher assessment against age-related expectations"
    GCSE = "gcse", "GCSE grade (9 to 1)"


class Subject(models.TextChoices):
    READING = "reading", "Reading"
    WRITING = "writing", "Writing"
    MATHS = "maths", "Mathematics"
    GPS = "gps", "Grammar, punctuation and spelling"
    SCIENCE = "science", "Science"
    ENGLISH_LANGUAGE = "english_language", "English language"
    ENGLISH_LITERATURE = "english_literature", "English literature"
    COMBINED_SCIENCE = "combined_science", "Combined science"
    HISTORY = "history", "History"
    GEOGRAPHY = "geography", "Geography"
    COMPUTING = "computing", "Computing"
    LANGUAGES = "languages", "Modern foreign language"
    ART = "art", "Art and design"
    RE = "re", "Religious studies"
    PE = "pe", "Physical education"
    OVERALL = "overall", "Overall (EYFS and phonics)"
    OTHER = "other", "Other subject"


# Values each scale accepts; checked in the model's clean() and in imports.
TEACHER_ASSESSMENT_VALUES = {
    "BLW": "Below the standard of the pre-key stage",
    "PK": "Pre-key stage",
    "WTS": "Working towards the expected standard",
    "EXS": "Working at the expected standard",
    "GDS": "Working at greater depth",
}
TERMLY_VALUES = {
    "below": "Below age-related expectations",
    "towards": "Working towards age-related expectations",
    "expected": "At age-related expectations",
    "above": "Above age-related expectations",
}
GCSE_VALUES = [str(g) for g in range(9, 0, -1)] + ["U"]


def valid_values(measure: str) -> list[str] | None:
    """The accepted values for a scale, or None for a numeric range."""
    return {
        Measure.EYFS_GLD: ["yes", "no"],
        Measure.KS2_TA: list(TEACHER_ASSESSMENT_VALUES),
        Measure.TERMLY_TA: list(TERMLY_VALUES),
        Measure.GCSE: GCSE_VALUES,
    }.get(measure)


def ascending_values(measure: str) -> list[str] | None:
    """The scale's values from lowest to highest, or None for a numeric range."""
    values = valid_values(measure)
    if values is None:
        return None
    # The GCSE and EYFS lists are written highest first, as people read them.
    if measure in (Measure.GCSE, Measure.EYFS_GLD):
        return list(reversed(values))
    return values


NUMERIC_RANGES = {
    Measure.PHONICS: (0, 40),
    Measure.MTC: (0, 25),
    Measure.KS2_SCALED: (80, 120),
}
PHONICS_THRESHOLD = 32
KS2_EXPECTED_SCALED = 100
GCSE_STANDARD_PASS = 4

# The year groups each measure is for (0 is Reception, -1 nursery), and why, in words.
MEASURE_YEARS: dict[str, tuple[range, str]] = {
    Measure.EYFS_GLD: (
        range(0, 1),
        "The EYFS good level of development is assessed at the end of Reception",
    ),
    Measure.PHONICS: (
        range(1, 3),
        "The phonics screening check is taken in Year 1, and retaken in Year 2",
    ),
    Measure.MTC: (range(4, 5), "The multiplication tables check is taken in Year 4"),
    Measure.KS2_SCALED: (range(6, 7), "Key stage 2 test scaled scores are for Year 6"),
    Measure.KS2_TA: (range(6, 7), "Key stage 2 teacher assessment is for Year 6"),
    Measure.GCSE: (
        range(9, 14),
        "GCSE grades are for Years 9 to 11, and for resits in Years 12 and 13",
    ),
    Measure.TERMLY_TA: (
        range(-1, 14),
        "Termly teacher assessment is for pupils from nursery to Year 13",
    ),
}


def describe_years(measure: str) -> str:
    """The year groups a measure is for, in words: "Year 4", "Year 9 to Year 13"."""
    years = MEASURE_YEARS[measure][0]
    first, last = year_group_label(years[0]), year_group_label(years[-1])
    if len(years) == 1:
        return first
    return f"{first} {'and' if len(years) == 2 else 'to'} {last}"


# The subjects each measure is recorded in, and what to choose instead. The EYFS
# good level of development and the phonics check are one judgement each, recorded
# under "Overall", which no other measure uses.
_NOT_GCSE = {Subject.READING, Subject.WRITING, Subject.GPS, Subject.OVERALL}
MEASURE_SUBJECTS: dict[str, tuple[frozenset[str], str]] = {
    Measure.EYFS_GLD: (
        frozenset({Subject.OVERALL}),
        "The EYFS good level of development is one overall judgement: choose "
        f"‘{Subject.OVERALL.label}’ as the subject",
    ),
    Measure.PHONICS: (
        frozenset({Subject.OVERALL}),
        "The phonics screening check has one overall mark: choose "
        f"‘{Subject.OVERALL.label}’ as the subject",
    ),
    Measure.MTC: (
        frozenset({Subject.MATHS}),
        "The multiplication tables check is in mathematics: choose Mathematics as the subject",
    ),
    Measure.KS2_SCALED: (
        frozenset({Subject.READING, Subject.MATHS, Subject.GPS}),
        "Key stage 2 tests give scaled scores in reading, mathematics, and grammar, "
        "punctuation and spelling: choose one of those subjects",
    ),
    Measure.KS2_TA: (
        frozenset({Subject.READING, Subject.WRITING, Subject.MATHS, Subject.SCIENCE}),
        "Key stage 2 teacher assessment is recorded in reading, writing, mathematics and "
        "science: choose one of those subjects",
    ),
    Measure.GCSE: (
        frozenset(set(Subject.values) - _NOT_GCSE),
        "There is no GCSE in this subject: choose the GCSE subject, such as English "
        "language or English literature",
    ),
    Measure.TERMLY_TA: (
        frozenset(set(Subject.values) - {Subject.OVERALL}),
        f"‘{Subject.OVERALL.label}’ is only for the EYFS good level of development and the "
        "phonics screening check: choose the subject assessed",
    ),
}


# The key stage measures, grouped as the attainment page shows them.
MEASURE_GROUPS = [
    ("Early years foundation stage", [Measure.EYFS_GLD]),
    ("Year 1 phonics screening check", [Measure.PHONICS]),
    ("Year 4 multiplication tables check", [Measure.MTC]),
    ("Key stage 2", [Measure.KS2_SCALED, Measure.KS2_TA]),
    ("Termly teacher assessment", [Measure.TERMLY_TA]),
    ("GCSE", [Measure.GCSE]),
]
# The national standard each numeric scale is read against, where there is one.
STANDARDS = {
    Measure.PHONICS: PHONICS_THRESHOLD,
    Measure.KS2_SCALED: KS2_EXPECTED_SCALED,
    Measure.GCSE: GCSE_STANDARD_PASS,
}
# Short names for a table column, where the section already names the key stage.
SHORT_MEASURE_LABELS = {
    Measure.KS2_SCALED: "Test (scaled score)",
    Measure.KS2_TA: "Teacher assessment",
}
VALUE_LABELS = {
    Measure.EYFS_GLD: {"yes": "Good level of development", "no": "Not yet"},
    Measure.KS2_TA: TEACHER_ASSESSMENT_VALUES,
    Measure.TERMLY_TA: TERMLY_VALUES,
}


def _or_list(values: list[str]) -> str:
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


def describe_scale(measure: str) -> str:
    """What the scale accepts, in words: "one of BLW, PK, WTS, EXS or GDS"."""
    allowed = valid_values(measure)
    if allowed is not None:
        return _or_list(allowed) if len(allowed) == 2 else f"one of {_or_list(allowed)}"
    low, high = NUMERIC_RANGES[measure]
    return f"a whole number from {low} to {high}"


def value_message(measure: str, what: str) -> str:
    """What to enter instead of a value that is not on the scale, naming the values:
    "Enter the actual result as yes or no (EYFS: good level of development)"."""
    return f"Enter the {what} as {describe_scale(measure)} ({Measure(measure).label})"


def normalise_value(measure: str, value: str) -> str:
    """A value as the scale writes it: "exs" becomes "EXS", "Expected" "expected"."""
    value = (value or "").strip()
    allowed = valid_values(measure)
    if allowed is None:
        return value
    for candidate in allowed:
        if candidate.lower() == value.lower():
            return candidate
    return value


def check_value(measure: str, value: str) -> str | None:
    """None if `value` fits the scale, otherwise what is wrong, in words."""
    if value in ("", None):
        return None
    allowed = valid_values(measure)
    if allowed is not None:
        if value not in allowed:
            return f"'{value}' is not on this scale: use {describe_scale(measure)}."
        return None
    low, high = NUMERIC_RANGES[measure]
    try:
        number = int(value)
    except ValueError:
        return f"'{value}' is not a whole number from {low} to {high}."
    if not low <= number <= high:
        return f"{number} is outside the scale, which runs from {low} to {high}."
    return None


def numeric_value(measure: str, value: str) -> float | None:
    """A result as a number for charts: scores as they are, GCSE grades 9 to 1 (U is
    0); None for scales that are not numbers."""
    if not value:
        return None
    if measure == Measure.GCSE:
        return 0 if value == "U" else int(value)
    if measure in NUMERIC_RANGES:
        return int(value)
    return None


def value_label(measure: str, value: str) -> str:
    """The wording of a value on scales that use codes, or "" when the value says it."""
    return VALUE_LABELS.get(measure, {}).get(value, "")
