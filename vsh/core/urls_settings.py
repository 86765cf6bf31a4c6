from django.urls import path

from . import views_settings

app_name = "settings"
urlpatterns = [
    path("", views_settings.authority_settings, name="authority"),
    path("ratings/", views_settings.ratings, name="ratings"),
    path("ratings/add/", views_settings.rating_add, name="rating_add"),
    path("ratings/<int:pk>/edit/", views_settings.rating_edit, name="rating_edit"),
]
