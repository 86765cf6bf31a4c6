"""Writing PEPs: starting one, filling in its sections, and moving it through the
virtual school's quality assurance.

    draft ──submit──▶ submitted ──approve──▶ approved ──new version──▶ superseded
      ▲                  │                      (and a copy in draft)
      └──── returned ◀───┘ return

Each step is one function and one transaction: it checks the step is allowed for
this person and this PEP (refusing with a message a person understands, changing
nothing), writes a PepEvent and the audit entry, and queues the emails once the
transaction commits. An approved PEP is frozen; changes go into a new version."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from children.models import CareEpisode, Child, Enrolment, RegistrationType
from children.tracking import alerts
from interventions import services as pupil_premium
from vsh.audit.services import (
    Action,
    diff,
    record,
    record_create,
    record_delete,
    record_update,
    snapshot,
)
from vsh.terms.models import Term

from . import checks, sections, snapshots
from .deadlines import TermDeadlines
from .models import Pep, PepAttendee, PepEvent, PepTarget, QaRating, Status
from .permissions import PepRoles, edit_refusal, roles_for
from .sections import Section

# Everything a PEP says, copied into a new version.
CONTENT_FIELDS = tuple(
    dict.fromkeys(
        [name for section in sections.SECTIONS for name in section.fields]
        + ["attendance_snapshot", "attainment_snapshot", "sdq_snapshot"]
    )
)


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _refuse(message: str):
    raise ValidationError(message)


def _locked(pep: Pep) -> Pep:
    """The PEP as stored now, locked until the transaction ends, so two people
    acting at once cannot both move it on."""
    return (
        Pep.objects.select_for_update(of=("self",))
        .select_related("child", "term__academic_year", "school")
        .get(pk=pep.pk)
    )


def _log(
    pep: Pep, action: str, by, *, before: dict, rating=None, comments: str = "", detail: str = ""
):
    """The PepEvent, the audit entry and the emails for one step of the workflow."""
    event = PepEvent.objects.create(pep=pep, action=action, by=by, rating=rating, comments=comments)
    label = event.get_action_display()
    record(
        Action.CREATE if action == PepEvent.Action.STARTED else Action.UPDATE,
        actor=by,
        obj=pep,
        changes=diff(before, snapshot(pep)),
        detail=f"PEP {label.lower()}" + (f"; {detail}" if detail else ""),
    )
    from .tasks import notify_pep_event

    transaction.on_commit(lambda: notify_pep_event.delay(event.pk))
    return event


# Starting a PEP -----------------------------------------------------------------


def main_enrolment(child: Child, on: date) -> Enrolment | None:
    """The school the child is on the roll of on `on`: a single registration, or the
    main school of a dual registration."""
    return (
        Enrolment.objects.filter(
            child=child,
            started_on__lte=on,
            registration__in=[RegistrationType.SINGLE, RegistrationType.DUAL_MAIN],
        )
        .exclude(ended_on__lt=on)
        .select_related("school")
        .order_by("-started_on")
        .first()
    )


def live_pep(child: Child, term: Term) -> Pep | None:
    return Pep.objects.filter(child=child, term=term).exclude(status=Status.SUPERSEDED).first()


def _already_exists(child: Child, term: Term) -> str:
    return f"{child.display_name} already has a PEP for the {term} term. Open it from the PEPs tab."


def _carry_source(pep: Pep) -> Pep | None:
    """The PEP whose targets this one evaluates: from the latest earlier term with
    an approved version, its latest approved version. A version replaced by a newer
    one was approved before it was replaced, so it counts, even while the newer
    version is still being changed."""
    return (
        Pep.objects.filter(
            child_id=pep.child_id,
            term__starts_on__lt=pep.term.starts_on,
            status__in=[Status.APPROVED, Status.SUPERSEDED],
            approved_at__isnull=False,
        )
        .select_related("term__academic_year")
        .order_by("-term__starts_on", "-version")
        .first()
    )


def _carry_targets(pep: Pep, by, source: Pep | None = None) -> int:
    """Targets set in the last approved PEP come into this one to be evaluated."""
    last = source or _carry_source(pep)
    if last is None:
        return 0
    carried = 0
    for position, target in enumerate(last.targets.filter(carried_from__isnull=True)):
        copy = PepTarget.objects.create(
            pep=pep,
            area=target.area,
            description=target.description,
            responsible=target.responsible,
            due_by=target.due_by,
            success_measure=target.success_measure,
            carried_from=target,
            position=position,
        )
        record_create(by, copy, detail=f"Carried forward from {last}")
        carried += 1
    return carried


def _carry_into_next_term(approved: Pep, by) -> int:
    """When a PEP is approved after the next term's PEP was started, the next term's
    PEP still gets its targets to evaluate, if it can still be changed and has none
    from this term yet (from any version of it)."""
    following = (
        Pep.objects.select_for_update(of=("self",))
        .filter(child_id=approved.child_id, term__starts_on__gt=approved.term.starts_on)
        .exclude(status=Status.SUPERSEDED)
        .select_related("term")
        .order_by("term__starts_on")
        .first()
    )
    if following is None or following.status not in (Status.DRAFT, Status.RETURNED):
        return 0
    if following.targets.filter(carried_from__pep__term_id=approved.term_id).exists():
        return 0
    if _carry_source(following) != approved:
        return 0
    return _carry_targets(following, by, source=approved)


@transaction.atomic
def start_pep(*, child: Child, term: Term, by) -> Pep:
    if not roles_for(by, child).may_start:
        _refuse(
            "Only the designated teacher of the child's school or the virtual school "
            "can start a PEP."
        )
    if live_pep(child, term):
        _refuse(_already_exists(child, term))
    today = timezone.localdate()
    # Kind and due date as the PEP list and the overdue alert work them out.
    kind, due_on = TermDeadlines.load(term, today).due_for(
        list(CareEpisode.objects.filter(child=child))
    )
    enrolment = main_enrolment(child, min(today, term.ends_on))
    pep = Pep(
        child=child,
        term=term,
        kind=kind,
        due_on=due_on,
        school=enrolment.school if enrolment else None,
        created_by=by,
        attendance_snapshot=snapshots.attendance(child, term, today),
        attainment_snapshot=snapshots.attainment(child, term),
        sdq_snapshot=snapshots.sdq(child, today),
        education_history=snapshots.education_history(child),
    )
    try:
        with transaction.atomic():
            pep.save()
    except IntegrityError:
        # Someone else started it a moment ago.
        _refuse(_already_exists(child, term))
    _carry_targets(pep, by)
    _log(pep, PepEvent.Action.STARTED, by, before={})
    return pep


# Editing sections ----------------------------------------------------------------


def _check_edit(pep: Pep, by, section: Section, roles: PepRoles | None = None) -> None:
    refusal = edit_refusal(pep, roles or roles_for(by, pep.child), section)
    if refusal:
        _refuse(refusal)


@transaction.atomic
def update_section(*, pep: Pep, section: Section, data: dict, by) -> Pep:
    pep = _locked(pep)
    _check_edit(pep, by, section)
    before = snapshot(pep)
    for name in section.fields:
        if name in data:
            setattr(pep, name, data[name])
    if pep.meeting_held_on and pep.next_review_on and pep.next_review_on <= pep.meeting_held_on:
        raise ValidationError({"next_review_on": "The next review must be after the meeting."})
    pep.full_clean()
    pep.save()
    record_update(by, pep, before=before, detail=section.title)
    return pep


@transaction.atomic
def refresh_snapshots(*, pep: Pep, by) -> Pep:
    """Take the attendance, attainment and SDQ figures again from the tracking records."""
    pep = _locked(pep)
    for slug in ("attendance", "attainment", "sen-wellbeing"):
        _check_edit(pep, by, sections.get(slug))
    before = snapshot(pep)
    today = timezone.localdate()
    pep.attendance_snapshot = snapshots.attendance(pep.child, pep.term, today)
    pep.attainment_snapshot = snapshots.attainment(pep.child, pep.term)
    pep.sdq_snapshot = snapshots.sdq(pep.child, today)
    pep.save()
    record_update(by, pep, before=before, detail="Figures taken again from tracking records")
    return pep


TARGETS = sections.get("targets")
EVALUATION = sections.get("evaluation")
MEETING = sections.get("meeting")
TARGET_FIELDS = ("area", "description", "responsible", "due_by", "success_measure")


def _own_target(target: PepTarget) -> None:
    if target.carried_from_id:
        _refuse(
            "This target was carried forward from the last PEP to be evaluated, so it "
            "cannot be changed here. Evaluate it, and add a new target if it continues."
        )


@transaction.atomic
def add_target(*, pep: Pep, data: dict, by) -> PepTarget:
    pep = _locked(pep)
    _check_edit(pep, by, TARGETS)
    last = pep.targets.aggregate(last=Max("position"))["last"]
    target = PepTarget(
        pep=pep, position=(last or 0) + 1, **{k: v for k, v in data.items() if k in TARGET_FIELDS}
    )
    target.full_clean()
    target.save()
    record_create(by, target, detail=f"Target in {pep}")
    return target


@transaction.atomic
def update_target(*, target: PepTarget, data: dict, by) -> PepTarget:
    pep = _locked(target.pep)
    _check_edit(pep, by, TARGETS)
    fresh = PepTarget.objects.select_for_update().get(pk=target.pk)
    _own_target(fresh)
    before = snapshot(fresh)
    for name in TARGET_FIELDS:
        if name in data:
            setattr(fresh, name, data[name])
    fresh.full_clean()
    fresh.save()
    record_update(by, fresh, before=before)
    return fresh


@transaction.atomic
def remove_target(*, target: PepTarget, by) -> None:
    pep = _locked(target.pep)
    _check_edit(pep, by, TARGETS)
    _own_target(target)
    if target.pp_requests.exists():
        _refuse(
            "This target has a Pupil Premium Plus request. Remove the request, or link it "
            "to another target, first."
        )
    record_delete(by, target)
    target.delete()


@transaction.atomic
def evaluate_targets(*, pep: Pep, evaluations: dict[int, dict], by) -> int:
    """`evaluations` maps a carried target's id to its evaluation and notes."""
    pep = _locked(pep)
    _check_edit(pep, by, EVALUATION)
    changed = 0
    for target in pep.targets.select_for_update().filter(pk__in=evaluations):
        if not target.carried_from_id:
            continue
        before = snapshot(target)
        target.evaluation = evaluations[target.pk].get("evaluation", target.evaluation)
        target.evaluation_notes = evaluations[target.pk].get(
            "evaluation_notes", target.evaluation_notes
        )
        target.full_clean()
        target.save()
        if record_update(by, target, before=before, detail="Evaluated"):
            changed += 1
    return changed


