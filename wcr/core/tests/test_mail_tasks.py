"""Mail goes through the task worker and a real SMTP conversation; failures are retried and stay
visible."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.test import TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wcr.core.mail import mail_send
from wcr.core.tasks import retry_delay, send_mail_job
from wcr.core.testing.smtp import free_port, smtp_settings, smtp_sink
from wcr.core.testing.tasks import run_worker


class MailThroughWorkerTests(TransactionTestCase):
    def test_it_sends_a_rendered_mail_after_commit_over_smtp(self) -> None:
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            with transaction.atomic():
                mail_send(
                    to=["fachkraft@example.org"],
                    template="emails/test_message",
                    context={"name": "Olena"},
                    language="de",
                )
                self.assertEqual(DBTaskResult.objects.count(), 0)  # not before the commit
            self.assertEqual(DBTaskResult.objects.count(), 1)
            run_worker()
        self.assertEqual(len(received), 1)
        message = received[0]
        self.assertEqual(message["To"], "fachkraft@example.org")
        self.assertIn("Olena", message.get_body(("plain",)).get_content())
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")

    def test_it_sends_nothing_when_the_transaction_rolls_back(self) -> None:
        try:
            with transaction.atomic():
                mail_send(to=["x@example.org"], template="emails/test_message", context={})
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        self.assertEqual(DBTaskResult.objects.count(), 0)

    def test_it_keeps_a_failed_attempt_visible_and_schedules_a_retry(self) -> None:
        dead_port = free_port()  # nothing listens here
        with override_settings(**smtp_settings(dead_port), TASK_MAX_ATTEMPTS=3):
            send_mail_job.enqueue(subject="Hallo", body="Text", to=["x@example.org"])
            run_worker()
        results = list(DBTaskResult.objects.order_by("enqueued_at"))
        self.assertEqual(len(results), 2)
        failed, retry = results
        self.assertEqual(failed.status, "FAILED")
        self.assertIn("ConnectionRefusedError", failed.traceback)
        self.assertEqual(retry.status, "READY")
        self.assertEqual(retry.args_kwargs["kwargs"]["_attempt"], 2)
        self.assertGreater(retry.run_after, timezone.now() + timedelta(seconds=30))

    def test_it_delivers_on_a_later_attempt_once_the_server_is_back(self) -> None:
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            send_mail_job.enqueue(subject="Hallo", body="Text", to=["x@example.org"], _attempt=2)
            run_worker()
        self.assertEqual(len(received), 1)

    def test_it_stops_retrying_after_the_last_attempt(self) -> None:
        with override_settings(**smtp_settings(free_port()), TASK_MAX_ATTEMPTS=3):
            send_mail_job.enqueue(subject="Hallo", body="Text", to=["x@example.org"], _attempt=3)
            run_worker()
        self.assertEqual(DBTaskResult.objects.count(), 1)
        self.assertEqual(DBTaskResult.objects.get().status, "FAILED")

    def test_the_back_off_doubles_and_is_capped(self) -> None:
        with override_settings(TASK_RETRY_BASE_SECONDS=60):
            self.assertEqual(retry_delay(1), timedelta(seconds=60))
            self.assertEqual(retry_delay(3), timedelta(seconds=240))
            self.assertEqual(retry_delay(30), timedelta(days=1))
