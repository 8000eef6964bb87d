from django.apps import AppConfig


class RegionConfig(AppConfig):
    name = "wcr.region"
    label = "region"
    verbose_name = "Region"
