"""The shared front end: layout, strict CSP, GOV.UK form markup, error summaries,
allauth pages and the role home pages."""

import re
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import (
    TEST_PASSWORD,
    AllocationFactory,
    ChildFactory,
    DesignatedTeacherFactory,
    EnrolmentFactory,
    UserFactory,
)
from tests.totp import current_code
from vsh.accounts.models import Invitation
from vsh.accounts.roles import Role

pytestmark = pytest.mark.django_db

APP_CSS = Path(settings.BASE_DIR) / "static" / "dist" / "app.css"

# Scripts with no src that the browser would run (JSON data blocks are not run).
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.IGNORECASE
)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def sign_in(client, email):
    client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": current_code()})


def assert_csp_safe(html: str):
    """Nothing a strict Content Security Policy (script-src/style-src 'self') blocks."""
    assert not INLINE_SCRIPT.findall(html), INLINE_SCRIPT.findall(html)
    assert not STYLE_ATTRIBUTE.search(html)
    assert not STYLE_ELEMENT.search(html)
    assert not INLINE_HANDLER.search(html)


# The layout ---------------------------------------------------------------------


def test_sign_in_page_shows_the_authority_and_service(client, settings):
    settings.AUTHORITY_NAME = "Testshire County Council"
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Testshire County Council" in html
    assert "<title>Sign in – Virtual School Hub</title>" in html
    assert 'id="main-content"' in html
    assert 'href="#main-content"' in html  # skip link
    assert "Forgotten your password?" in html
    assert reverse("account_signup") not in html  # accounts are by invitation


