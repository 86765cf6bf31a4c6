from django.apps import AppConfig


class PepsConfig(AppConfig):
    name = "children.peps"
    label = "peps"
    verbose_name = "Personal education plans"
