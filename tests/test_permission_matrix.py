"""Every role against every URL that shows or changes a child's records.

The URLs are found by walking the URL conf, so a new view cannot escape: a URL
that takes a child's id (`child_pk`, or `pk` in the children namespace) is checked
here, and any other URL with an id must be declared as not being a child record.
"""

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    CarerFactory,
    CaseNoteFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    PlacementFactory,
    SchoolFactory,
    UserFactory,
)
from tests.tracking.factories import AssessmentFactory, AttendanceRecordFactory, SuspensionFactory
from vsh.accounts.roles import Role

# URLs with an id that is not a child's (schools, carers, users, invitations).
NOT_CHILD_RECORDS = {
    "schools:detail",
    "schools:edit",
    "schools:inspection_add",
    "schools:designated_teachers",
    "carers:detail",
    "carers:edit",
    "revoke_invitation",
    "accept_invitation",
    "audit:user_activity",
    "set_user_active",
    "alerts:acknowledge_update",
    "calendar:year_edit",
    "calendar:non_working_day_remove",
    "settings:rating_edit",
}
# Child pages for the head and managers only: others who reach the child get 403.
MANAGER_ONLY = {"access:child", "access:revoke", "child_audit:child_history"}
# Social care records: schools and partners read them but do not change them.
SOCIAL_CARE_CHANGES = {
    "children:episode_create",
    "children:episode_edit",
    "children:placement_create",
    "children:placement_edit",
    "children:placement_end",
    "children:allocation_create",
    "children:allocation_end",
}
SOCIAL_CARE_EDITORS = {"head", "manager", "caseworker", "social_worker"}
# School records (attendance, attainment, suspensions): social workers read them.
SCHOOL_RECORD_CHANGES = {
    "tracking:attendance_add",
    "tracking:attendance_edit",
    "tracking:assessment_add",
    "tracking:assessment_edit",
    "tracking:suspension_add",
    "tracking:suspension_edit",
}
SCHOOL_RECORD_EDITORS = {"head", "manager", "caseworker", "designated_teacher"}
# Records only their author (or a manager) may change; the matrix's are a manager's.
AUTHOR_ONLY = {"children:note_edit"}
# Pages that change a record; everything else about a child is a reading page.
CHANGE_VERBS = re.compile(r"(^|_)(create|new|add|edit|end|delete|update|remove|revoke)($|_)")

# How to make the record a nested URL's `pk` refers to, keyed by URL name.
NESTED_RECORDS = {
    # An earlier enrolment at the school the designated teacher serves: a designated
    # teacher edits enrolments at their own schools only.
    "children:enrolment_edit": lambda child, users: EnrolmentFactory(
        child=child,
        school=child.enrolments.first().school,
        started_on=timezone.localdate() - timedelta(days=900),
        ended_on=timezone.localdate() - timedelta(days=500),
    ),
    "children:episode_edit": lambda child, users: CareEpisodeFactory(child=child),
    "children:allocation_end": lambda child, users: AllocationFactory(child=child),
    "children:note_edit": lambda child, users: CaseNoteFactory(
        child=child, author=users["manager"]
    ),
    "children:placement_edit": lambda child, users: PlacementFactory(child=child),
    "children:placement_end": lambda child, users: PlacementFactory(child=child),
    "access:revoke": lambda child, users: _grant(child, users),
    "tracking:attendance_edit": lambda child, users: AttendanceRecordFactory(
        child=child, school=users["designated_teacher"].designations.get().school
    ),
    "tracking:assessment_edit": lambda child, users: AssessmentFactory(child=child),
    "tracking:suspension_edit": lambda child, users: SuspensionFactory(
        child=child, school=users["designated_teacher"].designations.get().school
    ),
    "pep_reports:pdf": lambda child, users: _pep(child, users),
    **{
        f"peps:{name}": lambda child, users: _pep(child, users)
        for name in (
            "detail",
            "section_edit",
            "snapshot_update",
            "target_add",
            "attendee_add",
            "pp_request_add",
            "submit_update",
            "return_update",
            "approve_update",
            "signoff_update",
            "version_create",
        )
    },
    "peps:target_edit": lambda child, users: _pep_target(child, users),
    "peps:target_remove": lambda child, users: _pep_target(child, users),
    "peps:attendee_remove": lambda child, users: _pep(child, users).attendees.create(
        name="Dee Teacher", role="Designated teacher"
    ),
    "peps:pp_request_edit": lambda child, users: _pp_request(child, users),
    "peps:pp_request_remove": lambda child, users: _pp_request(child, users),
}


def _grant(child, users):
    from vsh.access.services import grant_access

    return grant_access(
        by=users["manager"],
        child=child,
        user=users["partner_with_grant"],
        level="view",
        reason="Assessment",
        expires_on=timezone.localdate() + timedelta(days=10),
    )


def _pep(child, users):
    from children.peps.models import Pep
    from children.school_years import academic_year_start
    from vsh.terms.dates import term_on
    from vsh.terms.services import ensure_academic_year

    today = timezone.localdate()
    ensure_academic_year(academic_year_start(today))
    ensure_academic_year(academic_year_start(today) + 1)
    term = term_on(today)
    live = Pep.objects.filter(child=child, term=term).exclude(status="superseded").first()
    return live or Pep.objects.create(
        child=child, term=term, due_on=term.ends_on, created_by=users["manager"]
    )


def _pep_target(child, users):
    return _pep(child, users).targets.create(
        area="attainment",
        description="Read for 20 minutes a day",
        responsible="Carer",
        due_by=timezone.localdate() + timedelta(days=60),
        success_measure="Reading log",
    )


