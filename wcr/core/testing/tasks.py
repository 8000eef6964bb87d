"""Running the task worker inside a test, as production does (``db_worker``)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def run_worker(queue: str = "mail") -> None:
    """Run the database worker until no task is ready."""
    call_command("db_worker", batch=True, queue_name=queue, startup_delay=False, stdout=StringIO())


def deliver_mail() -> None:
    """Send the enqueued mail tasks as the worker does (the task function over SMTP), inside the
    test's transaction: the worker itself closes the test's connection, so ``run_worker`` runs
    in TransactionTestCases only."""
    from django_tasks_db.models import DBTaskResult

    from wcr.core.tasks import send_mail_job

    rows = DBTaskResult.objects.filter(
        queue_name="mail", status="READY", task_path__endswith=".send_mail_job"
    )
    for row in rows.order_by("enqueued_at"):
        send_mail_job.call(**row.args_kwargs["kwargs"])
        row.delete()
