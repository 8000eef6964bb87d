from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "wcr.cases"
    label = "cases"
    verbose_name = "Case workbench"
