"""Lists, searches, dashboards and exports never show a child to someone outside
their reach. Every URL without an id is found by walking the URL conf, so a new
list or export is checked without anyone remembering to add it."""

import os
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from children.tracking.models import Alert
from tests.factories import DesignatedTeacherFactory, SchoolFactory, UserFactory
from tests.peps.report_helpers import looked_after, set_up_calendar
from vsh.accounts.roles import Role

pytestmark = pytest.mark.django_db

SURNAME = "Quillfeather"  # searched for: pages echo it back in the search box
FIRST_NAME = "Zephyrine"  # never typed, so only the child's record can show it
LOCAL_ID = "LEAKCHECK77"
# Pages that are not about children at all, or that only a POST does anything with.
SKIPPED = {"healthz", "account_email"}


def _plain_urls(resolver=None, prefix="", namespace=""):
    """(name, path) of every named URL that takes no id."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _plain_urls(entry, prefix + str(entry.pattern), entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            if re.search(r"<[^>]+>", route) or route.startswith("accounts/") or name in SKIPPED:
                continue
            yield name, reverse(name)


def _body(response) -> str:
    """The text a person would read: PDFs through pdftotext, since their text is
    compressed and a search of the bytes would find nothing."""
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if response.get("Content-Type", "").startswith("application/pdf"):
        return _pdf_text(content)
    return content.decode(errors="replace")


def _pdf_text(content: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is needed to read PDFs in CI")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(  # noqa: S603 - a fixed local tool reading stdin
        [tool, "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode(errors="replace")


@pytest.fixture
def world(db):
    """A looked-after child with a school, a caseworker, a social worker and an
    open alert; and people of every role who have nothing to do with them."""
    set_up_calendar()
    school = SchoolFactory()
    caseworker = UserFactory(role=Role.CASEWORKER)
    child = looked_after(
        first_name=FIRST_NAME,
        last_name=SURNAME,
        local_id=LOCAL_ID,
        school=school,
        caseworker=caseworker,
        year=6,
    )
    Alert.objects.create(
        child=child,
        kind=Alert.Kind.LOW_ATTENDANCE,
        key=f"low-attendance-{child.pk}",
        message=f"{FIRST_NAME}'s attendance is 81.0%",
        raised_on=timezone.localdate() - timedelta(days=1),
    )
    outsiders = {
        "other caseworker": UserFactory(role=Role.CASEWORKER),
        "other social worker": UserFactory(role=Role.SOCIAL_WORKER),
        "other designated teacher": DesignatedTeacherFactory(school=SchoolFactory()).user,
        "partner without a grant": UserFactory(role=Role.PARTNER),
    }
    return child, outsiders


def test_no_list_search_dashboard_or_export_shows_a_child_out_of_reach(login, world, head):
    child, outsiders = world
    urls = list(_plain_urls())
    assert {"children:list", "pep_reports:list_csv", "alerts:list", "home"} <= {
        name for name, _ in urls
    }

    # The check can fail: the head, who reaches every child, finds them in these.
    client = login(head)
    seen_by_head = set()
    for name, url in urls:
        response = client.get(url, {"q": SURNAME})
        if response.status_code == 200 and FIRST_NAME in _body(response):
            seen_by_head.add(name)
    assert {"children:list", "pep_reports:list", "pep_reports:list_csv", "alerts:list"} <= (
        seen_by_head
    )
    # PDFs are read as text, so a name in one would be found.
    assert "Termly report" in _body(client.get(reverse("termly_report")))

    leaks = []
    for role, user in outsiders.items():
        client = login(user)
        for name, url in urls:
            response = client.get(url, {"q": SURNAME})
            if response.status_code != 200:
                continue
            body = _body(response)
            if FIRST_NAME in body or LOCAL_ID in body:
                leaks.append(f"{name} ({url}) shows the child to the {role}")
    assert not leaks, "\n".join(leaks)
