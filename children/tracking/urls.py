from django.urls import path

from . import views

# Included at the site root: a child's pages sit under /children/<id>/ beside the
# rest of the record; the imports are about files, not one child.
app_name = "tracking"
CHILD = "children/<int:child_pk>"
urlpatterns = [
    path(f"{CHILD}/attendance/", views.attendance, name="attendance"),
    path(f"{CHILD}/attendance/add/", views.attendance_add, name="attendance_add"),
    path(f"{CHILD}/attendance/<int:pk>/edit/", views.attendance_edit, name="attendance_edit"),
    path(f"{CHILD}/suspensions/add/", views.suspension_add, name="suspension_add"),
    path(f"{CHILD}/suspensions/<int:pk>/edit/", views.suspension_edit, name="suspension_edit"),
    path(f"{CHILD}/attainment/", views.attainment, name="attainment"),
    path(f"{CHILD}/attainment/add/", views.assessment_add, name="assessment_add"),
    path(f"{CHILD}/attainment/<int:pk>/edit/", views.assessment_edit, name="assessment_edit"),
    path(f"{CHILD}/wellbeing/", views.wellbeing, name="wellbeing"),
    path(f"{CHILD}/wellbeing/sdq/add/", views.sdq_add, name="sdq_add"),
    path(f"{CHILD}/wellbeing/celebrations/add/", views.celebration_add, name="celebration_add"),
    path("tracking/imports/attendance/", views.import_attendance, name="import_attendance"),
    path(
        "tracking/imports/attendance/confirm/",
        views.import_attendance_confirm,
        name="import_attendance_confirm",
    ),
    path(
        "tracking/imports/attendance/template.csv",
        views.import_attendance_template,
        name="import_attendance_template",
    ),
    path("tracking/imports/attainment/", views.import_attainment, name="import_attainment"),
    path(
        "tracking/imports/attainment/confirm/",
        views.import_attainment_confirm,
        name="import_attainment_confirm",
    ),
    path(
        "tracking/imports/attainment/template.csv",
        views.import_attainment_template,
        name="import_attainment_template",
    ),
]
