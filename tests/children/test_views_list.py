from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from children import codes
from children.school_years import date_of_birth_range_for_year
from tests.factories import (
    AllocationFactory,
    CareEpisodeFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    SchoolFactory,
)
from vsh.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LIST = reverse("children:list")


def born_in_year(year: int, days_in: int = 10):
    earliest, _ = date_of_birth_range_for_year(year, timezone.localdate())
    return earliest + timedelta(days=days_in)


def names(response) -> list[str]:
    return [child.first_name for child in response.context["rows"]]


@pytest.fixture
def head_client(login, head):
    return login(head)


def test_head_sees_every_child_with_a_count(head_client):
    ChildFactory(first_name="Amara")
    ChildFactory(first_name="Bo")
    response = head_client.get(LIST)
    assert response.status_code == 200
    assert sorted(names(response)) == ["Amara", "Bo"]
    assert "2 children" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("amara", ["Amara"]),
        ("OKAFOR", ["Amara"]),
        ("Mara", ["Amara"]),  # part of a name
        ("Ami", ["Amara"]),  # preferred name
        ("amara okafor", ["Amara"]),  # every word must match
        ("W318200012345", ["Amara"]),
        ("LC-77", ["Bo"]),
        ("nobody", []),
    ],
)
def test_search_by_name_upn_or_local_id(head_client, query, expected):
    ChildFactory(first_name="Amara", last_name="Okafor", preferred_name="Ami", upn="W318200012345")
    ChildFactory(first_name="Bo", last_name="Smith", local_id="LC-77")
    assert names(head_client.get(LIST, {"q": query})) == expected


