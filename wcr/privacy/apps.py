from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "wcr.privacy"
    label = "privacy"
    verbose_name = "Privacy and audit"
