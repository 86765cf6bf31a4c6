from django.urls import include, path

from vsh.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("vsh.accounts.urls")),
    path("children/", include("children.urls")),
    path("schools/", include("schools.urls")),
    path("carers/", include("carers.urls")),
]
