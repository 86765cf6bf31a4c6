from django.urls import path

from . import views

app_name = "peps"
urlpatterns = [
    path("children/<int:child_pk>/peps/", views.child_peps, name="child"),
]
