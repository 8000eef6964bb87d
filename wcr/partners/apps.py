from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "wcr.partners"
    label = "partners"
    verbose_name = "Cooperation partners"
