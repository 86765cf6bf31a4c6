from django.urls import path

from . import views

urlpatterns = [
    path("users/", views.user_list, name="user_list"),
    path("users/invite/", views.invite, name="invite_user"),
    path("users/<int:pk>/active/", views.set_active, name="set_user_active"),
    path("users/teams/", views.teams, name="teams"),
    path("users/invitations/<int:pk>/withdraw/", views.revoke_invitation, name="revoke_invitation"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
