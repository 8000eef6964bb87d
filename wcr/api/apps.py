from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wcr.api"
    label = "api"
    verbose_name = "REST API"
