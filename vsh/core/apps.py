from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vsh.core"
    label = "core"
    verbose_name = "Virtual school"