def test_no_gov_uk_branding_or_font(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "GDS Transport" not in html
    assert "govuk-header__logotype" not in html
    assert "favicon.ico" not in html
    assert "images/favicon.svg" in html


def test_csp_header_forbids_inline_scripts_and_styles(client):
    response = client.get(reverse("account_login"))
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


def test_scripts_are_external_and_htmx_is_configured_for_csp(client):
    html = client.get(reverse("account_login")).content.decode()
    assert re.search(r'<script src="/static/dist/htmx.min.js" defer>', html)
    assert re.search(r'<script type="module" src="/static/js/app.js">', html)
    assert '"includeIndicatorStyles":false' in html
    assert '"allowEval":false' in html
    assert '<link rel="stylesheet" href="/static/dist/app.css">' in html


@pytest.mark.parametrize(
    "role", [Role.HEAD, Role.CASEWORKER, Role.SOCIAL_WORKER, Role.PARTNER, Role.DESIGNATED_TEACHER]
)
def test_home_pages_have_no_inline_script_or_style(client, role):
    user = UserFactory(role=role)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_csp_safe(html)
    assert html.count("<h1") == 1


def test_sign_in_and_security_pages_have_no_inline_script_or_style(client, manager):
    assert_csp_safe(client.get(reverse("account_login")).content.decode())
    client.force_login(UserFactory(mfa=False))
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert_csp_safe(response.content.decode())
    client.force_login(manager)
    for name in ["user_list", "invite_user", "mfa_index", "account_change_password"]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_csp_safe(response.content.decode())


def test_header_shows_who_is_signed_in_with_a_sign_out_button(client):
    user = UserFactory(role=Role.CASEWORKER, full_name="Cass Worker")
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert "Cass Worker" in html
    assert "Virtual school caseworker" in html
    sign_out = re.search(
        r'<form class="vsh-header__sign-out" method="post" action="([^"]+)">(.*?)</form>',
        html,
        re.S,
    )
    assert sign_out and sign_out.group(1) == reverse("account_logout")
    assert "csrfmiddlewaretoken" in sign_out.group(2)
    assert 'data-session-idle-minutes="30"' in html


def test_sign_in_page_explains_an_idle_sign_out(client):
    html = client.get(
        reverse("account_login"), {"signed_out": "idle", "next": "/"}
    ).content.decode()
    assert "You were signed out because you had not used Virtual School Hub for 30 minutes" in html


def test_anonymous_pages_do_not_start_the_idle_timer(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "data-session-idle-minutes" not in html
    assert "data-session-notice" not in html


NAV_CURRENT = re.compile(r'<a class="govuk-service-navigation__link" href="([^"]+)" aria-current')


def test_current_section_is_marked_in_the_navigation(client, manager):
    client.force_login(manager)
    html = client.get(reverse("user_list")).content.decode()
    current = NAV_CURRENT.findall(html)
    assert current == [reverse("user_list")]
    html = client.get(reverse("home")).content.decode()
    assert NAV_CURRENT.findall(html) == [reverse("home")]
    # The data pages live under the children's URL: only "Data" is current.
    html = client.get(reverse("children:imports")).content.decode()
    assert NAV_CURRENT.findall(html) == [reverse("children:imports")]
    html = client.get(reverse("children:list")).content.decode()
    assert NAV_CURRENT.findall(html) == [reverse("children:list")]
    html = client.get(reverse("tracking:import_attendance")).content.decode()
    assert NAV_CURRENT.findall(html) == [reverse("children:imports")]


def test_demo_banner_only_when_debugging(client, settings):
    settings.DEBUG = False
    assert "govuk-phase-banner" not in client.get(reverse("account_login")).content.decode()
    settings.DEBUG = True
    assert ">Demo<" in client.get(reverse("account_login")).content.decode()


def test_messages_become_notification_banners(client, manager):
    client.force_login(manager)
    invitation = Invitation.objects.create(
        email="x@example.org", full_name="X", role=Role.CASEWORKER, invited_by=manager
    )
    response = client.post(reverse("revoke_invitation", args=[invitation.pk]), follow=True)
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert "Invitation for x@example.org withdrawn." in html


def test_error_pages(client, settings):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    # The server error page renders without a request or context processors.
    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert settings.AUTHORITY_NAME in html
    assert_csp_safe(html)


# Compiled assets ------------------------------------------------------------------


@pytest.mark.skipif(not APP_CSS.exists(), reason="static/dist not built (npm run build)")
def test_compiled_css_has_no_gds_transport_font():
    css = APP_CSS.read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "govuk-template__body" in css
    assert "moj-badge" in css


@pytest.mark.skipif(not APP_CSS.exists(), reason="static/dist not built (npm run build)")
def test_built_scripts_are_beside_the_css():
    for name in ["govuk-frontend.min.js", "moj-frontend.min.js", "htmx.min.js"]:
        assert (APP_CSS.parent / name).exists(), name
    source = (Path(settings.BASE_DIR) / "static" / "js" / "app.js").read_text()
    assert "../dist/govuk-frontend.min.js" in source


# Error summary and the GOV.UK form renderer ---------------------------------------


def test_invalid_sign_in_shows_an_error_summary_linked_to_the_email_field(client):
    UserFactory(email="cass@example.org")
    response = client.post(
        reverse("account_login"), {"login": "cass@example.org", "password": "wrong-password"}
    )
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "There is a problem" in html
    assert re.search(r'<a href="#id_login">The email address or password is not right', html)
    assert "<title>Error: Sign in" in html
    # Shown once, in the summary, not again above the fields.
    assert html.count("email address or password is not right") == 1


def test_missing_sign_in_details_say_what_to_enter(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    html = response.content.decode()
    assert '<a href="#id_login">Enter email address</a>' in html
    assert '<a href="#id_password">Enter password</a>' in html
    assert "govuk-form-group--error" in html
    assert "govuk-input--error" in html
    assert 'aria-describedby="id_login_error"' in html


class ExampleForm(forms.Form):
    name = forms.CharField(label="Full name")
    nickname = forms.CharField(
        label="Nickname", required=False, help_text="What they like to be called."
    )
    born = forms.DateField(label="Date of birth", input_formats=["%d/%m/%Y"])
    count = forms.IntegerField(label="Number of schools")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "Apple"), ("b", "Banana")])
    role = forms.ChoiceField(
        label="Role", choices=[("x", "Ex"), ("y", "Why")], widget=forms.RadioSelect
    )
    tags = forms.MultipleChoiceField(
        label="Tags",
        choices=[("p", "Pink"), ("q", "Queen")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    many = forms.MultipleChoiceField(label="Many", choices=[("m", "M")], required=False)
    agree = forms.BooleanField(label="I agree", required=False)
    secret = forms.CharField(label="Password", widget=forms.PasswordInput)
    email = forms.EmailField(label="Email address")
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


def test_form_renders_gov_uk_markup():
    html = str(ExampleForm())
    assert html.count('class="govuk-form-group') == 12
    assert 'class="govuk-input govuk-input--width-10" id="id_born"' in html
    assert "For example, 27/3/2014" in html  # dates get a format hint
    assert 'class="govuk-input govuk-input--width-10" id="id_count"' in html
    assert 'class="govuk-textarea"' in html
    assert 'class="govuk-select" id="id_kind"' in html
    assert 'class="govuk-select vsh-select-multiple" id="id_many" multiple' in html
    assert '<div class="govuk-radios" data-module="govuk-radios">' in html
    assert 'class="govuk-radios__input"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Role</legend>' in html
    assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in html
    assert 'class="govuk-label govuk-checkboxes__label" for="id_tags_0"' in html
    assert 'class="govuk-label govuk-checkboxes__label" for="id_agree">I agree</label>' in html
    assert 'data-module="govuk-password-input"' in html
    assert 'aria-controls="id_secret"' in html
    assert 'spellcheck="false"' in html
    assert 'type="hidden" name="hidden"' in html
    # Required fields are unmarked; optional ones say so, once.
    assert ">Full name</label>" in html
    assert ">Nickname (optional)</label>" in html
    assert ">Notes (optional)</label>" in html
    assert ">Tags</legend>" in html  # "select all that apply" groups are not marked
    assert "*" not in re.sub(r"<[^>]+>", "", html)
    assert 'id="id_nickname_helptext"' in html
    assert 'aria-describedby="id_nickname_helptext"' in html


def test_form_errors_use_error_classes_and_link_from_the_summary():
    form = ExampleForm(data={"born": "31/02/2020", "count": "x", "kind": "a"})
    assert not form.is_valid()
    html = str(form)
    assert 'class="govuk-input govuk-input--width-10 govuk-input--error" id="id_born"' in html
    assert '<p class="govuk-error-message" id="id_role_error">' in html
    assert "Select role" in html
    assert "Enter full name" in html
    summary = render_to_string("includes/error_summary.html", {"form": form})
    assert '<a href="#id_role_0">Select role</a>' in summary
    assert '<a href="#id_born">' in summary
    assert '<a href="#id_name">Enter full name</a>' in summary
    # The form's own errors are still Django's, for code that inspects them.
    assert form.errors["name"] == ["This field is required."]


def test_selects_ask_for_a_choice_instead_of_showing_dashes():
    class TeamForm(forms.Form):
        team = forms.ChoiceField(
            label="Team", choices=[("", "---------"), ("t", "Team T")], required=False
        )

    html = str(TeamForm())
    assert '<option value="" selected>Select an option</option>' in html
    assert "---------" not in html


def test_errors_that_belong_to_no_field_link_to_the_first_field():
    class PairForm(forms.Form):
        first = forms.CharField()
        second = forms.CharField()

        def clean(self):
            raise forms.ValidationError("These do not go together")

    form = PairForm(data={"first": "a", "second": "b"})
    form.is_valid()
    summary = render_to_string("includes/error_summary.html", {"form": form})
    assert '<a href="#id_first">These do not go together</a>' in summary
    # Without a summary on the page, the form shows the error itself.
    assert "These do not go together" in str(PairForm(data={"first": "a", "second": "b"}))


def test_no_error_summary_for_a_valid_or_unbound_form():
    assert render_to_string("includes/error_summary.html", {"form": ExampleForm()}).strip() == ""
    assert render_to_string("includes/error_summary.html", {}).strip() == ""


# Pagination ------------------------------------------------------------------------


def test_pagination_keeps_filters_and_marks_the_current_page():
    request = RequestFactory().get("/children/", {"cohort": "kinship", "page": "3"})
    page_obj = Paginator(range(200), 10).page(3)
    html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    assert 'href="?cohort=kinship&amp;page=2" rel="prev"' in html
    assert 'href="?cohort=kinship&amp;page=4" rel="next"' in html
    assert 'aria-label="Page 3" aria-current="page"' in html
    assert "govuk-pagination__item--ellipses" in html
    assert 'aria-label="Page 20"' in html
    assert "Showing 21 to 30 of 200" in html


def test_no_pagination_for_a_single_page():
    request = RequestFactory().get("/children/")
    page_obj = Paginator(range(5), 10).page(1)
    html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    assert html.strip() == ""


# allauth pages ---------------------------------------------------------------------


def test_mfa_set_up_page_explains_and_shows_qr_code_and_key(client):
    client.force_login(UserFactory(mfa=False))
    response = client.get(reverse("mfa_activate_totp"))
    html = response.content.decode()
    assert "Set up your authenticator app" in html
    assert 'src="data:image/svg+xml;base64,' in html
    secret = re.search(r'id="authenticator-secret">([A-Z2-7 ]+)<', html)
    assert secret and len(secret.group(1).replace(" ", "")) >= 16
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="one-time-code"' in html


def test_mfa_code_page_takes_an_app_or_recovery_code(client):
    UserFactory(email="cass@example.org")
    client.post(reverse("account_login"), {"login": "cass@example.org", "password": TEST_PASSWORD})
    response = client.get(reverse("mfa_authenticate"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter your security code" in html
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="one-time-code"' in html
    assert "recovery code" in html
    assert_csp_safe(html)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "govuk-error-summary" in response.content.decode()


def test_recovery_codes_page_lists_codes_with_advice_and_download(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = UserFactory(email="cass@example.org")
    RecoveryCodes.activate(user)
    sign_in(client, "cass@example.org")
    # Viewing codes asks for the password again.
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    html = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "Keep these codes somewhere safe" in html
    assert len(re.findall(r"<li>\d{8}</li>", html)) == 10
    assert reverse("mfa_download_recovery_codes") in html


def test_signup_page_says_accounts_are_by_invitation(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert "Accounts are by invitation only" in html


def test_other_allauth_pages_use_the_layout_and_gov_uk_elements(client):
    client.force_login(UserFactory())
    response = client.get(reverse("account_change_password"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-heading-l"' in html
    assert settings.AUTHORITY_NAME in html
    assert_csp_safe(html)


# Role home pages -------------------------------------------------------------------


def test_authority_home_shows_cohort_totals_and_children_without_a_school(client, head):
    ChildFactory.create_batch(2)
    EnrolmentFactory()
    client.force_login(head)
    html = client.get(reverse("home")).content.decode()
    assert "Children by cohort" in html
    assert "Looked after" in html
    assert "Kinship care" in html
    assert re.search(r'vsh-figure__value">3<', html)
    assert re.search(r'vsh-figure__value">2<', html)
    assert "without a school place" in html


def test_caseload_home_lists_my_children_with_school_flag(
    client, caseworker, django_assert_max_num_queries
):
    mine = [AllocationFactory(worker=caseworker).child for _ in range(12)]
    EnrolmentFactory(child=mine[0])
    other = ChildFactory(first_name="Notmine")
    client.force_login(caseworker)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("home")).content.decode()
    for child in mine:
        assert reverse("children:overview", args=[child.pk]) in html
    assert other.first_name not in html
    assert html.count("No school place") == 11
    assert "<caption" in html


def test_school_home_lists_the_designated_teachers_pupils(client):
    designation = DesignatedTeacherFactory()
    pupil = ChildFactory(date_of_birth=date(2015, 1, 1))
    EnrolmentFactory(school=designation.school, child=pupil)
    client.force_login(designation.user)
    html = client.get(reverse("home")).content.decode()
    assert designation.school.name in html
    assert reverse("children:overview", args=[pupil.pk]) in html


# Users and invitations -------------------------------------------------------------


def test_user_list_shows_people_and_pending_invitations(
    client, manager, django_assert_max_num_queries
):
    UserFactory.create_batch(5, role=Role.SOCIAL_WORKER)
    for n in range(4):
        Invitation.objects.create(
            email=f"new{n}@example.org",
            full_name=f"New {n}",
            role=Role.CASEWORKER,
            invited_by=manager,
        )
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("user_list"))
    html = response.content.decode()
    assert html.count("Withdraw<span") == 4
    assert 'Withdraw<span class="govuk-visually-hidden"> invitation for new0@example.org' in html
    assert html.count("Social worker") >= 5
    filtered = client.get(reverse("user_list"), {"role": Role.MANAGER}).content.decode()
    assert 'value="manager" selected' in filtered
    assert "Social worker</td>" not in filtered


def test_invalid_invitation_says_why_and_links_to_sign_in(client):
    response = client.get(reverse("accept_invitation", args=["no-such-token"]))
    html = response.content.decode()
    assert response.status_code == 410
    assert "This invitation cannot be used" in html
    assert reverse("account_login") in html


def test_ids_render_without_thousand_separators():
    """Hidden inputs carry ids: '1,234' would not find the record once ids pass 999."""
    from django.template import Context, Template

    assert Template("{{ n }}").render(Context({"n": 12345})) == "12345"


def test_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
