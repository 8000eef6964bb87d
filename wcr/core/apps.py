from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wcr.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.tasks.signals import task_finished

        from wcr.core import checks  # noqa: F401  (registers the system checks)

        task_finished.connect(_purge_finished_mail, dispatch_uid="wcr.core.mail.purge")


def _purge_finished_mail(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """A mail task that has run (sent, or failed with its retry enqueued) keeps no message."""
    from wcr.core.mail import mail_purge_sent
    from wcr.core.tasks import send_mail_job

    if task_result.task.func is send_mail_job.func and "sealed" in task_result.kwargs:
        mail_purge_sent(str(task_result.id))
