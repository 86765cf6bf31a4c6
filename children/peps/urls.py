from django.urls import path

from . import views

app_name = "peps"

CHILD = "children/<int:child_pk>/peps/"
PEP = CHILD + "<int:pk>/"

urlpatterns = [
    path(CHILD, views.child_peps, name="child"),
    path(CHILD + "new/", views.pep_create, name="create"),
    path(PEP, views.pep_detail, name="detail"),
    # Without a section: carry on with the next section that needs work.
    path(PEP + "sections/edit/", views.section_edit, name="section_edit"),
    path(PEP + "sections/<slug:slug>/edit/", views.section_edit, name="section_edit"),
    path(PEP + "figures/update/", views.snapshot_update, name="snapshot_update"),
    path(PEP + "targets/add/", views.target_add, name="target_add"),
    path(CHILD + "targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path(CHILD + "targets/<int:pk>/remove/", views.target_remove, name="target_remove"),
    path(PEP + "attendees/add/", views.attendee_add, name="attendee_add"),
    path(CHILD + "attendees/<int:pk>/remove/", views.attendee_remove, name="attendee_remove"),
    path(PEP + "pupil-premium/add/", views.pp_request_add, name="pp_request_add"),
    path(CHILD + "pupil-premium/<int:pk>/edit/", views.pp_request_edit, name="pp_request_edit"),
    path(
        CHILD + "pupil-premium/<int:pk>/remove/",
        views.pp_request_remove,
        name="pp_request_remove",
    ),
    # Workflow steps.
    path(PEP + "submit/", views.submit, name="submit_update"),
    path(PEP + "return/", views.return_pep, name="return_update"),
    path(PEP + "approve/", views.approve, name="approve_update"),
    path(PEP + "sign-off/", views.sign_off, name="signoff_update"),
    path(PEP + "new-version/", views.new_version, name="version_create"),
]
