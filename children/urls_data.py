from django.urls import path

from . import views

urlpatterns = [
    path("", views.children_list, name="imports"),
]
