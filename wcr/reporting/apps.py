from django.apps import AppConfig
from django.core import checks


class ReportingConfig(AppConfig):
    name = "wcr.reporting"
    label = "reporting"
    verbose_name = "ESF+ reporting and statistics"

    def ready(self) -> None:
        from wcr.reporting.checks import check_field_keys

        checks.register(check_field_keys, checks.Tags.security, deploy=True)
