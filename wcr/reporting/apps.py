from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "wcr.reporting"
    label = "reporting"
    verbose_name = "ESF+ reporting and statistics"

    def ready(self) -> None:
        from wcr.core.synthetic import register_synthetic_extension
        from wcr.reporting.synthetic import EXTENSION, add_participations

        # generate_synthetic (wcr.cases, which may not import this app) adds ESF+ data through it.
        register_synthetic_extension(EXTENSION, add_participations)
