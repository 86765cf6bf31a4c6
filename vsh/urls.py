from django.urls import include, path

from vsh.audit.urls import child_urlpatterns as audit_child_urls
from vsh.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("reports/termly.pdf", core_views.termly_report, name="termly_report"),
    # Email addresses come from invitations; people do not add their own.
    path("accounts/email/", core_views.email_addresses_managed, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("", include("vsh.accounts.urls")),
    path("children/", include("children.urls")),
    # Pages about a child that belong to the access policy and the audit trail.
    path("children/", include("vsh.access.urls")),
    path("children/", include((audit_child_urls, "child_audit"))),
    path("", include("children.tracking.urls")),
    path("", include("children.peps.urls")),
    path("peps/", include("children.peps.urls_reports")),
    path("alerts/", include("children.tracking.urls_alerts")),
    path("audit/", include("vsh.audit.urls")),
    path("schools/", include("schools.urls")),
    path("carers/", include("carers.urls")),
    path("settings/calendar/", include("vsh.terms.urls")),
    path("settings/", include("vsh.core.urls_settings")),
]
