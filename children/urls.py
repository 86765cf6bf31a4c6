from django.urls import include, path

from . import views

app_name = "children"
urlpatterns = [
    path("", views.children_list, name="list"),
    path("<int:pk>/", views.children_list, name="overview"),
    # Imports and exports of SSDA903 returns (managers only).
    path("data/", include("children.urls_data")),
]