def _pp_request(child, users):
    from interventions.models import PupilPremiumRequest

    target = _pep_target(child, users)
    return PupilPremiumRequest.objects.create(
        child=child, pep=target.pep, target=target, amount=300, purpose="Tuition"
    )


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


def child_record_urls():
    found = []
    for name, route in _walk(get_resolver()):
        if route.startswith("accounts/"):
            continue  # sign-in and security pages about the user themselves
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if "child_pk" in params or (name.startswith("children:") and "pk" in params):
            found.append((name, params))
        elif params and name not in NOT_CHILD_RECORDS:
            raise AssertionError(
                f"{name} ({route}) takes an id but is neither a child record URL nor "
                "listed in NOT_CHILD_RECORDS: decide which it is."
            )
    return sorted(found)


def test_the_matrix_found_the_child_record_pages():
    names = {name for name, _ in child_record_urls()}
    assert {"children:overview", "children:chronology"} <= names


@pytest.fixture
def world(db):
    """One child with a full set of relationships, and outsiders of every role."""
    today = timezone.localdate()
    school, other_school = SchoolFactory(), SchoolFactory()
    child = ChildFactory()
    EnrolmentFactory(child=child, school=school, started_on=today - timedelta(days=100))
    users = {
        "head": UserFactory(role=Role.HEAD),
        "manager": UserFactory(role=Role.MANAGER),
        "caseworker": UserFactory(role=Role.CASEWORKER),
        "social_worker": UserFactory(role=Role.SOCIAL_WORKER),
        "designated_teacher": DesignatedTeacherFactory(school=school).user,
        "other_caseworker": UserFactory(role=Role.CASEWORKER),
        "other_social_worker": UserFactory(role=Role.SOCIAL_WORKER),
        "other_designated_teacher": DesignatedTeacherFactory(school=other_school).user,
        "partner": UserFactory(role=Role.PARTNER),
        "former_social_worker": UserFactory(role=Role.SOCIAL_WORKER),
        "partner_with_grant": UserFactory(role=Role.PARTNER),
    }
    AllocationFactory(child=child, kind="caseworker", worker=users["caseworker"])
    AllocationFactory(child=child, kind="social_worker", worker=users["social_worker"])
    AllocationFactory(
        child=child,
        kind="social_worker",
        worker=users["former_social_worker"],
        started_on=today - timedelta(days=400),
        ended_on=today - timedelta(days=101),
    )
    CarerFactory()
    _grant(child, users)
    return child, users


MANAGERS = {"head", "manager"}
ALLOWED = MANAGERS | {"caseworker", "social_worker", "designated_teacher"}
READ_ONLY = {"partner_with_grant"}
OUTSIDERS = {
    "other_caseworker",
    "other_social_worker",
    "other_designated_teacher",
    "partner",
    "former_social_worker",
}


def _url_for(name, params, child, users):
    kwargs = {}
    if "child_pk" in params:
        kwargs["child_pk"] = child.pk
        if "pk" in params:
            if name not in NESTED_RECORDS:
                raise AssertionError(f"Add a record maker for {name} to NESTED_RECORDS")
            kwargs["pk"] = NESTED_RECORDS[name](child, users).pk
    else:
        kwargs["pk"] = child.pk
    return reverse(name, kwargs=kwargs)


def _request(client, name, url):
    short = name.split(":")[-1]
    if CHANGE_VERBS.search(short):
        # Change pages: GET shows the form (or 405 if POST-only); POST with no data
        # must not get past the access check for someone outside reach.
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {})
        return response
    return client.get(url)


def _expected(role, name):
    """The status codes a role may get from a child page: access, read-only or 404."""
    if role in OUTSIDERS:
        return {404}
    if name in (MANAGER_ONLY | AUTHOR_ONLY) and role not in MANAGERS:
        return {403}
    if name in SOCIAL_CARE_CHANGES and role not in SOCIAL_CARE_EDITORS:
        return {403}
    if name in SCHOOL_RECORD_CHANGES and role not in SCHOOL_RECORD_EDITORS:
        return {403}
    is_change = bool(CHANGE_VERBS.search(name.split(":")[-1]))
    if role in READ_ONLY and is_change:
        return {403}
    return {200, 302}


@pytest.mark.parametrize("role", sorted(ALLOWED | OUTSIDERS | READ_ONLY))
def test_every_child_record_url_for_every_role(client, world, role):
    child, users = world
    client.force_login(users[role])
    failures = []
    for name, params in child_record_urls():
        url = _url_for(name, params, child, users)
        status = _request(client, name, url).status_code
        if status not in _expected(role, name):
            failures.append(f"{name} gave {status} to {role}, expected {_expected(role, name)}")
    assert not failures, "\n".join(failures)


def test_view_only_reach_reads_but_cannot_change(client, world, settings):
    """With the authority's setting on, caseworkers read every child but change
    only their own."""
    settings.CASEWORKERS_READ_WHOLE_AUTHORITY = True
    child, users = world
    client.force_login(users["other_caseworker"])
    failures = []
    for name, params in child_record_urls():
        url = _url_for(name, params, child, users)
        status = _request(client, name, url).status_code
        is_change = bool(CHANGE_VERBS.search(name.split(":")[-1]))
        expected = {403} if is_change or name in MANAGER_ONLY else {200}
        if status not in expected:
            failures.append(f"{name} gave {status}, expected {expected}")
    assert not failures, "\n".join(failures)
