from django.apps import AppConfig


class TermsConfig(AppConfig):
    name = "vsh.terms"
    label = "terms"
    verbose_name = "School calendar"
