"""The intake of a request: the checks (one set for the API and the form), storing, routing,
the reference, the confirmation mail through a real SMTP conversation, and the retention."""

from __future__ import annotations

import datetime
import threading
from importlib import import_module
from typing import Any
from unittest import mock, skipUnless

from django.apps import apps as global_apps
from django.db import connection, connections
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone, translation

from wcr.portal import intake
from wcr.portal.intake import (
    outside_area_alternatives,
    request_check,
    request_reference,
    request_submit,
    requests_purge_expired,
)
from wcr.portal.models import IntakeItem, PortalRequest, RequestReferenceCounter
from wcr.portal.models.notices import privacy_notice_in_force
from wcr.portal.tests.test_routing import _partners
from wcr.privacy.models import AuditEvent


def valid(**changes: Any) -> dict[str, Any]:
    notice = privacy_notice_in_force()
    assert notice is not None
    data: dict[str, Any] = {
        "kind": "company",
        "given_name": "Jana",
        "family_name": "Becker",
        "company_name": "Becker Sanitär GmbH",
        "sector": "crafts",
        "email": "jana.becker@example.org",
        "postal_code": "52349",  # Düren
        "topics": ["recruitment"],
        "language": "de",
        "privacy_notice_version": notice.version,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


class RequestCheckTests(TestCase):
    def check(self, lang: str = "en", **changes: Any) -> Any:
        with translation.override(lang):
            return request_check(valid(**changes), language=lang)

    def test_a_valid_request_passes(self) -> None:
        checked = self.check()
        self.assertEqual(checked.problems, [])
        assert checked.data is not None
        self.assertEqual(checked.data.municipality.ags, "05358008")
        self.assertEqual(checked.data.link, "company_seat")
        self.assertEqual(checked.data.country, "DE")

    def test_an_ambiguous_postal_code_asks_for_the_municipality_with_choices(self) -> None:
        checked = self.check(postal_code="52525")
        (problem,) = checked.problems
        self.assertEqual(problem.field, "municipality")
        self.assertEqual([c["ags"] for c in problem.choices or []], ["05370016", "05370032"])
        self.assertFalse(self.check(postal_code="52525", municipality="05370016").problems)

    def test_outside_the_area_nothing_is_wrong_and_alternatives_are_named(self) -> None:
        for code in ("10115", "53879"):  # Berlin; Euskirchen (region data, outside the area)
            checked = self.check(postal_code=code)
            self.assertEqual(checked.problems, [])
            self.assertTrue(checked.outside_area)
            self.assertIsNone(checked.data)
        with translation.override("de"):
            names = [a["name"] for a in outside_area_alternatives()]
        self.assertEqual(len(names), 3)
        self.assertTrue(any("Make it in Germany" in name for name in names))

    def test_each_bad_field_is_named(self) -> None:
        cases = {
            "kind": {"kind": "alien"},
            "email": {"email": "no-at-sign"},
            "phone": {"phone": "call me"},
            "country": {"country": "ZZ"},
            "postal_code": {"postal_code": "5234"},
            "municipality": {"municipality": "123"},
            "link": {"link": "holiday"},
            "topics": {"topics": ["astrology"]},
            "message": {"message": "x" * 4001},
            "language": {"language": "fr"},
            "privacy_notice_version": {"privacy_notice_version": "0.9"},
            "sector": {"sector": "mining"},
            "company_name": {"company_name": "   "},
            "given_name": {"given_name": "A\x00B"},
            "family_name": {
                "kind": "person",
                "company_name": None,
                "sector": None,
                "family_name": "",
            },
        }
        for name, change in cases.items():
            with self.subTest(name):
                fields = [p.field for p in self.check(**change).problems]
                self.assertEqual(fields, [name])

    def test_messages_come_in_the_asked_language(self) -> None:
        (problem,) = self.check("de", email="nope").problems
        self.assertIn("E-Mail", problem.message)
        (problem,) = self.check("en", email="nope").problems
        self.assertIn("email address", problem.message)

    def test_a_person_may_not_send_company_fields(self) -> None:
        fields = {p.field for p in self.check(kind="person").problems}
        self.assertEqual(fields, {"company_name", "sector"})


@override_settings(PORTAL_RATE_LIMIT=0)
class RequestSubmitTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _partners()

    def submit(self, **changes: Any) -> IntakeItem:
        checked = request_check(valid(**changes), language="de")
        assert checked.data is not None, checked.problems
        with self.captureOnCommitCallbacks(execute=True):
            return request_submit(data=checked.data)

    def test_it_is_stored_routed_and_referenced(self) -> None:
        item = self.submit()
        self.assertRegex(item.request.reference, rf"^WCR-{timezone.localdate().year}-\d{{5}}$")
        self.assertEqual(
            (item.organisation.slug, item.location and item.location.slug), ("hwk-aachen", "aachen")
        )
        self.assertEqual(item.rule_priority, 11)
        self.assertEqual(item.status, "new")
        second = self.submit()
        first_number = int(item.request.reference.rsplit("-", 1)[1])
        self.assertEqual(second.request.reference.rsplit("-", 1)[1], f"{first_number + 1:05d}")
        event = AuditEvent.objects.get(action="portal_request.received", object_code=str(item.code))
        self.assertEqual(event.organisation, item.organisation)

    def test_each_year_counts_from_one(self) -> None:
        self.assertEqual(request_reference(year=2099), "WCR-2099-00001")
        self.assertEqual(request_reference(year=2099), "WCR-2099-00002")
        self.assertEqual(request_reference(year=2098), "WCR-2098-00001")
        self.assertEqual(RequestReferenceCounter.objects.get(year=2099).last_number, 2)

    def test_requests_never_accepted_are_deleted_after_the_retention(self) -> None:
        old = self.submit()
        PortalRequest.objects.filter(pk=old.request_id).update(
            received_at=timezone.now() - datetime.timedelta(days=91)
        )
        accepted = self.submit()
        PortalRequest.objects.filter(pk=accepted.request_id).update(
            received_at=timezone.now() - datetime.timedelta(days=91)
        )
        IntakeItem.objects.filter(pk=accepted.pk).update(
            status="accepted", decided_at=timezone.now()
        )
        recent = self.submit()
        self.assertEqual(requests_purge_expired(), 1)
        self.assertEqual(
            set(PortalRequest.objects.values_list("pk", flat=True)),
            {accepted.request_id, recent.request_id},
        )
        self.assertTrue(AuditEvent.objects.filter(action="portal_request.purged").exists())


class RequestCheckLimitsTests(TestCase):
    """The limits count what was sent, as the API's schema states them."""

    def check(self, **changes: Any) -> list[tuple[str, str]]:
        with translation.override("en"):
            checked = request_check(valid(**changes), language="en")
        return [(p.field, p.type) for p in checked.problems]

    def test_a_length_counts_the_spaces_around_the_text(self) -> None:
        self.assertEqual(self.check(family_name="x" * 100), [])
        self.assertEqual(
            self.check(family_name="x" * 100 + " "), [("family_name", "string_too_long")]
        )

    def test_the_number_of_topics_counts_repeats(self) -> None:
        self.assertEqual(self.check(topics=["recruitment"] * 20), [])
        self.assertEqual(self.check(topics=["recruitment"] * 21), [("topics", "too_long")])

    def test_a_malformed_topic_code_is_unknown_without_a_query(self) -> None:
        with self.assertNumQueries(1):  # the privacy notice in force, no topic query
            problems = request_check({"topics": ["a\ud800", "x" * 41]}, language="en").problems
        self.assertIn(("topics", "enum"), [(p.field, p.type) for p in problems])

    def test_an_email_needs_a_domain_with_a_dot(self) -> None:
        # Django's validator takes "localhost"; the API's pattern (and so the check) does not.
        self.assertEqual(self.check(email="jana@localhost"), [("email", "email")])


@skipUnless(connection.vendor == "postgresql", "row locks with NOWAIT: PostgreSQL only")
@override_settings(PORTAL_RATE_LIMIT=0)
class ReferenceCounterLockTests(TransactionTestCase):
    """The counter row is locked only while a number is taken, not while the request is
    stored: another request can take the next number meanwhile (SQLite serialises all
    writers anyway, so this is a PostgreSQL property)."""

    def setUp(self) -> None:
        from wcr.portal.tests.test_request_api import DATA_MIGRATIONS

        for module, function in DATA_MIGRATIONS:
            getattr(import_module(module), function)(global_apps, None)
        _partners()

    def test_the_counter_is_free_while_a_request_is_stored(self) -> None:
        checked = request_check(valid(), language="de")
        assert checked.data is not None
        request_submit(data=checked.data)  # the year's counter row exists (committed) from here on
        outcome: dict[str, object] = {}
        route = intake.route_with_rule

        def other_request() -> None:
            # Another connection, as another gunicorn worker would have.
            try:
                with connections["default"].cursor() as cursor:
                    cursor.execute(
                        "SELECT last_number FROM portal_requestreferencecounter "
                        "WHERE year = %s FOR UPDATE NOWAIT",
                        [timezone.localdate().year],
                    )
                    outcome["locked"] = False
            except Exception as exc:  # the lock error is the finding
                outcome["locked"] = type(exc).__name__
            finally:
                connections["default"].close()

        def routing_while_another_request_comes(*args: Any) -> Any:
            thread = threading.Thread(target=other_request)
            thread.start()
            thread.join(timeout=10)
            return route(*args)

        with mock.patch.object(intake, "route_with_rule", routing_while_another_request_comes):
            item = request_submit(data=checked.data)
        self.assertEqual(outcome, {"locked": False})
        self.assertTrue(PortalRequest.objects.filter(pk=item.request_id).exists())
