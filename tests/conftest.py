import pytest

from tests.factories import (
    ChildFactory,
    DesignatedTeacherFactory,
    UserFactory,
)
from vsh.accounts.roles import Role


@pytest.fixture(autouse=True)
def _reference_rows(request):
    """Rows that data migrations add (the default QA ratings) are emptied by the flush
    after each transactional test, such as the browser tests: put them back."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_db:
        marker = request.node.get_closest_marker("django_db")
        transactional = (marker and marker.kwargs.get("transaction")) or {
            "transactional_db",
            "live_server",
        } & set(request.fixturenames)
        request.getfixturevalue("transactional_db" if transactional else "db")
        from children.peps.ratings import ensure_default_ratings

        ensure_default_ratings()
    yield


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit and used-TOTP counters live in the cache; keep tests independent.
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def head(db):
    return UserFactory(role=Role.HEAD, full_name="Hana Head")


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER, full_name="Mo Manager")


@pytest.fixture
def caseworker(db):
    return UserFactory(role=Role.CASEWORKER, full_name="Cass Caseworker")


@pytest.fixture
def social_worker(db):
    return UserFactory(role=Role.SOCIAL_WORKER, full_name="Sam Social")


@pytest.fixture
def partner(db):
    return UserFactory(role=Role.PARTNER, full_name="Pat Partner")


@pytest.fixture
def designated_teacher(db):
    return DesignatedTeacherFactory().user


@pytest.fixture
def child(db):
    return ChildFactory()


@pytest.fixture
def login(client):
    """Sign a user in as if they had passed password and TOTP."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
