from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("<int:child_pk>/access/", views.child_access, name="child"),
    path("<int:child_pk>/access/grants/<int:pk>/revoke/", views.revoke_grant, name="revoke"),
]
