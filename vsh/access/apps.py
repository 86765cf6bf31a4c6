from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "vsh.access"
    label = "access"
    verbose_name = "Access to children's records"
