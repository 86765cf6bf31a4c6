from django.urls import path

from . import views

app_name = "tracking"
urlpatterns = [
    path("<int:child_pk>/attendance/", views.attendance, name="attendance"),
    path("<int:child_pk>/attainment/", views.attainment, name="attainment"),
    path("<int:child_pk>/wellbeing/", views.wellbeing, name="wellbeing"),
]