@transaction.atomic
def add_attendee(*, pep: Pep, data: dict, by) -> PepAttendee:
    pep = _locked(pep)
    _check_edit(pep, by, MEETING)
    attendee = PepAttendee(pep=pep, **data)
    attendee.full_clean()
    attendee.save()
    record_create(by, attendee, detail=f"Attendee of {pep}")
    return attendee


@transaction.atomic
def remove_attendee(*, attendee: PepAttendee, by) -> None:
    pep = _locked(attendee.pep)
    _check_edit(pep, by, MEETING)
    record_delete(by, attendee)
    attendee.delete()


# The workflow ----------------------------------------------------------------------


def _status_phrase(pep: Pep) -> str:
    return {
        Status.DRAFT: "still in progress",
        Status.SUBMITTED: "already submitted",
        Status.RETURNED: "returned to the school for changes",
        Status.APPROVED: "already approved",
        Status.SUPERSEDED: "replaced by a newer version",
    }[pep.status]


def submit_refusal(pep: Pep, roles: PepRoles) -> str | None:
    """Why the PEP cannot be submitted by this person, leaving aside what is missing."""
    if pep.status not in (Status.DRAFT, Status.RETURNED):
        return f"This PEP cannot be submitted: it is {_status_phrase(pep)}."
    if not (roles.designated_teacher or roles.virtual_school):
        return "Only the designated teacher or the virtual school can submit a PEP."
    return None


