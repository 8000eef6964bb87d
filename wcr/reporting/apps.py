from django.apps import AppConfig
from django.core import checks


class ReportingConfig(AppConfig):
    name = "wcr.reporting"
    label = "reporting"
    verbose_name = "ESF+ reporting and statistics"

    def ready(self) -> None:
        from wcr.core.synthetic import register_synthetic_extension
        from wcr.reporting.checks import check_field_keys
        from wcr.reporting.synthetic import EXTENSION, add_participations

        checks.register(check_field_keys, checks.Tags.security, deploy=True)
        # generate_synthetic (wcr.cases, which may not import this app) adds ESF+ data through it.
        register_synthetic_extension(EXTENSION, add_participations)
