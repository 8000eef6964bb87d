from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wcr.accounts"
    label = "accounts"
    verbose_name = "Organisations and access"

    def ready(self) -> None:
        from wcr.accounts import receivers  # noqa: F401  (connects the second-factor receiver)
