from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.activity, name="activity"),
    path("users/<int:pk>/", views.user_activity, name="user_activity"),
]

# Mounted under /children/ beside the child's other pages.
child_urlpatterns = [
    path("<int:child_pk>/history/", views.child_history, name="child_history"),
]
