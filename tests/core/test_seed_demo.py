"""The demo authority: every role can sign in and finds something to work with, the
data is the same for the same seed, and the records obey the rules real data must."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from stdnum.gb import upn as stdnum_upn

from children import codes
from children.models import CareEpisode, Child
from children.validators import validate_upn
from schools.models import DesignatedTeacher
from tests.factories import ChildFactory
from tests.totp import current_code
from vsh.accounts.models import User
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent
from vsh.core.demo import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET

pytestmark = pytest.mark.django_db

CHILDREN = 30
TEMPORARY = {"T0", "T1", "T2", "T3", "T4"}


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", children=CHILDREN, stdout=out, **options)
    return out.getvalue()


def login(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@{DEMO_DOMAIN}")


def snapshot() -> list[tuple]:
    return list(
        Child.objects.order_by("local_id").values_list(
            "local_id", "first_name", "last_name", "date_of_birth", "upn", "cohort"
        )
    )


def test_seeding_makes_every_role_and_prints_one_login_each():
    output = seed()

    assert Child.objects.count() == CHILDREN
    for role in Role:
        assert User.objects.filter(role=role, email__endswith=DEMO_DOMAIN).exists(), role
    assert DEMO_PASSWORD in output
    assert DEMO_TOTP_SECRET in output
    for local_part in ("head", "manager", "caseworker", "dt.riverside", "socialworker", "partner"):
        assert f"{local_part}@{DEMO_DOMAIN}" in output


def test_demo_designated_teacher_sees_at_least_five_looked_after_pupils():
    seed()
    pupils = Child.objects.visible_to(login("dt.riverside"))
    assert pupils.filter(cohort=codes.Cohort.LOOKED_AFTER).count() >= 5


def test_every_designated_teacher_with_a_current_designation_sees_pupils():
    seed()
    teachers = User.objects.filter(designations__in=DesignatedTeacher.objects.current()).distinct()
    assert teachers.count() >= 5
    for teacher in teachers:
        assert Child.objects.visible_to(teacher).exists(), teacher.email
    # One teacher moved school at the end of last term.
    assert DesignatedTeacher.objects.filter(ended_on__isnull=False).count() == 1


def test_demo_caseworker_and_social_worker_have_caseloads_and_partners_see_some():
    seed()
    assert Child.objects.visible_to(login("caseworker")).count() >= 10
    assert Child.objects.visible_to(login("socialworker")).count() >= 10
    for partner in User.objects.filter(role=Role.PARTNER):
        assert Child.objects.visible_to(partner).exists(), partner.email


def test_same_seed_gives_the_same_children_and_flush_seeds_again():
    seed(seed=11)
    first = snapshot()
    events = AuditEvent.objects.count()

    output = seed(seed=11, flush=True)

    assert "Removed 30 children" in output
    assert snapshot() == first
    assert Child.objects.count() == CHILDREN
    assert AuditEvent.objects.count() > events  # the trail is kept, and the reseed noted

    seed(seed=12, flush=True)
    assert [row[1:3] for row in snapshot()] != [row[1:3] for row in first]


def test_upns_are_valid_and_mostly_issued_in_the_authority():
    seed()
    upns = list(Child.objects.values_list("upn", flat=True))
    issued = [u for u in upns if not u.startswith("UN")]
    for upn in upns:
        validate_upn(upn)
    for upn in issued:
        assert stdnum_upn.is_valid(upn), upn
    assert len(issued) > CHILDREN * 0.7
    assert sum(u[1:4] == "318" for u in issued) > len(issued) / 2


def test_care_episodes_follow_the_ssda903_rules():
    seed(seed=5)
    episodes = list(CareEpisode.objects.order_by("child_id", "started_on"))
    assert episodes
    by_child: dict[int, list[CareEpisode]] = {}
    for episode in episodes:
        episode.full_clean()
        by_child.setdefault(episode.child_id, []).append(episode)
        assert (episode.ended_on is None) == (episode.reason_ceased == "")
        if episode.placement_provider == "PR0":
            assert episode.placement_type == "P1"
        if episode.placement_type in TEMPORARY:
            assert episode.placement_provider == "" and episode.placement_urn == ""
        elif episode.placement_type != "P1":
            assert episode.placement_provider and episode.placement_urn
    for child_episodes in by_child.values():
        assert child_episodes[0].reason_new_episode == "S"
        assert all(e.ended_on is not None for e in child_episodes[:-1])
        for before, after in zip(child_episodes, child_episodes[1:], strict=False):
            if before.reason_ceased == "X1":
                # The same period of care: one day ends it and starts the next.
                assert after.started_on == before.ended_on
                assert after.reason_new_episode in "LPTBU"
                assert after.category_of_need == before.category_of_need
                moved = after.reason_new_episode in "PTBU"
                temporary = {before.placement_type, after.placement_type} & TEMPORARY
                assert bool(before.reason_placement_change) == (moved and not temporary)
            else:
                assert after.started_on > before.ended_on
                assert after.reason_new_episode == "S"
                assert before.reason_placement_change == ""


def test_refuses_to_seed_over_existing_children_unless_told():
    ChildFactory()
    with pytest.raises(CommandError, match="--flush"):
        seed()
    output = seed(if_empty=True)
    assert "nothing seeded" in output
    assert Child.objects.count() == 1


def test_a_demo_login_signs_in_with_the_password_and_the_demo_code(client):
    seed()
    out = StringIO()
    call_command("demo_totp", f"dt.riverside@{DEMO_DOMAIN}", stdout=out, stderr=StringIO())
    assert out.getvalue().strip() in {current_code(DEMO_TOTP_SECRET, offset) for offset in (-1, 0)}

    response = client.post(
        reverse("account_login"),
        {"login": f"dt.riverside@{DEMO_DOMAIN}", "password": DEMO_PASSWORD},
    )
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(DEMO_TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
