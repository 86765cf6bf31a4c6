from django.urls import path

from . import views

app_name = "schools"
urlpatterns = [
    path("", views.schools_list, name="list"),
]
