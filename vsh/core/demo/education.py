"""Where each child goes to school: nursery to post-16, school moves that follow
placement moves, exclusions to the pupil referral unit, dual registration, the odd
child with no school place, and the UPN their first school gave them."""

import random
from datetime import date, timedelta

from children import codes
from children.models import Enrolment, LeavingReason, RegistrationType

from . import names, places
from .calendar import (
    birthday,
    first_day_of_autumn_term,
    last_day_of_summer_term,
    reception_start,
    weekday_on_or_after,
    weekday_on_or_before,
    year_start,
)
from .care import where_living
from .identifiers import UpnIssuer
from .schools import SchoolSpec

Cohort = codes.Cohort
SPECIALIST_NEEDS = {"PMLD", "SLD", "MSI"}
# Schools that issue UPNs: those in the school census, not colleges.
NO_UPN_KINDS = {"college"}


class SchoolPicker:
    def __init__(self, rng: random.Random, specs: list[SchoolSpec]):
        self.rng = rng
        self.specs = specs
        self.home = places.home_authority().la_code
        self.by_name = {s.school.name: s for s in specs}

    def _fits(self, spec: SchoolSpec, kind: str, age: int, need: str) -> bool:
        if kind == "nursery":
            return (
                spec.kind == "nursery"
                or (spec.kind == "primary" and spec.school.statutory_low_age <= 3)
            ) and age <= 4
        if kind == "sixth":
            return spec.kind == "secondary" and spec.sixth_form
        if kind == "special":
            return (
                spec.kind == "special"
                and spec.takes_age(age)
                and (not need or need in spec.needs or not spec.needs)
            )
        return spec.kind == kind and (kind in ("college",) or spec.takes_age(age))

    def pick(
        self, kind: str, la_code: str, age: int, need: str = "", exclude=()
    ) -> SchoolSpec | None:
        options = [s for s in self.specs if self._fits(s, kind, age, need) and s not in exclude]
        local = [s for s in options if s.la_code == la_code]
        if not local:
            local = [s for s in options if s.la_code == self.home]
        if not local and kind == "special":
            return self.pick(kind, la_code, age, "", exclude)
        if not local:
            local = options
        if not local:
            return None
        return self.rng.choices(local, weights=[s.weight for s in local])[0]

    def pru_for(self, la_code: str) -> SchoolSpec:
        prus = [s for s in self.specs if s.kind == "pru"]
        return next(
            (s for s in prus if s.la_code == la_code),
            next(s for s in prus if s.la_code == self.home),
        )


