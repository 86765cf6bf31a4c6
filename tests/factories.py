"""Factories for the records tests need. Deterministic defaults; override freely."""

from datetime import date, timedelta

import factory
from allauth.mfa.models import Authenticator
from django.utils import timezone

from carers.models import Carer, CarerType, Placement
from children import codes
from children.models import Allocation, CareEpisode, CaseNote, Child, Enrolment
from schools.models import DesignatedTeacher, School
from vsh.accounts.models import Team, User
from vsh.accounts.roles import Role

TEST_PASSWORD = "correct-horse-battery-staple"
# A fixed base32 secret so tests can compute valid TOTP codes.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Children in Care Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    role = Role.CASEWORKER
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    # Most tests are about what a fully set-up account sees, so accounts get TOTP
    # unless a test passes mfa=False.
    @factory.post_generation
    def mfa(obj, create, extracted, **kwargs):
        obj.save()
        if create and (extracted if extracted is not None else True):
            enable_totp(obj)


def enable_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TEST_TOTP_SECRET)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: f"{100000 + n}")
    name = factory.Sequence(lambda n: f"Test School {n}")
    la_code = "318"
    la_name = "Richmond upon Thames"
    establishment_number = factory.Sequence(lambda n: f"{2000 + n}")
    establishment_type = "Community school"
    phase = "Primary"
    postcode = "TW1 1AA"


class DesignatedTeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DesignatedTeacher

    user = factory.SubFactory(UserFactory, role=Role.DESIGNATED_TEACHER)
    school = factory.SubFactory(SchoolFactory)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    local_id = factory.Sequence(lambda n: f"{500000 + n}")
    first_name = factory.Sequence(lambda n: f"Child{n}")
    last_name = "Example"
    date_of_birth = date(2014, 5, 17)
    sex = codes.Sex.FEMALE
    ethnicity = codes.Ethnicity.WBRI
    upn = ""


class CareEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareEpisode

    child = factory.SubFactory(ChildFactory)
    started_on = date(2023, 9, 1)
    reason_new_episode = codes.ReasonNewEpisode.S
    legal_status = codes.LegalStatus.C2
    category_of_need = codes.CategoryOfNeed.N1
    placement_type = codes.PlacementType.U4
    placement_provider = codes.PlacementProvider.PR1
    home_postcode = "TW9 2AA"
    placement_postcode = "TW1 3AB"


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    child = factory.SubFactory(ChildFactory)
    school = factory.SubFactory(SchoolFactory)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=200))


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory(ChildFactory)
    kind = Allocation.Kind.CASEWORKER
    worker = factory.SubFactory(UserFactory, role=Role.CASEWORKER)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=100))


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    child = factory.SubFactory(ChildFactory)
    summary = "Spoke to the designated teacher"
    author = factory.SubFactory(UserFactory)


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    name = factory.Sequence(lambda n: f"Carer household {n}")
    carer_type = CarerType.IN_HOUSE_FOSTER
    postcode = "TW1 2AB"


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    child = factory.SubFactory(ChildFactory)
    carer = factory.SubFactory(CarerFactory)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=300))
