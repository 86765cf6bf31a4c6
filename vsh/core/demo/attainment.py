"""Attainment each term, on the scale that fits the child's year group.

Statutory results at the end of each summer term (EYFS good level of development in
Reception, the Year 1 phonics check, the Year 4 multiplication tables check, key stage
2 tests and writing assessment in Year 6, GCSEs in Year 11), the school's termly
teacher assessments with targets in Years 1 to 9, and GCSE predicted and target
grades in Years 10 and 11.

Each child has a steady underlying ability (lower on average with special educational
needs) that drifts a little from term to term; every result is a noisy reading of it
placed on the scale so the cohort's results look like a virtual school's: about two
in three pass the phonics check and under half reach the expected standard at key
stage 2 (the cut-offs below are set for the demo's mix of special educational needs).
"""

import math
import random

from children import codes
from children.school_years import year_group_on
from children.tracking import codes as scales
from children.tracking.models import Assessment

from .exclusions import main_enrolment_on
from .terms import SchoolCalendar

Measure = scales.Measure
Subject = scales.Subject
SEVERE_NEEDS = {"PMLD", "SLD", "MSI"}
GCSE_OPTIONS = [
    Subject.ENGLISH_LITERATURE,
    Subject.HISTORY,
    Subject.GEOGRAPHY,
    Subject.ART,
    Subject.COMPUTING,
    Subject.LANGUAGES,
    Subject.RE,
    Subject.PE,
]
TERMLY_SUBJECTS = [Subject.READING, Subject.WRITING, Subject.MATHS]
TERMLY_ORDER = list(scales.TERMLY_VALUES)  # below, towards, expected, above
# Share of pupils below each GCSE grade, from U upwards.
GCSE_CUTS = [(0.03, "U"), (0.12, "1"), (0.26, "2"), (0.5, "3"), (0.67, "4"), (0.8, "5"),
             (0.89, "6"), (0.95, "7"), (0.985, "8")]  # fmt: skip


def percentile(value: float) -> float:
    """Where a reading of ability falls among the cohort (0 to 1)."""
    return 0.5 * (1 + math.erf(value / (1.15 * math.sqrt(2))))


def gcse_grade(share: float) -> str:
    for cut, grade in GCSE_CUTS:
        if share < cut:
            return grade
    return "9"


def termly(share: float) -> str:
    if share < 0.15:
        return "below"
    if share < 0.5:
        return "towards"
    if share < 0.88:
        return "expected"
    return "above"


class Assessor:
    def __init__(self, rng: random.Random, calendar: SchoolCalendar, dt_on):
        self.rng = rng
        self.calendar = calendar
        self.today = calendar.today
        self.dt_on = dt_on

    def ability(self, spec) -> float:
        child = spec.child
        shift = {
            codes.SenProvision.EHC_PLAN: -1.1,
            codes.SenProvision.SEN_SUPPORT: -0.6,
        }.get(child.sen_provision, 0.25)
        if child.sen_primary_need in SEVERE_NEEDS:
            shift = -2.6
        return self.rng.gauss(0, 1) + shift

    def assessments(self, spec) -> list[Assessment]:
        rng = self.rng
        spec.ability = ability = self.ability(spec)
        severe = spec.child.sen_primary_need in SEVERE_NEEDS
        subject_bias = {s: rng.gauss(0, 0.35) for s in Subject.values}
        options = rng.sample(GCSE_OPTIONS, 2)
        growth = rng.gauss(0.02, 0.06)
        rows: list[Assessment] = []
        for step, term in enumerate(self.calendar.assessment_terms):
            year = year_group_on(spec.dob, term.starts_on)
            if year < 0 or year > 11:
                continue
            day = min(term.ends_on, self.today)
            enrolment = main_enrolment_on(spec, day) or main_enrolment_on(spec, term.starts_on)
            if enrolment is None or enrolment.school_spec.kind == "nursery":
                continue
            level = ability + growth * step
            teacher = self.dt_on(enrolment.school, day)

            def reading(subject, noise=0.4, level=level):
                return percentile(level + subject_bias[subject] + rng.gauss(0, noise))

            def add(subject, measure, actual="", predicted="", target="", term=term, by=teacher):
                rows.append(
                    Assessment(
                        child=spec.child,
                        term=term,
                        subject=subject,
                        measure=measure,
                        actual=actual,
                        predicted=predicted,
                        target=target,
                        recorded_by=by,
                    )
                )

            summer = term.is_summer
            if 1 <= year <= 9:
                for subject in TERMLY_SUBJECTS:
                    actual = "below" if severe else termly(reading(subject))
                    add(subject, Measure.TERMLY_TA, actual=actual, target=self._next_step(actual))
            if summer and year == 0:
                gld = not severe and reading(Subject.OVERALL) >= 0.42
                add(Subject.OVERALL, Measure.EYFS_GLD, actual="yes" if gld else "no")
            if summer and year == 1:
                add(Subject.OVERALL, Measure.PHONICS, actual=str(self._phonics(reading, severe)))
            if summer and year == 4:
                share = 0.05 if severe else reading(Subject.MATHS)
                add(Subject.MATHS, Measure.MTC, actual=str(round(25 * share**0.4)))
            if summer and year == 6:
                self._key_stage_2(add, reading, severe)
            if year >= 10 and not severe:
                for subject in [
                    Subject.ENGLISH_LANGUAGE,
                    Subject.MATHS,
                    Subject.COMBINED_SCIENCE,
                    *options,
                ]:
                    target = gcse_grade(percentile(ability + subject_bias[subject] + 0.55))
                    predicted = gcse_grade(reading(subject))
                    actual = ""
                    if summer and year == 11:
                        # Results day is in August: recorded against the summer term.
                        actual = gcse_grade(reading(subject, noise=0.5))
                    add(subject, Measure.GCSE, actual=actual, predicted=predicted, target=target)
        return rows

    def _next_step(self, actual: str) -> str:
        """The school's target: the next step up for most, holding steady for some."""
        index = TERMLY_ORDER.index(actual)
        if actual == "expected":
            return "above" if self.rng.random() < 0.25 else "expected"
        if index < 2 and self.rng.random() < 0.7:
            return TERMLY_ORDER[index + 1]
        return actual

    def _phonics(self, reading, severe: bool) -> int:
        share = 0.05 if severe else reading(Subject.OVERALL)
        if share >= 0.25:  # the threshold mark is 32
            return min(40, 32 + round((share - 0.25) / 0.75 * 8))
        return max(0, round(share / 0.25 * 31))

    def _key_stage_2(self, add, reading, severe: bool) -> None:
        if severe:
            add(Subject.WRITING, Measure.KS2_TA, actual=self.rng.choice(["PK", "BLW"]))
            return
        for subject in (Subject.READING, Subject.MATHS, Subject.GPS):
            share = reading(subject)
            if share >= 0.45:  # 100 is the expected standard
                score = 100 + round((share - 0.45) / 0.55 * 20)
            else:
                score = 80 + round(share / 0.45 * 19)
            add(subject, Measure.KS2_SCALED, actual=str(min(120, max(80, score))), target="100")
        share = reading(Subject.WRITING)
        writing = "WTS" if share < 0.45 else "EXS" if share < 0.9 else "GDS"
        add(Subject.WRITING, Measure.KS2_TA, actual=writing, target="EXS")
