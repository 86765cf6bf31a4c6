"""Pupil Premium Plus across versions of a PEP: a request is decided once, stays with
the version that decided it, and is shown (read-only) and counted once in the
versions after it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from children.peps import services
from children.peps.models import Status
from children.peps.pdf import pep_context, render_pep_html
from interventions import selectors
from interventions import services as pupil_premium
from interventions.models import PupilPremiumRequest
from tests.peps.conftest import complete

pytestmark = pytest.mark.django_db

APPROVED = PupilPremiumRequest.Status.APPROVED
REQUESTED = PupilPremiumRequest.Status.REQUESTED


def _request(pep, by, amount="300", purpose="Maths tutor", target=None):
    return pupil_premium.add_request(
        pep=pep,
        data={
            "target": target or pep.targets.filter(carried_from__isnull=True).first(),
            "amount": Decimal(amount),
            "purpose": purpose,
        },
        by=by,
    )


def _approve(pep, people, green):
    services.submit_pep(pep=pep, by=people["dt"])
    return services.approve_pep(pep=pep, by=people["caseworker"], rating=green)


@pytest.fixture
def first(pep, people, green):
    """Version 1, approved with one request for £300."""
    complete(pep, people["dt"])
    _request(pep, people["dt"])
    return _approve(pep, people, green)


def test_a_new_version_does_not_ask_again_for_what_was_approved(first, people, green):
    approved = first.pp_requests.get()
    decided_at, decided_by = approved.decided_at, approved.decided_by

    second = services.start_new_version(pep=first, by=people["dt"])
    assert not second.pp_requests.exists()
    shown = selectors.for_pep(second)
    assert [(r.pk, r.status, r.decided_in_version) for r in shown] == [(approved.pk, APPROVED, 1)]
    assert selectors.total(shown) == Decimal("300")

    _approve(second, people, green)
    approved.refresh_from_db()
    # Approving version 2 decides nothing again.
    assert (approved.decided_at, approved.decided_by) == (decided_at, decided_by)
    child_requests = PupilPremiumRequest.objects.filter(child=first.child)
    assert child_requests.count() == 1
    assert child_requests.get().status == APPROVED
    assert selectors.total(selectors.for_pep(second)) == Decimal("300")


def test_a_decided_request_cannot_be_changed_or_removed_from_a_new_version(first, people):
    second = services.start_new_version(pep=first, by=people["dt"])
    (shown,) = selectors.for_pep(second)
    with pytest.raises(ValidationError):
        pupil_premium.update_request(
            request=shown, data={"amount": Decimal("900")}, by=people["dt"]
        )
    with pytest.raises(ValidationError):
        pupil_premium.remove_request(request=shown, by=people["caseworker"])
    shown.refresh_from_db()
    assert (shown.amount, shown.status, shown.pep) == (Decimal("300"), APPROVED, first)


def test_only_undecided_requests_are_copied_and_they_are_requested_again(pep, people, green):
    complete(pep, people["dt"])
    target = pep.targets.get()
    approved = _request(pep, people["dt"], "300", "Tutor")
    declined = _request(pep, people["dt"], "80", "Laptop")
    pep = _approve(pep, people, green)
    PupilPremiumRequest.objects.filter(pk=declined.pk).update(
        status=PupilPremiumRequest.Status.DECLINED
    )
    # A request left undecided in the approved version (entered by hand, say).
    waiting = PupilPremiumRequest.objects.create(
        child=pep.child, pep=pep, target=target, amount=Decimal("50"), purpose="Books"
    )

    second = services.start_new_version(pep=pep, by=people["dt"])
    copy = second.pp_requests.get()
    assert (copy.purpose, copy.amount, copy.status) == ("Books", Decimal("50"), REQUESTED)
    assert copy.target == second.targets.get() and copy.pk != waiting.pk
    shown = selectors.for_pep(second)
    assert [(r.purpose, r.decided_in_version) for r in shown] == [
        ("Tutor", 1),
        ("Laptop", 1),
        ("Books", None),
    ]
    assert selectors.total(shown) == Decimal("430")

    _approve(second, people, green)
    copy.refresh_from_db()
    approved.refresh_from_db()
    assert copy.status == APPROVED and copy.decided_by == people["caseworker"]
    assert PupilPremiumRequest.objects.get(pk=declined.pk).status == "declined"
    assert PupilPremiumRequest.objects.filter(child=pep.child, status=APPROVED).count() == 2


def test_each_request_shows_once_in_later_versions(first, people, green):
    second = services.start_new_version(pep=first, by=people["dt"])
    added = _request(second, people["dt"], "120", "Music lessons", target=second.targets.get())
    second = _approve(second, people, green)
    third = services.start_new_version(pep=second, by=people["caseworker"])

    shown = selectors.for_pep(third)
    assert [(r.purpose, r.decided_in_version) for r in shown] == [
        ("Maths tutor", 1),
        ("Music lessons", 2),
    ]
    assert selectors.total(shown) == Decimal("420")
    # Version 2, kept as it was, shows what it decided and what version 1 did.
    second.refresh_from_db()
    assert second.status == Status.SUPERSEDED
    assert [r.pk for r in selectors.for_pep(second)][-1] == added.pk
    assert selectors.total(selectors.for_pep(second)) == Decimal("420")
    # Version 1 shows only its own.
    assert selectors.total(selectors.for_pep(first)) == Decimal("300")


def _section_url(pep):
    return reverse(
        "peps:section_edit",
        kwargs={"child_pk": pep.child_id, "pk": pep.pk, "slug": "pupil-premium"},
    )


def test_the_new_versions_pages_show_the_decided_request_read_only(login, first, people):
    second = services.start_new_version(pep=first, by=people["dt"])
    target = second.targets.get()
    own = _request(second, people["dt"], "75", "Revision guides", target=target)
    decided = first.pp_requests.get()
    client = login(people["dt"])

    page = client.get(_section_url(second)).content.decode()
    assert "Maths tutor" in page and "Decided in version 1" in page
    assert "£375.00" in page
    edit = "peps:pp_request_edit"
    assert reverse(edit, args=[second.child_id, own.pk]) in page
    assert reverse(edit, args=[second.child_id, decided.pk]) not in page
    assert reverse("peps:pp_request_remove", args=[second.child_id, decided.pk]) not in page

    detail = reverse("peps:detail", kwargs={"child_pk": second.child_id, "pk": second.pk})
    page = client.get(detail).content.decode()
    assert "Maths tutor" in page and "Decided in version 1" in page and "£375.00" in page

    # Posting a change anyway is refused and changes nothing.
    client.post(
        reverse(edit, args=[second.child_id, decided.pk]),
        {"target": target.pk, "amount": "900", "purpose": "Maths tutor"},
    )
    decided.refresh_from_db()
    assert decided.amount == Decimal("300") and decided.pep == first


def test_the_new_versions_pdf_shows_the_decided_request(first, people):
    second = services.start_new_version(pep=first, by=people["dt"])
    context = pep_context(second)
    assert [r.purpose for r in context["pp_requests"]] == ["Maths tutor"]
    assert context["pp_total"] == Decimal("300")
    html = render_pep_html(second)
    assert "Maths tutor" in html and "in version 1" in html
