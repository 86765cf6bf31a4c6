from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from children import selectors
from children.models import RegistrationType
from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    CarerFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    PlacementFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def teacher_of(child):
    designation = DesignatedTeacherFactory()
    EnrolmentFactory(child=child, school=designation.school)
    return designation.user


def enrolment(started_on, registration=RegistrationType.SINGLE):
    return SimpleNamespace(started_on=started_on, registration=registration)


def test_school_moves_exclude_the_first_school_and_subsidiary_registrations():
    today = date(2025, 6, 1)
    moves = selectors.school_moves(
        [
            enrolment(date(2019, 9, 1)),  # first school: not a move
            enrolment(date(2023, 1, 9)),
            enrolment(date(2024, 9, 2)),
            enrolment(date(2025, 1, 6), RegistrationType.DUAL_SUBSIDIARY),
            enrolment(date(2025, 4, 22)),
        ],
        today,
    )
    assert (moves.total, moves.last_12_months) == (3, 2)


def test_a_single_school_is_no_move():
    moves = selectors.school_moves([enrolment(date(2024, 1, 1))], date(2024, 6, 1))
    assert (moves.total, moves.last_12_months) == (0, 0)


def test_list_rows_show_the_main_school_not_alternative_provision(head):
    child = ChildFactory()
    main = SchoolFactory(name="Main School")
    EnrolmentFactory(
        child=child,
        school=main,
        registration=RegistrationType.DUAL_MAIN,
        started_on=timezone.localdate() - timedelta(days=300),
    )
    EnrolmentFactory(
        child=child,
        school=SchoolFactory(name="Pupil Referral Unit"),
        registration=RegistrationType.DUAL_SUBSIDIARY,
    )
    AllocationFactory(child=child, worker=UserFactory(full_name="Cass"))
    [row] = selectors.decorate_rows(selectors.caseload(head))
    assert row.current_school == main
    assert row.caseworker.full_name == "Cass"
    assert row.social_worker is None


def test_caseload_starts_from_the_access_policy(social_worker):
    mine = ChildFactory()
    AllocationFactory(child=mine, kind="social_worker", worker=social_worker)
    ChildFactory()
    assert list(selectors.caseload(social_worker)) == [mine]


def test_episode_rows_withhold_addresses_only_from_those_who_may_not_see_them(head):
    child = ChildFactory()
    CareEpisodeFactory(
        child=child,
        placement_postcode="TW1 3AB",
        placement_urn="SC123456",
        home_postcode="TW9 2AA",
        placement_address_confidential=True,
    )
    teacher = teacher_of(child)
    [hidden] = selectors.care(teacher, child)["episodes"]
    assert (hidden.placement_postcode, hidden.placement_urn, hidden.home_postcode) == ("", "", "")
    assert hidden.address_withheld
    [shown] = selectors.care(head, child)["episodes"]
    assert (shown.placement_postcode, shown.placement_urn) == ("TW1 3AB", "SC123456")
    assert not shown.address_withheld
    assert str(shown.legal_status) == "C2: Full care order"


def test_a_confidential_carer_withholds_the_postcode_of_overlapping_episodes_only():
    child = ChildFactory()
    CareEpisodeFactory(
        child=child,
        started_on=date(2020, 1, 1),
        ended_on=date(2021, 1, 1),
        reason_ceased="X1",
        placement_postcode="OLD 1AA",
    )
    CareEpisodeFactory(child=child, started_on=date(2021, 1, 1), placement_postcode="NEW 1AA")
    PlacementFactory(
        child=child,
        started_on=date(2021, 2, 1),
        carer=CarerFactory(address_confidential=True, postcode="NEW 1AA"),
    )
    teacher = teacher_of(child)
    care = selectors.care(teacher, child)
    assert [e.placement_postcode for e in care["episodes"]] == ["", "OLD 1AA"]
    [placement] = care["placements"]
    assert placement.address_withheld and placement.postcode == ""


def test_overview_picks_current_records(head):
    child = ChildFactory()
    today = timezone.localdate()
    EnrolmentFactory(
        child=child, started_on=today - timedelta(days=900), ended_on=today - timedelta(days=400)
    )
    now = EnrolmentFactory(child=child, started_on=today - timedelta(days=399))
    PlacementFactory(
        child=child, started_on=today - timedelta(days=800), ended_on=today - timedelta(days=100)
    )
    current_placement = PlacementFactory(child=child, started_on=today - timedelta(days=99))
    data = selectors.overview(head, child)
    assert data["current_enrolments"] == [now]
    assert [p.pk for p in data["current_placements"]] == [current_placement.pk]
    assert data["open_episode"] is None
    assert (data["moves"].total, data["moves"].last_12_months) == (1, 0)
