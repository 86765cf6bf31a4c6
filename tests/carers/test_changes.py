"""Adding and changing carers: the virtual school only, validated and audited."""

import pytest
from django.urls import reverse

from carers.models import Carer, CarerType
from tests.factories import AllocationFactory, CarerFactory, PlacementFactory
from vsh.audit.models import AuditEvent

CREATE = reverse("carers:create")


def _data(**overrides):
    data = {
        "name": "Jo and Sam Patel",
        "carer_type": CarerType.IN_HOUSE_FOSTER,
        "agency": "",
        "address": "4 Oak Road\nTwickenham",
        "postcode": "tw1 4ab",
        "la_name": "",
        "phone": "",
        "email": "",
        "ofsted_urn": "",
        "approved_on": "",
        "training_notes": "Attachment-aware training, 2024",
    }
    return {**data, **overrides}


def _errors(response, field):
    return response.context["form"].errors.get(field, [])


@pytest.mark.parametrize("role", ["head", "manager", "caseworker"])
def test_virtual_school_staff_add_a_carer(request, login, role):
    user = request.getfixturevalue(role)

    response = login(user).post(CREATE, _data(address_confidential="on"))

    carer = Carer.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("carers:detail", args=[carer.pk])
    assert carer.postcode == "TW1 4AB"
    assert carer.address_confidential
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_type="carers.Carer")
    assert event.actor == user


@pytest.mark.parametrize("role", ["social_worker", "designated_teacher", "partner"])
def test_others_cannot_add_a_carer(request, login, role):
    client = login(request.getfixturevalue(role))

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _data()).status_code == 403
    assert not Carer.objects.exists()


def test_caseworker_changes_a_carer_and_the_change_is_audited(login, caseworker, db):
    carer = CarerFactory(name="Patel household")

    response = login(caseworker).post(
        reverse("carers:edit", args=[carer.pk]), _data(name="Patel family")
    )

    assert response.status_code == 302
    carer.refresh_from_db()
    assert carer.name == "Patel family"
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="carers.Carer")
    assert event.changes["name"] == {"old": "Patel household", "new": "Patel family"}


def test_social_worker_reads_but_cannot_change_their_childs_carer(login, social_worker, db):
    placement = PlacementFactory()
    AllocationFactory(child=placement.child, kind="social_worker", worker=social_worker)
    elsewhere = CarerFactory()
    client = login(social_worker)

    assert client.get(reverse("carers:edit", args=[placement.carer.pk])).status_code == 403
    assert client.get(reverse("carers:edit", args=[elsewhere.pk])).status_code == 404


@pytest.mark.parametrize("role", ["designated_teacher", "partner"])
def test_school_staff_and_partners_get_404_on_the_edit_page(request, db, login, role):
    carer = CarerFactory()

    assert (
        login(request.getfixturevalue(role))
        .get(reverse("carers:edit", args=[carer.pk]))
        .status_code
        == 404
    )


def test_name_and_type_are_required(login, head):
    response = login(head).post(CREATE, _data(name="", carer_type=""))

    assert _errors(response, "name") == ["Enter the carers' names or the name of the home."]
    assert _errors(response, "carer_type") == ["Select the type of carer."]


def test_an_agency_foster_carer_needs_the_agency(login, head):
    response = login(head).post(CREATE, _data(carer_type=CarerType.AGENCY_FOSTER))

    assert _errors(response, "agency") == ["Enter the independent fostering agency."]


def test_an_out_of_authority_carer_needs_the_area(login, head):
    response = login(head).post(CREATE, _data(out_of_authority="on"))

    assert _errors(response, "la_name") == ["Enter the local authority area the carer lives in."]


@pytest.mark.parametrize(
    "urn, ok",
    [
        ("SC123456", True),
        ("sc123456", True),
        ("123456", True),
        ("SC12", False),
        ("ABC123456", False),
    ],
)
def test_ofsted_urn_format(login, head, urn, ok):
    response = login(head).post(CREATE, _data(carer_type=CarerType.CHILDRENS_HOME, ofsted_urn=urn))

    if ok:
        assert response.status_code == 302
        assert Carer.objects.get().ofsted_urn == urn.upper()
    else:
        assert _errors(response, "ofsted_urn")
