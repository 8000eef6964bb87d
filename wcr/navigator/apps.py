from django.apps import AppConfig


class NavigatorConfig(AppConfig):
    name = "wcr.navigator"
    label = "navigator"
    verbose_name = "Navigator"

    def ready(self) -> None:
        # A wrong rules file stops the start with a message naming the file and the field.
        from django.core.exceptions import ImproperlyConfigured

        from wcr.navigator.kb import KnowledgeBaseError, knowledge_base

        try:
            knowledge_base()
        except KnowledgeBaseError as error:
            raise ImproperlyConfigured(str(error)) from error