REVIEW_VERBS = {"return": "returned", "approve": "approved"}


def review_refusal(pep: Pep, roles: PepRoles, verb: str) -> str | None:
    """Returning and approving are the virtual school's quality assurance."""
    if not roles.virtual_school:
        return f"Only the child's virtual school caseworker or a manager can {verb} a PEP."
    if pep.status != Status.SUBMITTED:
        return (
            f"Only a PEP submitted for quality assurance can be {REVIEW_VERBS[verb]}. "
            f"This one is {_status_phrase(pep)}."
        )
    return None


def sign_off_refusal(pep: Pep, roles: PepRoles) -> str | None:
    if not roles.social_worker:
        return "Only the child's allocated social worker can sign off a PEP."
    if pep.status not in (Status.SUBMITTED, Status.APPROVED):
        return (
            "The social worker signs off a PEP once the school has submitted it. "
            f"This one is {_status_phrase(pep)}."
        )
    if pep.social_worker_signed_off_at:
        return (
            f"{pep.social_worker_signed_off_by} signed off this PEP on "
            f"{_long_date(timezone.localtime(pep.social_worker_signed_off_at).date())}."
        )
    if not pep.social_worker_contribution.strip():
        return "Write the social worker's contribution before signing off the PEP."
    return None


def new_version_refusal(pep: Pep, roles: PepRoles) -> str | None:
    if pep.status == Status.SUPERSEDED:
        return "This version has already been replaced by a newer one."
    if pep.status != Status.APPROVED:
        return (
            "Only an approved PEP needs a new version. This one is "
            f"{_status_phrase(pep)}, so change it directly."
        )
    if not (roles.designated_teacher or roles.virtual_school):
        return "Only the designated teacher or the virtual school can start a new version."
    return None


