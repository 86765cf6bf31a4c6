from django.urls import path

from . import views

app_name = "calendar"
urlpatterns = [
    path("", views.calendar_index, name="index"),
    path("years/add/", views.year_add, name="year_add"),
    path("years/<int:start_year>/edit/", views.year_edit, name="year_edit"),
    path("non-working-days/add/", views.non_working_day_add, name="non_working_day_add"),
    path(
        "non-working-days/<int:pk>/remove/",
        views.non_working_day_remove,
        name="non_working_day_remove",
    ),
]
