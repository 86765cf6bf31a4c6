"""How long a PEP takes to render as a PDF, and how much memory it needs.

    .venv/bin/python bench/pep_pdf.py [--runs 20] [--targets 40] [--out /tmp/pep.pdf]
    .venv/bin/python bench/pep_pdf.py --pep 123      # a PEP in an existing database

Without --pep it makes a throwaway SQLite database in a temporary folder, seeds one
child with a long PEP (many targets, a year of weekly attendance, a term of
assessments, previous targets, Pupil Premium Plus requests and attendees) and
renders it --runs times. It prints the median, fastest and slowest time per PDF,
the CPU time per PDF, the size of the PDF and the peak resident memory of the
process (with the load average, since a busy machine slows every render).
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def seed_pep(targets: int = 40):
    """One child with a full PEP for the current term. Returns the PEP."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from children import codes
    from children.models import Allocation, CareEpisode, Child, Enrolment
    from children.peps import snapshots
    from children.peps.models import Evaluation, Pep, PepAttendee, PepTarget, QaRating, TargetArea
    from children.school_years import academic_year_start
    from children.tracking.models import Assessment, AttendanceRecord
    from interventions.models import PupilPremiumRequest
    from schools.models import DesignatedTeacher, School
    from vsh.accounts.models import User
    from vsh.accounts.roles import Role
    from vsh.terms.dates import previous_term, term_on
    from vsh.terms.services import ensure_academic_year

    today = timezone.localdate()
    start = academic_year_start(today)
    for year in (start - 1, start, start + 1):
        ensure_academic_year(year)
    term = term_on(today)
    before = previous_term(term)

    def user(email, name, role):
        return User.objects.create_user(email=email, full_name=name, role=role)

    dt = user("dt@bench.test", "Dana Teacher", Role.DESIGNATED_TEACHER)
    caseworker = user("cw@bench.test", "Cass Worker", Role.CASEWORKER)
    sw = user("sw@bench.test", "Sol Worker", Role.SOCIAL_WORKER)
    school = School.objects.create(urn="199999", name="Riverside Academy", la_code="318")
    DesignatedTeacher.objects.create(user=dt, school=school, started_on=today - timedelta(700))
    child = Child.objects.create(
        local_id="BENCH1",
        first_name="Jordan",
        last_name="Example",
        preferred_name="Jay",
        date_of_birth=today.replace(year=today.year - 13, month=3, day=14),
        sex=codes.Sex.MALE,
        ethnicity=codes.Ethnicity.WBRI,
        upn="A123456789012",
    )
    CareEpisode.objects.create(
        child=child,
        started_on=today - timedelta(900),
        reason_new_episode="S",
        legal_status="C2",
        category_of_need="N1",
        placement_type="U4",
    )
    Enrolment.objects.create(child=child, school=school, started_on=today - timedelta(800))
    for kind, worker in (("caseworker", caseworker), ("social_worker", sw)):
        Allocation.objects.create(
            child=child, kind=kind, worker=worker, started_on=today - timedelta(300)
        )
    week = term.academic_year.starts_on
    while week + timedelta(days=4) <= min(today, term.ends_on):
        absent = (week.toordinal() // 7) % 4
        AttendanceRecord.objects.create(
            child=child,
            school=school,
            period_start=week,
            period_end=week + timedelta(days=4),
            possible_sessions=10,
            present=10 - absent,
            authorised_absence=absent // 2,
            unauthorised_absence=absent - absent // 2,
        )
        week += timedelta(days=7)
    for subject, actual, target in (
        ("english_language", "4", "5"),
        ("maths", "5", "5"),
        ("combined_science", "4", "4"),
        ("history", "6", "5"),
    ):
        Assessment.objects.create(
            child=child,
            term=term,
            subject=subject,
            measure="gcse",
            actual=actual,
            predicted=actual,
            target=target,
        )
    green = QaRating.objects.get(code="green")
    areas = list(TargetArea.values)
    previous = Pep.objects.create(
        child=child,
        term=before,
        status="approved",
        due_on=before.ends_on,
        school=school,
        created_by=dt,
        approved_by=caseworker,
        approved_at=timezone.now() - timedelta(120),
        rating=green,
    )
    previous_targets = [
        PepTarget.objects.create(
            pep=previous,
            area=areas[i % len(areas)],
            description=f"Last term's target {i + 1}: read a chapter book each week",
            responsible="Designated teacher",
            due_by=before.ends_on,
            success_measure="Reading log checked fortnightly",
            position=i,
        )
        for i in range(6)
    ]
    pep = Pep.objects.create(
        child=child,
        term=term,
        status="submitted",
        due_on=term.ends_on - timedelta(days=21),
        school=school,
        created_by=dt,
        submitted_by=dt,
        submitted_at=timezone.now(),
        child_views=(
            "I like science best because we do experiments. Maths is hard when it is "
            "fractions. I want to be a vet.\nI would like help with my reading at home."
        ),
        child_participation="PN1",
        education_history="Joined Riverside Academy in Year 7 after two primary schools.",
        current_provision="Small-group maths twice a week; a reading mentor on Tuesdays.",
        attendance_commentary="Attendance dipped after the placement move but is recovering.",
        attainment_commentary="On track in science and history; English is a focus.",
        sen_and_wellbeing="SEN support for literacy. Sees the school counsellor fortnightly.",
        attendance_snapshot=snapshots.attendance(child, term, today),
        attainment_snapshot=snapshots.attainment(child, term),
        sdq_snapshot={
            "score": 15,
            "band": "Slightly raised",
            "assessed_on": str(today - timedelta(60)),
            "informant": "Carer",
        },
        carer_views="Jay is settled and enjoys football club after school.",
        social_worker_contribution="Stable placement; contact with birth family monthly.",
        transition_plan="Careers interview in the summer term before GCSE options.",
        meeting_held_on=today - timedelta(10),
        next_review_on=today + timedelta(90),
    )
    for i, old in enumerate(previous_targets):
        PepTarget.objects.create(
            pep=pep,
            area=old.area,
            description=old.description,
            responsible=old.responsible,
            due_by=old.due_by,
            success_measure=old.success_measure,
            carried_from=old,
            evaluation=[Evaluation.ACHIEVED, Evaluation.PARTLY, Evaluation.NOT_ACHIEVED][i % 3],
            evaluation_notes="Jay read most weeks; the log shows steady progress.",
            position=i,
        )
    for i in range(targets):
        target = PepTarget.objects.create(
            pep=pep,
            area=areas[i % len(areas)],
            description=(
                f"Target {i + 1}: improve reading age by six months through daily "
                "paired reading with the mentor and at home with the carer"
            ),
            responsible=["Designated teacher", "Carer", "Jay", "Reading mentor"][i % 4],
            due_by=term.ends_on,
            success_measure="Reading age test at the end of term; mentor's log",
            position=100 + i,
        )
        if i < 3:
            PupilPremiumRequest.objects.create(
                child=child,
                pep=pep,
                target=target,
                amount=Decimal("400.00"),
                purpose=f"Reading mentor sessions, block {i + 1}",
            )
    for name, role in (
        ("Dana Teacher", "Designated teacher"),
        ("Chris Carer", "Foster carer"),
        ("Sol Worker", "Social worker"),
        ("Jay", "Young person"),
    ):
        PepAttendee.objects.create(pep=pep, name=name, role=role)
    return pep


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--targets", type=int, default=40)
    parser.add_argument("--pep", type=int, help="Render this PEP from the configured database.")
    parser.add_argument("--out", help="Write the last PDF here.")
    args = parser.parse_args(argv)

    if args.pep is None:
        os.environ["VSH_VAR_DIR"] = tempfile.mkdtemp(prefix="vsh-bench-")
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vsh.settings.dev")

    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from django.core.management import call_command

    from children.peps.models import Pep
    from children.peps.pdf import render_pep_pdf

    if args.pep is None:
        call_command("migrate", verbosity=0)
        pep = seed_pep(args.targets)
    else:
        pep = Pep.objects.get(pk=args.pep)

    timings, cpu, content = [], [], b""
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        content = render_pep_pdf(pep)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    if args.out:
        Path(args.out).write_bytes(content)
    print(f"PEP {pep.pk}: {pep.targets.count()} targets, PDF {len(content) / 1024:.0f} KiB")
    print(
        f"{args.runs} renders: median {statistics.median(timings):.3f} s, "
        f"first {timings[0]:.3f} s, fastest {min(timings):.3f} s, slowest {max(timings):.3f} s"
    )
    # CPU time is what one render costs a worker; wall time also counts waiting for
    # the CPU when the machine is busy.
    print(f"CPU time per render: median {statistics.median(cpu):.3f} s")
    print(f"Peak RSS: {peak_mb:.0f} MB (load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
