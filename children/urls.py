from django.urls import include, path

from . import views

app_name = "children"
urlpatterns = [
    path("", views.children_list, name="list"),
    path("new/", views.child_create, name="create"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/edit/", views.child_edit, name="edit"),
    path("<int:pk>/education/", views.education, name="education"),
    path("<int:pk>/care/", views.care, name="care"),
    path("<int:pk>/people/", views.people, name="people"),
    path("<int:pk>/chronology/", views.chronology, name="chronology"),
    path("<int:child_pk>/enrolments/new/", views.enrolment_create, name="enrolment_create"),
    path("<int:child_pk>/enrolments/<int:pk>/edit/", views.enrolment_edit, name="enrolment_edit"),
    path("<int:child_pk>/episodes/new/", views.episode_create, name="episode_create"),
    path("<int:child_pk>/episodes/<int:pk>/edit/", views.episode_edit, name="episode_edit"),
    path("<int:child_pk>/placements/new/", views.placement_create, name="placement_create"),
    path("<int:child_pk>/placements/<int:pk>/edit/", views.placement_edit, name="placement_edit"),
    path("<int:child_pk>/placements/<int:pk>/end/", views.placement_end, name="placement_end"),
    path("<int:child_pk>/allocations/new/", views.allocation_create, name="allocation_create"),
    path("<int:child_pk>/allocations/<int:pk>/end/", views.allocation_end, name="allocation_end"),
    path("<int:child_pk>/notes/new/", views.note_create, name="note_create"),
    path("<int:child_pk>/notes/<int:pk>/edit/", views.note_edit, name="note_edit"),
    # Imports and exports of SSDA903 returns (managers only).
    path("data/", include("children.urls_data")),
]
