"""A PEP as a PDF: what it shows, what it never shows, and who can download it."""

import os
import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from carers.models import Carer
from children.peps.pdf import pep_context, render_pep_pdf
from interventions.models import PupilPremiumRequest
from tests.factories import (
    AllocationFactory,
    DesignatedTeacherFactory,
    PlacementFactory,
    SchoolFactory,
    UserFactory,
)
from vsh.accounts.roles import Role
from vsh.audit.models import AuditEvent
from vsh.core.pdf import _fetcher

from .report_helpers import add_target, looked_after, make_pep, set_up_calendar

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext reads it (poppler-utils)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is needed to check PDFs in CI")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "pep.pdf"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [tool, "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(result.stdout.split())


@pytest.fixture
def setting(db):
    term, before = set_up_calendar()
    school = SchoolFactory(name="Riverside Primary")
    dt = DesignatedTeacherFactory(school=school, user__full_name="Dee Teacher").user
    caseworker = UserFactory(role=Role.CASEWORKER, full_name="Cass Caseworker")
    social_worker = UserFactory(role=Role.SOCIAL_WORKER, full_name="Sam Social")
    child = looked_after(
        school=school,
        caseworker=caseworker,
        first_name="Amara",
        last_name="Okafor",
        preferred_name="Mara",
        upn="A123456789012",
        local_id="LC-1001",
    )
    AllocationFactory(child=child, kind="social_worker", worker=social_worker)
    return {
        "term": term,
        "before": before,
        "school": school,
        "dt": dt,
        "caseworker": caseworker,
        "social_worker": social_worker,
        "child": child,
    }


@pytest.fixture
def full_pep(setting):
    """An approved PEP with targets, previous targets evaluated, PP+ and attendees."""
    child, term = setting["child"], setting["term"]
    last = make_pep(child, setting["before"], status="approved")
    old = add_target(last, "Learn the six times table")
    pep = make_pep(
        child,
        term,
        status="approved",
        rating="green",
        school=setting["school"],
        by=setting["dt"],
        child_views="I want to be a vet when I grow up.",
        carer_views="Mara reads with us every night.",
        attendance_snapshot={
            "taken_on": timezone.localdate().isoformat(),
            "periods": [
                {
                    "label": "This academic year (2026/27)",
                    "from": term.starts_on.isoformat(),
                    "to": timezone.localdate().isoformat(),
                    "possible": 100,
                    "attended": 93,
                    "rate": "93.0",
                    "authorised": 5,
                    "unauthorised": 2,
                    "persistent_absence": False,
                    "severe_absence": False,
                }
            ],
        },
        attainment_snapshot=[
            {
                "subject": "Reading",
                "measure": "Teacher assessment against age-related expectations",
                "term": str(term),
                "actual": "towards",
                "predicted": "expected",
                "target": "expected",
                "on_track": False,
            }
        ],
    )
    pep.approved_by = setting["caseworker"]
    pep.social_worker_signed_off_by = setting["social_worker"]
    pep.social_worker_signed_off_at = timezone.now()
    pep.save()
    targets = [
        add_target(pep, "Read for twenty minutes every evening", responsible="Carer"),
        add_target(pep, "Join the lunchtime science club", area="wellbeing"),
        add_target(pep, "Attend every day this term", area="attendance"),
    ]
    add_target(
        pep,
        old.description,
        carried_from=old,
        evaluation="achieved",
        evaluation_notes="Knows them all by heart now",
    )
    PupilPremiumRequest.objects.create(
        child=child, pep=pep, target=targets[0], amount=Decimal("450"), purpose="Reading tutor"
    )
    pep.attendees.create(name="Chris Carer", role="Foster carer")
    return pep


def test_the_pdf_shows_the_child_the_plan_and_every_target(full_pep, setting, tmp_path):
    content = render_pep_pdf(full_pep)
    assert content.startswith(b"%PDF")
    text = pdf_text(content, tmp_path)
    assert "Amara Okafor" in text and "Mara" in text
    assert "A123456789012" in text and "LC-1001" in text
    assert "Riverside Primary" in text
    assert str(setting["term"]) in text
    assert "I want to be a vet when I grow up." in text
    for target in full_pep.targets.all():
        assert target.description in text
    assert "Knows them all by heart now" in text  # the previous target's evaluation
    assert "Reading tutor" in text and "£450.00" in text
    assert "Chris Carer" in text
    assert "93.0%" in text
    # Signed off: names, dates and the rating.
    assert "Dee Teacher" in text and "Cass Caseworker" in text and "Sam Social" in text
    assert "Green: good" in text
    assert "OFFICIAL – SENSITIVE" in text
    assert "Page 1 of" in text


def test_confidential_placement_details_never_appear(full_pep, setting, tmp_path):
    carer = Carer.objects.create(
        name="The Hidden Household",
        carer_type="in_house_foster",
        address="1 Secret Lane, Hideaway",
        postcode="ZZ9 9ZZ",
        address_confidential=True,
    )
    PlacementFactory(child=setting["child"], carer=carer)
    episode = setting["child"].episodes.get()
    episode.placement_postcode = "ZZ9 9ZZ"
    episode.placement_address_confidential = True
    episode.save()
    text = pdf_text(render_pep_pdf(full_pep), tmp_path)
    assert "Secret Lane" not in text
    assert "ZZ9 9ZZ" not in text
    assert "Hidden Household" not in text


def test_an_unsigned_draft_says_so_and_leaves_lines_to_sign(setting, tmp_path):
    pep = make_pep(setting["child"], setting["term"], child_views="Maths is fun")
    text = pdf_text(render_pep_pdf(pep), tmp_path)
    assert "Not yet approved" in text
    assert "Quality assured and approved by" in text
    assert "No targets have been set yet" in text
    context = pep_context(pep)
    assert [s.name for s in context["signatures"]] == ["", "", ""]