def allowed_actions(pep: Pep, roles: PepRoles) -> dict[str, bool]:
    """Which workflow buttons to offer this person: no queries."""
    return {
        "submit": submit_refusal(pep, roles) is None,
        "return": review_refusal(pep, roles, "return") is None,
        "approve": review_refusal(pep, roles, "approve") is None,
        "sign_off": sign_off_refusal(pep, roles) is None,
        "new_version": new_version_refusal(pep, roles) is None,
    }


def _check(refusal: str | None) -> None:
    if refusal:
        _refuse(refusal)


@transaction.atomic
def submit_pep(*, pep: Pep, by) -> Pep:
    pep = _locked(pep)
    _check(submit_refusal(pep, roles_for(by, pep.child)))
    missing = checks.submission_problems(
        pep, targets=list(pep.targets.all()), attendees=list(pep.attendees.all())
    )
    if missing:
        grouped: dict = {}
        for section, problem in missing:
            grouped.setdefault(section.title, []).append(problem)
        listed = "; ".join(f"{title}: {', '.join(found)}" for title, found in grouped.items())
        raise ValidationError(
            f"This PEP cannot be submitted yet. Still to do: {listed}.", code="incomplete"
        )
    before = snapshot(pep)
    pep.status = Status.SUBMITTED
    pep.submitted_by = by
    pep.submitted_at = timezone.now()
    pep.save()
    _log(pep, PepEvent.Action.SUBMITTED, by, before=before)
    alerts.on_pep_status_changed(pep)
    return pep


