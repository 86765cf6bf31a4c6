"""Carer pages: who reaches which carer, what the record shows, and its cost."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from carers.models import CarerType
from carers.selectors import shows_address
from children.codes import ReasonPlacementChange
from tests.factories import (
    AllocationFactory,
    CarerFactory,
    ChildFactory,
    PlacementFactory,
    UserFactory,
)
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent

LIST = reverse("carers:list")


def detail(carer):
    return reverse("carers:detail", args=[carer.pk])


def _names(response):
    return [carer.name for carer in response.context["page"]]


@pytest.fixture
def world(db, social_worker):
    """Two households: the Browns look after the social worker's child now and the
    Greens used to; the Whites look after someone else's child."""
    today = timezone.localdate()
    child = ChildFactory(first_name="Mia", last_name="Example")
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    browns = CarerFactory(
        name="Brown household",
        address="2 Elm Road\nTwickenham",
        postcode="TW2 5AA",
        address_confidential=True,
    )
    greens = CarerFactory(name="Green household", carer_type=CarerType.KINSHIP)
    whites = CarerFactory(name="White household", out_of_authority=True, la_name="Surrey")
    PlacementFactory(
        child=child,
        carer=greens,
        started_on=today - timedelta(days=400),
        ended_on=today - timedelta(days=100),
        end_reason=ReasonPlacementChange.CARPL,
    )
    PlacementFactory(child=child, carer=browns, started_on=today - timedelta(days=99))
    PlacementFactory(carer=whites, child=ChildFactory(first_name="Other"))
    return {"child": child, "browns": browns, "greens": greens, "whites": whites}


# The list ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["head", "manager", "caseworker"])
def test_virtual_school_staff_see_every_carer(request, login, world, role):
    response = login(request.getfixturevalue(role)).get(LIST)

    assert response.status_code == 200
    assert _names(response) == ["Brown household", "Green household", "White household"]
    assert "Add a carer" in response.content.decode()


def test_social_worker_sees_carers_of_their_children_now_and_before(login, social_worker, world):
    response = login(social_worker).get(LIST)

    assert response.status_code == 200
    assert _names(response) == ["Brown household", "Green household"]
    assert "Add a carer" not in response.content.decode()


@pytest.mark.parametrize("role", ["designated_teacher", "partner"])
def test_designated_teachers_and_partners_get_403_on_the_list(request, login, world, role):
    assert login(request.getfixturevalue(role)).get(LIST).status_code == 403


def test_children_counts_only_include_children_the_user_can_see(login, head, caseworker, world):
    PlacementFactory(carer=world["browns"])  # a second child, not the caseworker's
    AllocationFactory(child=world["child"], worker=caseworker)

    for_head = {c.name: c.children_now for c in login(head).get(LIST).context["page"]}
    for_caseworker = {c.name: c.children_now for c in login(caseworker).get(LIST).context["page"]}

    assert for_head == {"Brown household": 2, "Green household": 0, "White household": 1}
    assert for_caseworker == {"Brown household": 1, "Green household": 0, "White household": 0}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "green"}, ["Green household"]),
        ({"q": "surrey"}, ["White household"]),
        ({"carer_type": CarerType.KINSHIP}, ["Green household"]),
        ({"out_of_authority": "yes"}, ["White household"]),
        ({"out_of_authority": "no"}, ["Brown household", "Green household"]),
        ({"carer_type": "nonsense"}, ["Brown household", "Green household", "White household"]),
    ],
)
def test_filters(login, head, world, query, expected):
    assert _names(login(head).get(LIST, query)) == expected


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_costs_the_same_for_3_or_30_carers(
    login, head, social_worker, size, django_assert_max_num_queries
):
    for carer in CarerFactory.create_batch(size):
        child = PlacementFactory(carer=carer).child
        AllocationFactory(child=child, kind="social_worker", worker=social_worker)
        PlacementFactory(carer=carer)

    for user, expected in [(head, 2), (social_worker, 1)]:
        client = login(user)
        with django_assert_max_num_queries(10):
            response = client.get(LIST)
        assert len(response.context["page"]) == size
        assert {c.children_now for c in response.context["page"]} == {expected}


