from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "wcr.reporting"
    label = "reporting"
    verbose_name = "ESF+ reporting and statistics"