@transaction.atomic
def return_pep(*, pep: Pep, by, reasons: str, rating: QaRating | None = None) -> Pep:
    pep = _locked(pep)
    _check(review_refusal(pep, roles_for(by, pep.child), "return"))
    if not (reasons or "").strip():
        raise ValidationError(
            {
                "reasons": "Give the reasons for returning the PEP, so the school knows "
                "what to change."
            }
        )
    before = snapshot(pep)
    pep.status = Status.RETURNED
    if rating is not None:
        pep.rating = rating
    comments, detail = reasons.strip(), ""
    if pep.social_worker_signed_off_at:
        # The school may change what the social worker agreed to: they sign again
        # once the PEP is submitted again.
        signed = (
            f"{pep.social_worker_signed_off_by} on "
            f"{_long_date(timezone.localtime(pep.social_worker_signed_off_at).date())}"
        )
        detail = f"social worker's sign-off by {signed} withdrawn"
        comments += (
            f"\n\nThe social worker's sign-off ({signed}) is withdrawn: they sign off "
            "again once the PEP is submitted again."
        )
        pep.social_worker_signed_off_by = None
        pep.social_worker_signed_off_at = None
    pep.save()
    _log(
        pep,
        PepEvent.Action.RETURNED,
        by,
        before=before,
        rating=rating,
        comments=comments,
        detail=detail,
    )
    return pep


@transaction.atomic
def approve_pep(*, pep: Pep, by, rating: QaRating | None, comments: str = "") -> Pep:
    pep = _locked(pep)
    _check(review_refusal(pep, roles_for(by, pep.child), "approve"))
    if rating is None:
        raise ValidationError({"rating": "Choose a quality rating to approve the PEP."})
    if not rating.allows_approval:
        raise ValidationError(
            {
                "rating": f"A PEP rated {rating.label} cannot be approved. Return it to the "
                "school with the reasons instead."
            }
        )
    before = snapshot(pep)
    pep.status = Status.APPROVED
    pep.rating = rating
    pep.approved_by = by
    pep.approved_at = timezone.now()
    pep.save()
    pupil_premium.approve_requests_for_pep(pep=pep, by=by)
    _log(pep, PepEvent.Action.APPROVED, by, before=before, rating=rating, comments=comments.strip())
    _carry_into_next_term(pep, by)
    alerts.on_pep_status_changed(pep)
    return pep


@transaction.atomic
def sign_off_pep(*, pep: Pep, by) -> Pep:
    pep = _locked(pep)
    _check(sign_off_refusal(pep, roles_for(by, pep.child)))
    before = snapshot(pep)
    pep.social_worker_signed_off_by = by
    pep.social_worker_signed_off_at = timezone.now()
    pep.save()
    _log(pep, PepEvent.Action.SIGNED_OFF, by, before=before)
    return pep


@transaction.atomic
def start_new_version(*, pep: Pep, by) -> Pep:
    """Freeze the approved PEP as superseded and copy it into a new draft version."""
    pep = _locked(pep)
    _check(new_version_refusal(pep, roles_for(by, pep.child)))
    before = snapshot(pep)
    pep.status = Status.SUPERSEDED
    pep.save()
    record_update(by, pep, before=before, detail=f"Replaced by version {pep.version + 1}")

    copy = Pep(
        child=pep.child,
        term=pep.term,
        kind=pep.kind,
        version=pep.version + 1,
        previous_version=pep,
        due_on=pep.due_on,
        school=pep.school,
        created_by=by,
        **{name: getattr(pep, name) for name in CONTENT_FIELDS},
    )
    copy.save()
    targets = {}
    for target in pep.targets.all():
        targets[target.pk] = PepTarget.objects.create(
            pep=copy,
            **{
                name: getattr(target, name)
                for name in (
                    *TARGET_FIELDS,
                    "evaluation",
                    "evaluation_notes",
                    "carried_from_id",
                    "position",
                )
            },
        )
    for attendee in pep.attendees.all():
        PepAttendee.objects.create(
            pep=copy, name=attendee.name, role=attendee.role, attended=attendee.attended
        )
    pupil_premium.copy_requests(source=pep, into=copy, targets=targets, by=by)
    _log(
        copy,
        PepEvent.Action.NEW_VERSION,
        by,
        before={},
        comments=f"Version {copy.version}, replacing version {pep.version}.",
    )
    return copy
