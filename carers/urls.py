from django.urls import path

from . import views

app_name = "carers"
urlpatterns = [
    path("", views.carers_list, name="list"),
]