# The record -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["head", "manager", "caseworker"])
def test_virtual_school_staff_open_any_carer(request, login, world, role):
    response = login(request.getfixturevalue(role)).get(detail(world["whites"]))

    assert response.status_code == 200
    assert "Surrey" in response.content.decode()


def test_social_worker_opens_carers_of_their_children_only(login, social_worker, world):
    client = login(social_worker)

    assert client.get(detail(world["browns"])).status_code == 200
    assert client.get(detail(world["greens"])).status_code == 200
    assert client.get(detail(world["whites"])).status_code == 404


def test_a_former_social_worker_loses_the_carers(login, world):
    today = timezone.localdate()
    former = UserFactory(role=Role.SOCIAL_WORKER)
    AllocationFactory(
        child=world["child"],
        kind="social_worker",
        worker=former,
        started_on=today - timedelta(days=500),
        ended_on=today - timedelta(days=200),
    )

    assert login(former).get(detail(world["browns"])).status_code == 404
    assert _names(login(former).get(LIST)) == []


@pytest.mark.parametrize("role", ["designated_teacher", "partner"])
def test_designated_teachers_and_partners_get_404_on_carer_records(request, login, world, role):
    # Even the teacher of the child's own school has no business with the carer.
    assert login(request.getfixturevalue(role)).get(detail(world["browns"])).status_code == 404


def test_the_record_shows_children_placed_now_and_before(login, head, world):
    response = login(head).get(detail(world["greens"]))

    record = response.context["record"]
    assert record.placed_now == []
    assert [p.child for p in record.placed_before] == [world["child"]]
    html = response.content.decode()
    assert "Mia Example" in html
    assert ReasonPlacementChange.CARPL.label in html


def test_the_record_lists_only_children_the_user_can_see(login, social_worker, world):
    PlacementFactory(carer=world["browns"], child=ChildFactory(first_name="Hidden"))

    response = login(social_worker).get(detail(world["browns"]))

    assert [p.child for p in response.context["record"].placed_now] == [world["child"]]
    assert "Hidden" not in response.content.decode()


@pytest.mark.parametrize("role", ["caseworker", "social_worker"])
def test_a_confidential_address_is_shown_to_those_who_may_see_it(request, login, world, role):
    user = request.getfixturevalue(role)
    if role == "caseworker":
        AllocationFactory(child=world["child"], worker=user)

    html = login(user).get(detail(world["browns"])).content.decode()

    assert "2 Elm Road" in html
    assert "TW2 5AA" in html
    assert "Confidential" in html


def test_a_confidential_address_is_hidden_from_school_staff_and_partners(
    world, designated_teacher, partner
):
    # They never reach a carer record, and the field rule holds even if they did.
    assert not shows_address(designated_teacher, world["browns"])
    assert not shows_address(partner, world["browns"])
    assert shows_address(partner, world["greens"])


def test_a_confidential_address_is_hidden_when_the_policy_says_so(login, head, world, monkeypatch):
    monkeypatch.setattr("vsh.access.policy.sees_confidential_placement", lambda user: False)

    html = login(head).get(detail(world["browns"])).content.decode()

    assert "2 Elm Road" not in html
    assert "TW2 5AA" not in html
    assert "Confidential: not shown to you" in html


def test_opening_a_carer_is_audited_without_a_child(login, social_worker, world):
    login(social_worker).get(detail(world["browns"]))

    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert event.actor == social_worker
    assert event.object_type == "carers.Carer"
    assert event.object_id == str(world["browns"].pk)
    assert event.child_id is None


def test_a_refused_carer_is_not_audited(login, partner, world):
    login(partner).get(detail(world["browns"]))

    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


@pytest.mark.parametrize("size", [3, 30])
def test_the_record_costs_the_same_for_3_or_30_children(
    login, head, size, django_assert_max_num_queries
):
    carer = CarerFactory()
    PlacementFactory.create_batch(size, carer=carer)
    PlacementFactory.create_batch(
        size, carer=carer, started_on=date(2020, 1, 1), ended_on=date(2021, 1, 1)
    )
    client = login(head)

    with django_assert_max_num_queries(10):
        response = client.get(detail(carer))

    assert len(response.context["record"].placed_now) == size
    assert len(response.context["record"].placed_before) == size
