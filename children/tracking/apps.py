from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "children.tracking"
    label = "tracking"
    verbose_name = "Attendance, attainment and well-being"
