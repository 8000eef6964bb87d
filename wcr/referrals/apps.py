from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "wcr.referrals"
    label = "referrals"
    verbose_name = "Referrals and consent"
