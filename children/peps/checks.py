"""How complete a PEP is: each section's status for the task list, and what must
be done before it can be submitted. Pure functions over records already loaded,
so the PEP page costs no extra queries and the submit service gives the same answer."""

from children.school_years import year_group_label, year_group_on

from .models import Pep
from .sections import SECTIONS, TRANSITION_PLAN_REQUIRED, TRANSITION_YEARS, Section

COMPLETED = "completed"
INCOMPLETE = "incomplete"
NOT_REQUIRED = "not_required"
NOT_STARTED = "not_started"  # an optional section with nothing in it yet


def year_group(pep: Pep) -> int:
    return year_group_on(pep.child.date_of_birth, pep.term.starts_on)


def transition_reason(pep: Pep) -> str:
    """'Year 6, moving to secondary school', or '' outside a transition year."""
    year = year_group(pep)
    if year in TRANSITION_YEARS:
        return f"{year_group_label(year)}, {TRANSITION_YEARS[year]}"
    return ""


def transition_required(pep: Pep) -> bool:
    return year_group(pep) in TRANSITION_PLAN_REQUIRED


def applies(section: Section, pep: Pep, *, school_move_planned: bool = False) -> bool:
    """Whether the section belongs in this PEP. The transition plan does in a
    transition year, when a change of school is planned, or once it has been written."""
    if section.kind != "transition":
        return True
    return bool(transition_reason(pep) or school_move_planned or pep.transition_plan)


def is_complete_target(target) -> bool:
    return all(
        [
            target.description.strip(),
            target.responsible.strip(),
            target.due_by,
            target.success_measure.strip(),
        ]
    )


def _carried(targets):
    return [t for t in targets if t.carried_from_id]


def _new(targets):
    return [t for t in targets if not t.carried_from_id]


def problems(section: Section, pep: Pep, *, targets, attendees) -> list[str]:
    """What is missing from a section that must be complete before submitting."""
    found = []
    if section.slug == "child-views" and not pep.child_views.strip():
        found.append("record the child's views")
    elif section.kind == "targets" and not any(is_complete_target(t) for t in _new(targets)):
        found.append(
            "add at least one target that says what will happen, who is responsible, "
            "by when and how success will be measured"
        )
    elif section.kind == "evaluation":
        waiting = [t for t in _carried(targets) if not t.evaluation]
        if waiting:
            found.append(
                f"evaluate the {len(waiting)} target{'s' if len(waiting) > 1 else ''} "
                "carried forward from the last PEP"
            )
    elif section.kind == "meeting":
        if not attendees:
            found.append("record who attended the PEP meeting")
        if not pep.meeting_held_on:
            found.append("enter the date of the PEP meeting")
        if not pep.next_review_on:
            found.append("enter the date of the next review")
    elif section.kind == "transition" and transition_required(pep) and not pep.transition_plan:
        found.append(f"write the transition plan ({transition_reason(pep)})")
    return found


def is_required(section: Section, pep: Pep) -> bool:
    if section.kind == "transition":
        return transition_required(pep)
    return section.required


def status(section: Section, pep: Pep, *, targets, attendees, pp_requests) -> str:
    if section.kind == "evaluation":
        carried = _carried(targets)
        if not carried:
            return NOT_REQUIRED
        return COMPLETED if all(t.evaluation for t in carried) else INCOMPLETE
    if section.kind == "targets":
        return COMPLETED if any(is_complete_target(t) for t in _new(targets)) else INCOMPLETE
    if section.kind == "pupil_premium":
        return COMPLETED if pp_requests else NOT_STARTED
    if section.kind == "meeting":
        done = attendees and pep.meeting_held_on and pep.next_review_on
        return COMPLETED if done else INCOMPLETE
    filled = [bool(str(getattr(pep, name) or "").strip()) for name in section.complete_when]
    if all(filled):
        return COMPLETED
    if any(filled):
        return INCOMPLETE
    if section.kind == "transition" and not transition_required(pep):
        return NOT_REQUIRED
    return INCOMPLETE if is_required(section, pep) else NOT_STARTED


def submission_problems(pep: Pep, *, targets, attendees) -> list[tuple[Section, str]]:
    """(section, what to do) for everything that stops the PEP being submitted."""
    found = []
    for section in SECTIONS:
        if not is_required(section, pep):
            continue
        for problem in problems(section, pep, targets=targets, attendees=attendees):
            found.append((section, problem))
    return found
