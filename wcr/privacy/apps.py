from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PrivacyConfig(AppConfig):
    name = "wcr.privacy"
    label = "privacy"
    verbose_name = "Privacy and audit"

    def ready(self) -> None:
        from wcr.privacy.guard import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="wcr_privacy_sqlite")