class Educator:
    def __init__(self, rng: random.Random, picker: SchoolPicker, today: date):
        self.rng = rng
        self.picker = picker
        self.today = today
        self.upns = UpnIssuer(rng)

    # Where the child lives decides which authority's schools they go to.
    def _la_on(self, spec, day: date) -> str:
        carer = where_living(spec.family, day)
        return carer.area.la_code if carer else places.home_authority().la_code

    def enrol(self, spec) -> None:
        rng, today = self.rng, self.today
        child, family = spec.child, spec.family
        dob = child.date_of_birth
        need = child.sen_primary_need
        specialist = child.sen_provision == codes.SenProvision.EHC_PLAN and (
            need in SPECIALIST_NEEDS or (need in ("ASD", "SEMH", "SLCN") and rng.random() < 0.35)
        )
        forced = self.picker.by_name.get(spec.school_name)

        segments = []  # (kind, start, end) for each stage of education
        if family.uasc:
            arrival = family.periods[0].start
            begin = weekday_on_or_after(arrival + timedelta(days=rng.randint(20, 70)))
            if begin <= today:
                if spec.age_on(begin) < 16:
                    segments.append(("secondary", begin, year_start(dob, 12)))
                    segments.append(("post16", year_start(dob, 12), year_start(dob, 14)))
                else:
                    segments.append(("post16", begin, year_start(dob, 14)))
        else:
            reception = reception_start(dob)
            if rng.random() < 0.65 or (spec.looked_after_now and rng.random() < 0.5):
                nursery = first_day_of_autumn_term(reception.year - 1)
                if rng.random() < 0.3:  # funded place from the term after their 2nd birthday
                    nursery = weekday_on_or_after(
                        birthday(dob, 2) + timedelta(days=rng.randint(30, 120))
                    )
                segments.append(("nursery", nursery, reception))
            segments.append(("primary", reception, year_start(dob, 7)))
            segments.append(("secondary", year_start(dob, 7), year_start(dob, 12)))
            segments.append(("post16", year_start(dob, 12), year_start(dob, 14)))

        enrolments: list[Enrolment] = []
        for kind, start, end in segments:
            if start > today:
                break
            self._stage(spec, enrolments, kind, start, end, specialist, forced)
        self._missing_or_dual(spec, enrolments, forced)
        spec.enrolments = enrolments
        self._upn(spec)

    def _stage(self, spec, enrolments, kind, start, end, specialist, forced) -> None:
        rng, today = self.rng, self.today
        need = spec.child.sen_primary_need
        current = enrolments[-1] if enrolments and enrolments[-1].ended_on is None else None
        if kind == "post16":
            if (
                current is not None
                and current.school_spec.kind == "special"
                and current.school_spec.school.statutory_high_age >= 18
            ):
                return  # stays on in the special school's sixth form
            roll = rng.random()
            if current is not None and current.school_spec.sixth_form and roll < 0.3:
                return  # stays on into the sixth form
            if current is not None:
                self._leave(current, last_day_of_summer_term(start.year), LeavingReason.TRANSITION)
            if roll > 0.82 and not spec.family.uasc:
                return  # apprenticeship, work or not in education or training
            school_kind = "college" if roll < 0.72 or spec.family.uasc else "sixth"
            school = self.picker.pick(school_kind, self._la_on(spec, start), 16)
            self._join(spec, enrolments, school, weekday_on_or_after(start))
            return
        age = spec.age_on(start)
        la = self._la_on(spec, start)
        if (
            kind != "nursery"
            and specialist
            and forced is None
            and (kind == "primary" or need != "SEMH")
        ):
            school = self.picker.pick("special", la, max(age, 5), need)
        elif forced is not None and kind == forced.kind:
            school = forced
        else:
            school = self.picker.pick(kind, la, max(age, 3 if kind == "nursery" else age))
        if school is None:
            return
        if current is not None and current.school_spec is not school:
            self._leave(current, last_day_of_summer_term(start.year), LeavingReason.TRANSITION)
            current = None
        if current is None:
            current = self._join(spec, enrolments, school, weekday_on_or_after(start))
        self._moves(spec, enrolments, current, kind, start, min(end, today), specialist, forced)

    def _moves(self, spec, enrolments, current, kind, start, end, specialist, forced) -> None:
        """School moves within a stage: after placement moves, exclusions and managed moves."""
        rng, today = self.rng, self.today
        stays = sorted(
            {
                s.start
                for p in spec.family.periods
                for s in p.stays
                if not s.temporary and start < s.start < end
            }
        )
        events = [(d, "placement") for d in stays]
        length = (end - start).days

        def some_day(earliest: int, margin: int) -> date:
            return start + timedelta(days=rng.randint(earliest, max(earliest + 1, length - margin)))

        if kind == "secondary":
            years = max(length / 365, 0)
            if rng.random() < 0.02 * years:
                events.append((some_day(60, 30), "exclusion"))
            elif rng.random() < 0.03 * years:
                events.append((some_day(60, 30), "managed"))
        if (
            specialist
            and forced is None
            and kind != "nursery"
            and current.school_spec.kind != "special"
        ):
            events.append((some_day(90, 0), "specialist"))
        for day, event in sorted(events):
            if day >= end or current.ended_on is not None:
                continue
            la = self._la_on(spec, day)
            if event == "placement":
                moved_area = la != current.school_spec.la_code
                if forced is not None and forced is current.school_spec:
                    continue  # kept at their school through the move
                if not (moved_area and rng.random() < 0.7) and rng.random() > 0.12:
                    continue
                reason = LeavingReason.PLACEMENT_MOVE
                nxt = self.picker.pick(
                    kind if kind != "nursery" else "nursery",
                    la,
                    spec.age_on(day),
                    exclude=[current.school_spec],
                )
            elif event == "exclusion":
                reason = LeavingReason.PERMANENT_EXCLUSION
                nxt = self.picker.pru_for(current.school_spec.la_code)
            elif event == "managed":
                reason = LeavingReason.MANAGED_MOVE
                nxt = self.picker.pick(
                    "secondary", la, spec.age_on(day), exclude=[current.school_spec]
                )
            else:
                reason = LeavingReason.SPECIALIST_PROVISION
                nxt = self.picker.pick(
                    "special",
                    la,
                    spec.age_on(day),
                    spec.child.sen_primary_need,
                    exclude=[current.school_spec],
                )
            if nxt is None:
                continue
            left = weekday_on_or_before(day + timedelta(days=rng.randint(3, 25)))
            joined = weekday_on_or_after(left + timedelta(days=rng.randint(1, 12)))
            if left <= current.started_on or joined >= end or joined > today:
                continue
            self._leave(current, left, reason)
            current = self._join(spec, enrolments, nxt, joined)
            if event == "exclusion":
                # A term or two at the pupil referral unit, then a fresh start.
                back = weekday_on_or_after(joined + timedelta(days=rng.randint(60, 200)))
                school = self.picker.pick(
                    "secondary", la, spec.age_on(back), exclude=[e.school_spec for e in enrolments]
                )
                if school and back < end and back <= today - timedelta(days=14):
                    self._leave(current, back - timedelta(days=1), LeavingReason.MANAGED_MOVE)
                    current = self._join(spec, enrolments, school, back)

    def _missing_or_dual(self, spec, enrolments, forced) -> None:
        rng, today = self.rng, self.today
        current = [e for e in enrolments if e.ended_on is None]
        if not current or forced is not None:
            return
        enrolment = current[-1]
        age = spec.age
        school_age = 5 <= age <= 15
        if spec.cohort == Cohort.LOOKED_AFTER and school_age and rng.random() < 0.03:
            # Left after a placement move and has no school place yet.
            left = weekday_on_or_before(today - timedelta(days=rng.randint(10, 60)))
            if left > enrolment.started_on:
                # An excluded pupil would have alternative provision from the sixth
                # day, so the gap follows a move of placement.
                self._leave(enrolment, left, LeavingReason.PLACEMENT_MOVE)
            return
        if (
            enrolment.school_spec.kind == "secondary"
            and 12 <= age <= 15
            and spec.cohort in (Cohort.LOOKED_AFTER, Cohort.SOCIAL_WORKER)
            and rng.random() < 0.06
        ):
            pru = self.picker.pru_for(enrolment.school_spec.la_code)
            joined = weekday_on_or_after(today - timedelta(days=rng.randint(20, 150)))
            if joined > enrolment.started_on:
                enrolment.registration = RegistrationType.DUAL_MAIN
                dual = self._join(spec, enrolments, pru, joined)
                dual.registration = RegistrationType.DUAL_SUBSIDIARY
                dual.notes = names.weighted(
                    rng,
                    [
                        (
                            "Two days a week at the centre, three at school, "
                            "reviewed each half term.",
                            1,
                        ),
                        ("Short placement to rebuild routines after a run of suspensions.", 1),
                        ("Mornings at the centre for small-group English and maths.", 1),
                    ],
                    lambda item: item[1],
                )[0]

    def _join(self, spec, enrolments, school: SchoolSpec, day: date) -> Enrolment:
        enrolment = Enrolment(child=spec.child, school=school.school, started_on=day)
        enrolment.school_spec = school
        enrolments.append(enrolment)
        return enrolment

    def _leave(self, enrolment: Enrolment, day: date, reason: str) -> None:
        enrolment.ended_on = max(day, enrolment.started_on)
        enrolment.leaving_reason = reason

    # UPN ----------------------------------------------------------------------------

    def _upn(self, spec) -> None:
        rng, child = self.rng, spec.child
        issuing = next(
            (
                e
                for e in spec.enrolments
                if e.school_spec.kind not in NO_UPN_KINDS
                and e.school_spec.school.establishment_type_group != "Independent schools"
            ),
            None,
        )
        if issuing is None:
            if spec.family.uasc:
                child.upn = "UN2"  # never attended a maintained school in England
            elif spec.age < 5:
                child.upn = "UN1"  # not of school age and no UPN yet
            else:
                child.upn = "UN4"
            return
        period_start = spec.family.periods[-1].start if spec.family.periods else None
        if (
            spec.looked_after_now
            and period_start
            and period_start > self.today - timedelta(days=45)
            and rng.random() < 0.5
        ):
            child.upn = "UN4"  # newly looked after; UPN not yet known
            return
        school = issuing.school_spec.school
        spec.first_school = issuing.school_spec
        child.upn = self.upns.issue(
            school.la_code,
            school.establishment_number,
            issuing.started_on.year,
            temporary=rng.random() < 0.01,
        )
