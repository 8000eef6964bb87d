from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wcr.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from wcr.core import checks  # noqa: F401  (registers the system checks)
