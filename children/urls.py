from django.urls import path

from . import views

app_name = "children"
urlpatterns = [
    path("", views.children_list, name="list"),
    path("<int:pk>/", views.children_list, name="overview"),
    path("data/", views.children_list, name="imports"),
]
