from django.urls import path

from . import views

app_name = "schools"
urlpatterns = [
    path("", views.schools_list, name="list"),
    path("new/", views.school_create, name="create"),
    path("<int:pk>/", views.school_detail, name="detail"),
    path("<int:pk>/edit/", views.school_edit, name="edit"),
    path("<int:pk>/inspections/new/", views.inspection_add, name="inspection_add"),
    path("<int:pk>/designated-teachers/", views.designated_teachers, name="designated_teachers"),
]
