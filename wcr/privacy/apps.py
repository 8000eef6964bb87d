from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PrivacyConfig(AppConfig):
    name = "wcr.privacy"
    label = "privacy"
    verbose_name = "Privacy and audit"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from wcr.privacy.guard import register_sqlite_function

        # Each app's audit_sentences module registers what its audit events say.
        autodiscover_modules("audit_sentences")

        connection_created.connect(register_sqlite_function, dispatch_uid="wcr_privacy_sqlite")