def test_search_is_audited_but_plain_list_loads_are_not(head_client, head):
    ChildFactory()
    head_client.get(LIST)
    head_client.get(LIST, {"cohort": codes.Cohort.LOOKED_AFTER})
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH).exists()
    head_client.get(LIST, {"q": "okafor"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEARCH)
    assert event.actor == head
    assert "okafor" in event.detail


def test_filter_by_current_school(head_client):
    school, other = SchoolFactory(), SchoolFactory()
    at_school = ChildFactory(first_name="Here")
    EnrolmentFactory(child=at_school, school=school)
    left = ChildFactory(first_name="Left")
    EnrolmentFactory(
        child=left,
        school=school,
        started_on=timezone.localdate() - timedelta(days=400),
        ended_on=timezone.localdate() - timedelta(days=30),
    )
    EnrolmentFactory(child=ChildFactory(first_name="Elsewhere"), school=other)
    assert names(head_client.get(LIST, {"school": school.pk})) == ["Here"]


def test_filter_by_year_group_and_key_stage(head_client):
    ChildFactory(first_name="Reception", date_of_birth=born_in_year(0))
    ChildFactory(first_name="Year4", date_of_birth=born_in_year(4))
    ChildFactory(first_name="Year7", date_of_birth=born_in_year(7, days_in=360))
    assert names(head_client.get(LIST, {"year_group": 4})) == ["Year4"]
    assert names(head_client.get(LIST, {"year_group": 0})) == ["Reception"]
    assert names(head_client.get(LIST, {"year_group": 7})) == ["Year7"]
    assert names(head_client.get(LIST, {"key_stage": "KS2"})) == ["Year4"]
    assert names(head_client.get(LIST, {"key_stage": "EYFS"})) == ["Reception"]


def test_filter_by_legal_status_of_the_open_episode(head_client):
    interim = ChildFactory(first_name="Interim")
    CareEpisodeFactory(child=interim, legal_status=codes.LegalStatus.C1)
    was_interim = ChildFactory(first_name="WasInterim")
    CareEpisodeFactory(
        child=was_interim,
        legal_status=codes.LegalStatus.C1,
        ended_on=timezone.localdate() - timedelta(days=60),
        reason_ceased=codes.ReasonEpisodeCeased.X1,
    )
    CareEpisodeFactory(
        child=was_interim,
        legal_status=codes.LegalStatus.C2,
        started_on=timezone.localdate() - timedelta(days=60),
    )
    response = head_client.get(LIST, {"legal_status": "C1"})
    assert names(response) == ["Interim"]
    assert names(head_client.get(LIST, {"legal_status": "C2"})) == ["WasInterim"]


def test_filter_by_cohort_and_sen(head_client):
    ChildFactory(first_name="Plac", cohort=codes.Cohort.PREVIOUSLY_LOOKED_AFTER)
    ChildFactory(
        first_name="Ehcp",
        sen_provision=codes.SenProvision.EHC_PLAN,
        sen_primary_need=codes.SenNeed.ASD,
    )
    assert names(head_client.get(LIST, {"cohort": "previously_looked_after"})) == ["Plac"]
    assert names(head_client.get(LIST, {"sen_provision": "E"})) == ["Ehcp"]


def test_filter_out_of_authority_by_placement_or_school(head_client, settings):
    placed_away = ChildFactory(first_name="PlacedAway")
    CareEpisodeFactory(child=placed_away, out_of_authority=True)
    schooled_away = ChildFactory(first_name="SchooledAway")
    EnrolmentFactory(child=schooled_away, school=SchoolFactory(la_code="919"))
    at_home = ChildFactory(first_name="AtHome")
    EnrolmentFactory(child=at_home, school=SchoolFactory(la_code=settings.AUTHORITY_LA_CODE))
    CareEpisodeFactory(child=at_home)
    response = head_client.get(LIST, {"out_of_authority": "on"})
    assert sorted(names(response)) == ["PlacedAway", "SchooledAway"]


def test_selected_filters_can_be_removed_one_by_one(head_client):
    ChildFactory()
    response = head_client.get(LIST, {"cohort": "kinship", "sen_provision": "K"})
    page = response.content.decode()
    assert "Selected filters" in page
    assert 'href="?sen_provision=K"' in page  # removing the cohort keeps the SEN filter


def test_a_nonsense_filter_value_is_ignored(head_client):
    ChildFactory()
    response = head_client.get(LIST, {"year_group": "banana", "sort": "evil"})
    assert response.status_code == 200
    assert len(names(response)) == 1


def test_sorting(head_client):
    ChildFactory(first_name="A", last_name="Young", date_of_birth=born_in_year(1))
    ChildFactory(first_name="B", last_name="Old", date_of_birth=born_in_year(9))
    c = ChildFactory(first_name="C", last_name="Middle", date_of_birth=born_in_year(5))
    EnrolmentFactory(child=c, school=SchoolFactory(name="Aardvark Primary"))
    assert names(head_client.get(LIST)) == ["C", "B", "A"]
    assert names(head_client.get(LIST, {"sort": "-name"})) == ["A", "B", "C"]
    assert names(head_client.get(LIST, {"sort": "year"})) == ["A", "C", "B"]
    assert names(head_client.get(LIST, {"sort": "-year"})) == ["B", "C", "A"]
    assert names(head_client.get(LIST, {"sort": "school"}))[0] == "C"


def test_pagination_keeps_the_filters(head_client):
    for n in range(30):
        ChildFactory(first_name=f"Kin{n:02}", cohort=codes.Cohort.KINSHIP)
    ChildFactory(first_name="Other")
    first = head_client.get(LIST, {"cohort": "kinship"})
    assert len(names(first)) == 25
    assert "cohort=kinship&amp;page=2" in first.content.decode()
    second = head_client.get(LIST, {"cohort": "kinship", "page": 2})
    assert len(names(second)) == 5
    assert "Other" not in names(second)


def test_caseworker_sees_only_their_allocated_children(login, caseworker):
    mine = ChildFactory(first_name="Mine")
    AllocationFactory(child=mine, worker=caseworker)
    ChildFactory(first_name="NotMine")
    assert names(login(caseworker).get(LIST)) == ["Mine"]
    assert names(login(caseworker).get(LIST, {"q": "NotMine"})) == []


def test_designated_teacher_sees_pupils_of_their_school_only(login):
    designation = DesignatedTeacherFactory()
    EnrolmentFactory(child=ChildFactory(first_name="Pupil"), school=designation.school)
    EnrolmentFactory(child=ChildFactory(first_name="Elsewhere"))
    response = login(designation.user).get(LIST)
    assert names(response) == ["Pupil"]
    # The school filter offers only schools with children the teacher can see.
    assert list(response.context["filter_form"].fields["school"].queryset) == [designation.school]


def test_only_the_virtual_school_is_offered_adding_a_child(login, head, designated_teacher):
    assert "Add a child" in login(head).get(LIST).content.decode()
    assert "Add a child" not in login(designated_teacher).get(LIST).content.decode()


def _caseload(size: int):
    school = SchoolFactory()
    for n in range(size):
        child = ChildFactory(first_name=f"Child{n}")
        EnrolmentFactory(child=child, school=school)
        CareEpisodeFactory(child=child)
        AllocationFactory(child=child)
        AllocationFactory(child=child, kind="social_worker", worker__role="social_worker")


@pytest.mark.parametrize("size", [5, 40])
def test_list_costs_the_same_number_of_queries_whatever_the_caseload(
    head_client, django_assert_max_num_queries, size
):
    _caseload(size)
    with django_assert_max_num_queries(12):
        response = head_client.get(LIST, {"sort": "school"})
    assert len(response.context["rows"]) == min(size, 25)


@pytest.mark.parametrize("size", [5, 40])
def test_caseworker_list_and_search_cost_a_fixed_number_of_queries(
    login, caseworker, django_assert_max_num_queries, size
):
    _caseload(size)
    from children.models import Child

    for child in Child.objects.all():
        AllocationFactory(child=child, worker=caseworker)
    client = login(caseworker)
    with django_assert_max_num_queries(13):
        response = client.get(LIST, {"q": "child", "out_of_authority": "on", "year_group": 5})
    assert response.status_code == 200
