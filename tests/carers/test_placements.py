"""Placements of children with carers: a move ends the current placement, no two
placements of a child overlap, and only those who keep social care records change
them, choosing from the carers they may see."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from carers import services
from carers.models import Placement
from carers.selectors import choosable_carers
from tests.factories import (
    AllocationFactory,
    CarerFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    PlacementFactory,
)
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PLACEMENT = "carers.Placement"


def today() -> date:
    return timezone.localdate()


def d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def writes():
    return AuditEvent.objects.filter(
        object_type=PLACEMENT,
        action__in=[AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE],
    )


def form_errors(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@pytest.fixture
def ahmeds():
    return CarerFactory(name="The Ahmeds")


@pytest.fixture
def current(child, ahmeds):
    return PlacementFactory(child=child, carer=ahmeds, started_on=today() - timedelta(days=300))


# start_placement ---------------------------------------------------------------------


def test_a_new_placement_ends_the_current_one_the_day_before(head, child, current):
    new_carer = CarerFactory(name="The Browns")
    start = today() - timedelta(days=10)

    placement = services.start_placement(
        user=head, child=child, carer=new_carer, started_on=start, change_reason="CARPL"
    )

    current.refresh_from_db()
    assert current.ended_on == start - timedelta(days=1)
    assert current.end_reason == "CARPL"
    assert placement.carer == new_carer
    assert placement.ended_on is None
    assert list(Placement.objects.current().filter(child=child)) == [placement]
    ended = writes().get(action=AuditEvent.Action.UPDATE)
    assert ended.object_id == str(current.pk)
    assert ended.child == child
    assert ended.actor == head
    assert ended.changes["ended_on"] == {"old": None, "new": (start - timedelta(1)).isoformat()}
    assert ended.changes["end_reason"] == {"old": "", "new": "CARPL"}
    created = writes().get(action=AuditEvent.Action.CREATE)
    assert created.object_id == str(placement.pk)
    assert created.changes["carer"]["new"] == "The Browns"


def test_a_move_earlier_than_planned_ends_the_current_placement_sooner(head, child, ahmeds):
    planned = PlacementFactory(
        child=child,
        carer=ahmeds,
        started_on=today() - timedelta(days=100),
        ended_on=today() + timedelta(days=30),
        end_reason="CARPL",
    )
    start = today()

    services.start_placement(user=head, child=child, carer=CarerFactory(), started_on=start)

    planned.refresh_from_db()
    assert planned.ended_on == start - timedelta(days=1)
    assert planned.end_reason == "CARPL"


def test_a_move_needs_the_reason_the_current_placement_ended(head, child, current):
    with pytest.raises(ValidationError) as refused:
        services.start_placement(
            user=head, child=child, carer=CarerFactory(), started_on=today() - timedelta(days=5)
        )

    assert refused.value.message_dict["change_reason"] == [
        "Choose the reason the placement with The Ahmeds ended."
    ]
    current.refresh_from_db()
    assert current.ended_on is None
    assert Placement.objects.count() == 1
    assert not writes().exists()


def test_a_placement_before_the_child_was_born_is_refused(head, child):
    born = child.date_of_birth

    with pytest.raises(ValidationError) as refused:
        services.start_placement(
            user=head,
            child=child,
            carer=CarerFactory(),
            started_on=born - timedelta(days=400),
            ended_on=born - timedelta(days=300),
        )

    assert refused.value.message_dict["started_on"] == [
        f"Enter a start date on or after {born.day} {born:%B %Y}, "
        f"when {child.display_name} was born."
    ]
    assert not Placement.objects.exists()


@pytest.mark.parametrize("days_after_current_start", [0, -20])
def test_a_placement_starting_on_or_before_the_current_one_is_refused(
    head, child, current, days_after_current_start
):
    start = current.started_on + timedelta(days=days_after_current_start)

    with pytest.raises(ValidationError) as refused:
        services.start_placement(
            user=head, child=child, carer=CarerFactory(), started_on=start, change_reason="CARPL"
        )

    assert refused.value.message_dict["started_on"] == [
        f"Enter a start date after {current.started_on.day} {current.started_on:%B %Y}, when "
        "the current placement with The Ahmeds started. For an earlier placement, enter the "
        "date it ended as well."
    ]
    current.refresh_from_db()
    assert current.ended_on is None
    assert Placement.objects.count() == 1
    assert not writes().exists()


def test_a_placement_overlapping_a_recorded_one_is_refused(head, child, ahmeds):
    earlier = PlacementFactory(
        child=child,
        carer=CarerFactory(name="The Clarks"),
        started_on=date(2022, 1, 10),
        ended_on=date(2022, 6, 30),
        end_reason="CARPL",
    )
    PlacementFactory(child=child, carer=ahmeds, started_on=date(2022, 9, 1))

    with pytest.raises(ValidationError) as refused:
        services.start_placement(
            user=head,
            child=child,
            carer=CarerFactory(),
            started_on=date(2022, 6, 1),
            ended_on=date(2022, 8, 1),
            end_reason="CARPL",
        )

    assert refused.value.message_dict["started_on"] == [
        "These dates overlap the placement with The Clarks from 10 January 2022 to "
        "30 June 2022. A child lives in one placement at a time: change the dates, or change "
        "that placement first."
    ]
    earlier.refresh_from_db()
    assert earlier.ended_on == date(2022, 6, 30)
    assert Placement.objects.count() == 2
    assert not writes().exists()


def test_a_past_placement_that_fits_between_others_is_added(head, child, ahmeds):
    before = PlacementFactory(
        child=child, carer=ahmeds, started_on=date(2022, 1, 1), ended_on=date(2022, 3, 31)
    )
    after = PlacementFactory(child=child, carer=ahmeds, started_on=date(2022, 6, 1))

    # Moves recorded on the day itself: one ends the day the next starts.
    between = services.start_placement(
        user=head,
        child=child,
        carer=CarerFactory(),
        started_on=date(2022, 3, 31),
        ended_on=date(2022, 6, 1),
        end_reason="CARPL",
    )

    assert between.pk
    before.refresh_from_db()
    after.refresh_from_db()
    assert before.ended_on == date(2022, 3, 31)
    assert after.ended_on is None
    assert writes().filter(action=AuditEvent.Action.UPDATE).count() == 0
    assert writes().get(action=AuditEvent.Action.CREATE).object_id == str(between.pk)


def test_a_past_placement_inside_the_current_one_is_refused_not_cut_short(head, child, current):
    with pytest.raises(ValidationError) as refused:
        services.start_placement(
            user=head,
            child=child,
            carer=CarerFactory(),
            started_on=today() - timedelta(days=100),
            ended_on=today() - timedelta(days=90),
            end_reason="CARPL",
            change_reason="CARPL",
        )

    assert "overlap the placement with The Ahmeds" in refused.value.message_dict["started_on"][0]
    current.refresh_from_db()
    assert current.ended_on is None
    assert not writes().exists()


def test_a_reason_for_ending_nothing_is_refused(head, child):
    with pytest.raises(ValidationError) as refused:
        services.start_placement(
            user=head, child=child, carer=CarerFactory(), started_on=today(), change_reason="CARPL"
        )

    assert "leave the reason blank" in refused.value.message_dict["change_reason"][0]
    assert not Placement.objects.exists()


def test_the_service_refuses_a_carer_the_user_may_not_see(social_worker, child):
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    stranger = CarerFactory()  # only placed with a child outside the social worker's reach
    PlacementFactory(carer=stranger)

    with pytest.raises(ValidationError) as refused:
        services.start_placement(
            user=social_worker, child=child, carer=stranger, started_on=today()
        )

    assert refused.value.message_dict["carer"] == ["Choose a carer from the list."]
    assert not Placement.objects.filter(child=child).exists()


# update_placement and end_placement -----------------------------------------------------


def test_update_refuses_dates_that_overlap_another_placement(head, child, ahmeds):
    earlier = PlacementFactory(
        child=child, carer=ahmeds, started_on=date(2022, 1, 1), ended_on=date(2022, 3, 31)
    )
    later = PlacementFactory(child=child, carer=CarerFactory(), started_on=date(2022, 6, 1))

    with pytest.raises(ValidationError) as refused:
        services.update_placement(
            user=head, placement=earlier, data={"ended_on": date(2022, 7, 1), "end_reason": ""}
        )

    assert "overlap the placement with" in refused.value.message_dict["ended_on"][0]
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert earlier.ended_on == date(2022, 3, 31)
    assert later.ended_on is None
    assert not writes().exists()


def test_end_placement_records_the_date_and_reason(head, child, current):
    ended_on = today() - timedelta(days=1)

    services.end_placement(user=head, placement=current, ended_on=ended_on, end_reason="CHILD")

    current.refresh_from_db()
    assert (current.ended_on, current.end_reason) == (ended_on, "CHILD")
    event = writes().get()
    assert event.action == AuditEvent.Action.UPDATE
    assert set(event.changes) == {"ended_on", "end_reason"}


def test_end_placement_refuses_an_end_before_the_start(head, child, current):
    with pytest.raises(ValidationError) as refused:
        services.end_placement(
            user=head,
            placement=current,
            ended_on=current.started_on - timedelta(days=1),
            end_reason="CHILD",
        )

    assert "on or after" in refused.value.message_dict["ended_on"][0]
    current.refresh_from_db()
    assert current.ended_on is None


# The pages ---------------------------------------------------------------------------


def test_adding_a_placement_ends_the_current_one(login, head, child, current):
    browns = CarerFactory(name="The Browns")
    start = today() - timedelta(days=7)

    response = login(head).post(
        reverse("children:placement_create", args=[child.pk]),
        {"carer": browns.pk, "started_on": d(start), "change_reason": "CREQO"},
    )

    assert response.status_code == 302
    current.refresh_from_db()
    assert (current.ended_on, current.end_reason) == (start - timedelta(days=1), "CREQO")
    assert Placement.objects.get(child=child, ended_on__isnull=True).carer == browns


def test_an_overlap_shows_on_the_form_and_nothing_is_saved(login, head, child, current):
    response = login(head).post(
        reverse("children:placement_create", args=[child.pk]),
        {"carer": CarerFactory().pk, "started_on": d(current.started_on), "change_reason": ""},
    )

    assert response.status_code == 200
    assert "when the current placement with The Ahmeds started" in form_errors(response)
    assert Placement.objects.count() == 1
    current.refresh_from_db()
    assert current.ended_on is None


def test_edit_a_placement(login, head, child, current):
    browns = CarerFactory(name="The Browns")
    url = reverse("children:placement_edit", args=[child.pk, current.pk])
    client = login(head)
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "carer": browns.pk,
            "started_on": d(current.started_on + timedelta(days=2)),
            "ended_on": "",
            "end_reason": "",
        },
    )

    assert response.status_code == 302
    current.refresh_from_db()
    assert current.carer == browns
    event = writes().get()
    assert event.changes["carer"] == {"old": "The Ahmeds", "new": "The Browns"}
    assert "started_on" in event.changes


def test_an_edit_that_overlaps_is_refused_on_the_form(login, head, child, current):
    earlier = PlacementFactory(
        child=child,
        carer=CarerFactory(name="The Clarks"),
        started_on=current.started_on - timedelta(days=100),
        ended_on=current.started_on,
        end_reason="CARPL",
    )

    response = login(head).post(
        reverse("children:placement_edit", args=[child.pk, earlier.pk]),
        {
            "carer": earlier.carer.pk,
            "started_on": d(earlier.started_on),
            "ended_on": d(current.started_on + timedelta(days=5)),
            "end_reason": "CARPL",
        },
    )

    assert response.status_code == 200
    assert "overlap the placement with The Ahmeds" in form_errors(response)
    earlier.refresh_from_db()
    assert earlier.ended_on == current.started_on
    assert not writes().exists()


def test_end_a_placement(login, head, child, current):
    url = reverse("children:placement_end", args=[child.pk, current.pk])
    client = login(head)
    assert client.get(url).status_code == 200

    missing = client.post(url, {"ended_on": d(today())})
    assert "Choose the reason the placement ended" in form_errors(missing)

    response = client.post(url, {"ended_on": d(today()), "end_reason": "STAND"})

    assert response.status_code == 302
    current.refresh_from_db()
    assert (current.ended_on, current.end_reason) == (today(), "STAND")


def test_the_care_page_links_to_edit_and_end_for_those_who_may(login, head, child, current):
    page = login(head).get(reverse("children:care", args=[child.pk])).content.decode()

    assert reverse("children:placement_edit", args=[child.pk, current.pk]) in page
    assert reverse("children:placement_end", args=[child.pk, current.pk]) in page


def test_a_designated_teacher_reads_placements_but_cannot_change_them(login, child, current):
    designation = DesignatedTeacherFactory()
    EnrolmentFactory(child=child, school=designation.school)
    client = login(designation.user)

    page = client.get(reverse("children:care", args=[child.pk])).content.decode()
    assert "The Ahmeds" in page
    assert reverse("children:placement_edit", args=[child.pk, current.pk]) not in page
    edit = reverse("children:placement_edit", args=[child.pk, current.pk])
    end = reverse("children:placement_end", args=[child.pk, current.pk])
    assert client.get(edit).status_code == 403
    assert client.get(end).status_code == 403
    assert client.post(end, {"ended_on": d(today()), "end_reason": "STAND"}).status_code == 403
    current.refresh_from_db()
    assert current.ended_on is None


def test_a_designated_teacher_of_another_school_gets_404(login, child, current):
    client = login(DesignatedTeacherFactory().user)

    for name in ("placement_edit", "placement_end"):
        url = reverse(f"children:{name}", args=[child.pk, current.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404


def test_another_childs_placement_in_the_url_is_404(login, head, child, current):
    elsewhere = PlacementFactory(child=ChildFactory())
    client = login(head)

    for name in ("placement_edit", "placement_end"):
        url = reverse(f"children:{name}", args=[child.pk, elsewhere.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"ended_on": d(today()), "end_reason": "STAND"}).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.ended_on is None


# Which carers can be chosen -----------------------------------------------------------


def test_choosable_carers_follow_who_may_see_carers(head, social_worker, child):
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    theirs = CarerFactory(name="Carer of the allocated child")
    PlacementFactory(child=child, carer=theirs)
    stranger = CarerFactory(name="Carer of another child")
    PlacementFactory(carer=stranger)
    designation = DesignatedTeacherFactory()
    EnrolmentFactory(child=child, school=designation.school)

    assert set(choosable_carers(head)) == {theirs, stranger}
    assert list(choosable_carers(social_worker)) == [theirs]
    assert not choosable_carers(designation.user).exists()


def test_a_tampered_carer_id_is_refused(login, social_worker, child):
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    theirs = CarerFactory(name="The Ahmeds")
    PlacementFactory(
        child=child,
        carer=theirs,
        started_on=today() - timedelta(days=200),
        ended_on=today() - timedelta(days=100),
        end_reason="CARPL",
    )
    stranger = CarerFactory(name="Hidden household")
    PlacementFactory(carer=stranger)
    url = reverse("children:placement_create", args=[child.pk])
    client = login(social_worker)

    page = client.get(url).content.decode()
    assert "The Ahmeds" in page
    assert "Hidden household" not in page

    response = client.post(url, {"carer": stranger.pk, "started_on": d(today())})

    assert response.status_code == 200
    assert "Choose a carer from the list" in form_errors(response)
    assert not Placement.objects.filter(child=child, carer=stranger).exists()
    assert not writes().exists()

    allowed = client.post(url, {"carer": theirs.pk, "started_on": d(today())})
    assert allowed.status_code == 302


def test_the_form_alone_refuses_a_carer_the_user_may_not_see(social_worker, child):
    from children.forms import PlacementForm

    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    stranger = CarerFactory()
    PlacementFactory(carer=stranger)

    form = PlacementForm({"carer": stranger.pk, "started_on": d(today())}, user=social_worker)

    assert not form.is_valid()
    assert form.errors["carer"] == ["Choose a carer from the list"]
