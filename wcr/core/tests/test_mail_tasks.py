"""Mail goes through the task worker and a real SMTP conversation; failures are retried and stay
visible."""

from __future__ import annotations

import json
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wcr.core.mail import mail_seal, mail_send, mail_unseal
from wcr.core.tasks import retry_delay, send_mail_job
from wcr.core.testing.smtp import free_port, smtp_settings, smtp_sink
from wcr.core.testing.tasks import run_worker

SEALED = mail_seal(subject="Hallo", body="Text", to=["x@example.org"])


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
            send_mail_job.enqueue(sealed=SEALED)
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
            send_mail_job.enqueue(sealed=SEALED, _attempt=2)
            run_worker()
        self.assertEqual(len(received), 1)

    def test_it_stops_retrying_after_the_last_attempt(self) -> None:
        with override_settings(**smtp_settings(free_port()), TASK_MAX_ATTEMPTS=3):
            send_mail_job.enqueue(sealed=SEALED, _attempt=3)
            run_worker()
        self.assertEqual(DBTaskResult.objects.count(), 1)
        self.assertEqual(DBTaskResult.objects.get().status, "FAILED")

    def test_the_back_off_doubles_and_is_capped(self) -> None:
        with override_settings(TASK_RETRY_BASE_SECONDS=60):
            self.assertEqual(retry_delay(1), timedelta(seconds=60))
            self.assertEqual(retry_delay(3), timedelta(seconds=240))
            self.assertEqual(retry_delay(30), timedelta(days=1))


class SealedMailTests(TransactionTestCase):
    """Mail tasks carry no bodies, links, names or recipients: sealed while queued, purged after."""

    def test_the_queued_row_holds_only_a_sealed_message_and_nothing_after_sending(self) -> None:
        name = "O'Brien & Söhne <GmbH>"
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            mail_send(
                to=["fachkraft@example.org"], template="emails/test_message", context={"name": name}
            )
            row = DBTaskResult.objects.get()
            stored = json.dumps(row.args_kwargs, ensure_ascii=False)
            for secret in ("O'Brien", "Brien", "fachkraft@example.org", "Hallo"):
                self.assertNotIn(secret, stored)
            self.assertEqual(
                mail_unseal(row.args_kwargs["kwargs"]["sealed"])["to"], ["fachkraft@example.org"]
            )
            run_worker()
        # plain text arrives verbatim, without HTML entities
        body = received[0].get_body(("plain",)).get_content()
        self.assertIn(f"Guten Tag {name},", body)
        self.assertNotIn("&amp;", body)
        row.refresh_from_db()
        self.assertEqual(row.args_kwargs["kwargs"]["sealed"], "")
        with self.assertRaises(ValueError):
            mail_unseal(row.args_kwargs["kwargs"]["sealed"])

    def test_a_failed_attempt_keeps_neither_the_message_nor_the_servers_answer(self) -> None:
        with override_settings(**smtp_settings(free_port()), TASK_MAX_ATTEMPTS=2):
            send_mail_job.enqueue(sealed=mail_seal(subject="S", body="B", to=["x@example.org"]))
            run_worker()
        failed, retry = DBTaskResult.objects.order_by("enqueued_at")
        self.assertEqual(failed.args_kwargs["kwargs"]["sealed"], "")  # the retry has its copy
        self.assertEqual(failed.exception_class_path, "wcr.core.tasks.MailNotSent")
        self.assertNotIn("x@example.org", failed.traceback)
        self.assertEqual(mail_unseal(retry.args_kwargs["kwargs"]["sealed"])["body"], "B")

    def test_a_message_sealed_under_a_previous_secret_key_still_opens(self) -> None:
        old = "an-old-secret-key-that-was-rotated-away-0123456789-abcdefghij"
        with override_settings(SECRET_KEY=old):
            sealed = mail_seal(subject="S", body="B", to=["x@example.org"])
        with override_settings(SECRET_KEY_FALLBACKS=[old]):
            self.assertEqual(mail_unseal(sealed)["body"], "B")
        with self.assertRaises(ValueError):
            mail_unseal(sealed)  # another key
        with self.assertRaises(ValueError):
            mail_unseal(sealed[:-4] + "AAAA")  # altered


class PlainTextMailTemplateTests(TestCase):
    def test_every_plain_text_mail_template_turns_autoescape_off(self) -> None:
        templates = sorted((settings.BASE_DIR / "templates" / "emails").glob("*.txt"))
        self.assertTrue(templates)
        for path in templates:
            with self.subTest(template=path.name):
                self.assertIn("{% autoescape off %}", path.read_text())
