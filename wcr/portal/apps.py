from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "wcr.portal"
    label = "portal"
    verbose_name = "Public portal"
