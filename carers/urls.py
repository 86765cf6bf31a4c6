from django.urls import path

from . import views

app_name = "carers"
urlpatterns = [
    path("", views.carers_list, name="list"),
    path("new/", views.carer_create, name="create"),
    path("<int:pk>/", views.carer_detail, name="detail"),
    path("<int:pk>/edit/", views.carer_edit, name="edit"),
]