def test_figures_come_from_records_when_the_pep_holds_none(setting, tmp_path):
    from children.tracking.models import Assessment, AttendanceRecord

    term = setting["term"]
    AttendanceRecord.objects.create(
        child=setting["child"],
        school=setting["school"],
        period_start=term.starts_on,
        period_end=term.starts_on + timedelta(days=4),
        possible_sessions=10,
        present=8,
        authorised_absence=2,
    )
    Assessment.objects.create(
        child=setting["child"], term=term, subject="maths", measure="termly_ta", actual="expected"
    )
    pep = make_pep(setting["child"], term)
    context = pep_context(pep)
    assert context["attendance"]["source"] == "records"
    assert context["attendance"]["headline"]["rate"] == 80.0
    assert context["attainment"][0]["subject"] == "Mathematics"
    assert context["attainment_charts"]  # teacher assessment drawn as steps
    text = pdf_text(render_pep_pdf(pep), tmp_path)
    assert "80.0%" in text and "Mathematics" in text


def test_nothing_is_fetched_over_the_network():
    fetcher = _fetcher()
    for url in ("http://example.org/x.png", "https://example.org/a.css", "ftp://x/y"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")


# Downloading ----------------------------------------------------------------------


def url_for(pep):
    return reverse("pep_reports:pdf", kwargs={"child_pk": pep.child_id, "pk": pep.pk})


@pytest.mark.parametrize("who", ["dt", "caseworker", "social_worker"])
def test_people_working_with_the_child_download_it(login, full_pep, setting, who):
    response = login(setting[who]).get(url_for(full_pep))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "pep-lc-1001-" in disposition and disposition.endswith('.pdf"')
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]


def test_the_download_is_audited(login, full_pep, setting):
    login(setting["dt"]).get(url_for(full_pep))
    event = AuditEvent.objects.get(action=AuditEvent.Action.DOWNLOAD)
    assert event.actor == setting["dt"]
    assert event.child == setting["child"]
    assert event.object_id == str(full_pep.pk)


def test_outsiders_get_404(login, full_pep, setting):
    outsiders = [
        UserFactory(role=Role.CASEWORKER),
        UserFactory(role=Role.SOCIAL_WORKER),
        UserFactory(role=Role.PARTNER),
        DesignatedTeacherFactory().user,
    ]
    for user in outsiders:
        assert login(user).get(url_for(full_pep)).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).exists()


def test_the_pep_must_belong_to_the_child_in_the_address(login, full_pep, setting, head):
    other = looked_after()
    url = reverse("pep_reports:pdf", kwargs={"child_pk": other.pk, "pk": full_pep.pk})
    assert login(head).get(url).status_code == 404


# Drafts and replaced versions -------------------------------------------------------


def pdf_pages(content: bytes, tmp_path) -> list[str]:
    """The text of each page (pdftotext ends each page with a form feed)."""
    pdf_text(content, tmp_path)  # skips, or fails in CI, without poppler-utils
    result = subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [shutil.which("pdftotext"), "-layout", str(tmp_path / "pep.pdf"), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    pages = [" ".join(page.split()) for page in result.stdout.split("\f")]
    return [page for page in pages if page]


LONG = "\n\n".join(["Mara is settled and works hard in every lesson. " * 12] * 6)


def test_every_page_of_a_draft_says_it_is_not_approved(setting, tmp_path):
    pep = make_pep(setting["child"], setting["term"], child_views=LONG, current_provision=LONG)
    pages = pdf_pages(render_pep_pdf(pep), tmp_path)
    assert len(pages) >= 3
    for page in pages:
        assert "Draft – not approved" in page
    assert "Not yet approved" in pages[0]


def test_an_approved_pep_carries_no_draft_mark(full_pep, setting, tmp_path):
    text = pdf_text(render_pep_pdf(full_pep), tmp_path)
    assert "Draft – not approved" not in text and "Not yet approved" not in text
    assert "Replaced by" not in text


def test_a_replaced_version_says_which_version_replaced_it(setting, tmp_path):
    old = make_pep(
        setting["child"],
        setting["term"],
        status="superseded",
        child_views=LONG,
        current_provision=LONG,
    )
    make_pep(setting["child"], setting["term"], version=2, previous_version=old)
    context = pep_context(old)
    assert context["is_draft"] is False
    assert context["replaced_by"].version == 2
    pages = pdf_pages(render_pep_pdf(old), tmp_path)
    assert len(pages) >= 3
    assert "Replaced by version 2." in pages[0]
    for page in pages:
        assert "Replaced by version 2" in page
        assert "Not yet approved" not in page and "Draft – not approved" not in page
    # Approved, and signed for, as it was.
    assert "Green: good" in " ".join(pages)


@pytest.mark.parametrize("absent, persistent", [(30, False), (31, True)])
def test_persistent_absence_from_records_is_exact_at_ten_percent(setting, absent, persistent):
    """30 of 301 sessions is 9.97%: shown as 10.0%, but not persistent absence."""
    from children.tracking.codes import absence_flag
    from children.tracking.models import AttendanceRecord

    term = setting["term"]
    AttendanceRecord.objects.create(
        child=setting["child"],
        school=setting["school"],
        period_start=term.starts_on,
        period_end=term.starts_on + timedelta(days=4),
        possible_sessions=301,
        present=301 - absent,
        authorised_absence=absent,
    )
    context = pep_context(make_pep(setting["child"], term))
    headline = context["attendance"]["headline"]
    assert headline["persistent"] is persistent
    assert (absence_flag(absent, 301) == "persistent") is persistent
