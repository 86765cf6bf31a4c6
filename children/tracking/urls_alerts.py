from django.urls import path

from . import views_alerts

app_name = "alerts"
urlpatterns = [
    path("", views_alerts.alert_list, name="list"),
    path("<int:pk>/acknowledge/", views_alerts.acknowledge_update, name="acknowledge_update"),
]
