"""Mail goes through the task worker and a real SMTP conversation; failures are retried and stay
visible."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wcr.core.calendar import ics_event
from wcr.core.mail import Attachment, _keys, mail_seal, mail_send, mail_unseal
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


def appointment_ics(method: Literal["REQUEST", "CANCEL"] = "REQUEST", sequence: int = 0) -> bytes:
    start = datetime(2027, 3, 10, 9, 30, tzinfo=UTC)
    return ics_event(
        uid="b7e1-termin@wcr",
        sequence=sequence,
        method=method,
        start=start,
        end=start + timedelta(minutes=45),
        summary="Beratungstermin – موعد استشارة",
        description="Олена, bitte bringen Sie Ihren Pass mit.",
        location="Welcome Center, Markt 1, Aachen",
        organizer_email="termine@example.org",
        organizer_name="Welcome Center KMU",
        attendee_email="olena@example.org",
        attendee_name="Olena Kovalenko",
    )


class MailAttachmentTests(TransactionTestCase):
    """Attachments travel sealed in the task row and arrive byte for byte with their type."""

    def test_a_calendar_invitation_arrives_with_its_name_type_method_and_bytes(self) -> None:
        methods: tuple[Literal["REQUEST", "CANCEL"], ...] = ("REQUEST", "CANCEL")
        for method in methods:
            with self.subTest(method=method):
                DBTaskResult.objects.all().delete()
                ics = appointment_ics(method, sequence=1 if method == "CANCEL" else 0)
                mimetype = f"text/calendar; method={method}; charset=UTF-8"
                with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
                    with transaction.atomic():
                        mail_send(
                            to=["olena@example.org"],
                            template="emails/test_message",
                            context={"name": "Olena"},
                            attachments=[Attachment("termin.ics", ics, mimetype)],
                        )
                    run_worker()
                self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")
                (message,) = received
                self.assertIn("Olena", message.get_body(("plain",)).get_content())
                (part,) = message.iter_attachments()
                self.assertEqual(part.get_filename(), "termin.ics")
                self.assertEqual(part.get_content_type(), "text/calendar")
                self.assertEqual(part.get_param("method"), method)
                self.assertEqual(part.get_content_charset(), "utf-8")
                self.assertEqual(part.get_content_disposition(), "attachment")
                self.assertEqual(part.get_payload(decode=True), ics)  # CRLF kept, UTF-8 intact

    def test_the_task_row_shows_no_attachment_in_clear(self) -> None:
        ics = appointment_ics()
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            mail_send(
                to=["olena@example.org"],
                template="emails/test_message",
                context={"name": "Olena"},
                attachments=[
                    Attachment("termin.ics", ics, "text/calendar; method=REQUEST; charset=UTF-8")
                ],
            )
            row = DBTaskResult.objects.get()
            stored = json.dumps(row.args_kwargs, ensure_ascii=False)
            for secret in (
                "termin.ics",
                "text/calendar",
                "VCALENDAR",
                "b7e1-termin",
                "Kovalenko",
                "olena@example.org",
                "موعد",
                base64.b64encode(ics).decode()[:40],
            ):
                self.assertNotIn(secret, stored)
            (attachment,) = mail_unseal(row.args_kwargs["kwargs"]["sealed"])["attachments"]
            self.assertEqual(attachment.content, ics)
            run_worker()
        self.assertEqual(len(received), 1)
        row.refresh_from_db()
        self.assertEqual(row.args_kwargs["kwargs"]["sealed"], "")  # purged after sending

    def test_binary_attachments_and_non_ascii_file_names_arrive_unchanged(self) -> None:
        pdf = b"%PDF-1.7\n\x00\xff\xfe binary \r\n\x80 end"
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            with transaction.atomic():
                mail_send(
                    to=["x@example.org"],
                    template="emails/test_message",
                    context={},
                    attachments=[
                        Attachment("Terminbestätigung.pdf", pdf, "application/pdf"),
                        Attachment("notiz.txt", "Grüße\r\n".encode(), "text/plain"),
                    ],
                )
            run_worker()
        first, second = received[0].iter_attachments()
        self.assertEqual(first.get_filename(), "Terminbestätigung.pdf")
        self.assertEqual(first.get_content_type(), "application/pdf")
        self.assertEqual(first.get_payload(decode=True), pdf)
        self.assertEqual(second.get_filename(), "notiz.txt")
        self.assertEqual(second.get_payload(decode=True), "Grüße\r\n".encode())

    def test_a_message_sealed_before_attachments_existed_still_opens_and_sends(self) -> None:
        old_payload = {"subject": "S", "body": "Alt", "to": ["x@example.org"], "html": None}
        sealed = _keys().encrypt(json.dumps(old_payload).encode()).decode()
        self.assertEqual(mail_unseal(sealed)["attachments"], [])
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            send_mail_job.enqueue(sealed=sealed)
            run_worker()
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")
        (message,) = received
        self.assertEqual(message.get_body(("plain",)).get_content().strip(), "Alt")
        self.assertEqual(list(message.iter_attachments()), [])


class PlainTextMailTemplateTests(TestCase):
    def test_every_plain_text_mail_template_turns_autoescape_off(self) -> None:
        templates = sorted((settings.BASE_DIR / "templates" / "emails").glob("*.txt"))
        self.assertTrue(templates)
        for path in templates:
            with self.subTest(template=path.name):
                self.assertIn("{% autoescape off %}", path.read_text())
