"""``POST /api/v1/portal/requests`` (shared/specs/interfaces.md, "Public portal: requests and
routing"): every answer of the spec, the default routing rules through the API, bad input in
every field named in the asked language, the rate limit, nothing stored when refused or outside
the area, and a confirmation mail that survives a mail server that is down."""

from __future__ import annotations

import json
from importlib import import_module
from typing import Any

from django.apps import apps as global_apps
from django.core.cache import cache
from django.db.models import Count
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wcr.core.testing.smtp import free_port, smtp_settings, smtp_sink
from wcr.core.testing.tasks import run_worker
from wcr.portal.api import REQUEST_BODY_LIMIT
from wcr.portal.models import IntakeItem, PortalRequest
from wcr.portal.models.notices import privacy_notice_in_force
from wcr.portal.tests.test_routing import TABLE, _partners
from wcr.region.models import Municipality

REQUESTS = "/api/v1/portal/requests"
DATA_MIGRATIONS = (
    ("wcr.region.migrations.0002_load_region_data", "load"),
    ("wcr.cases.migrations.0002_topics", "load"),
    ("wcr.portal.migrations.0002_default_routing_rules", "load"),
    ("wcr.portal.migrations.0004_privacy_notice_version_1", "publish"),
)


def valid(**changes: Any) -> dict[str, Any]:
    """A company's request from Düren; ``None`` drops a field."""
    notice = privacy_notice_in_force()
    assert notice is not None
    data: dict[str, Any] = {
        "kind": "company",
        "given_name": "Jana",
        "family_name": "Becker",
        "company_name": "Becker Sanitär GmbH",
        "sector": "crafts",
        "email": "jana.becker@example.org",
        "phone": "+49 2421 123456",
        "postal_code": "52349",  # Düren
        "topics": ["recruitment"],
        "message": "Wir suchen eine Anlagenmechanikerin.",
        "language": "de",
        "privacy_notice_version": notice.version,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def person(**changes: Any) -> dict[str, Any]:
    return valid(**{"kind": "person", "company_name": None, "sector": None, **changes})


def only_postal_code(ags: str) -> str:
    """A postal code that only this municipality uses."""
    municipality = Municipality.objects.get(ags=ags)
    codes = (
        municipality.postal_codes.annotate(users=Count("code"))
        .values_list("code", flat=True)
        .order_by("code")
    )
    for code in codes:
        if Municipality.objects.filter(postal_codes__code=code).count() == 1:
            return code
    raise AssertionError(f"{ags} shares every postal code")


class ApiTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _partners()

    def post(self, body: Any, lang: str | None = None, **extra: Any) -> Any:
        url = REQUESTS + (f"?lang={lang}" if lang else "")
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        content_type = extra.pop("content_type", "application/json")
        return self.client.post(url, data, content_type=content_type, **extra)

    def detail(self, body: Any, lang: str = "en", status: int = 422) -> list[dict[str, Any]]:
        response = self.post(body, lang)
        self.assertEqual(response.status_code, status, response.content)
        detail: list[dict[str, Any]] = response.json()["detail"]
        return detail


@override_settings(PORTAL_RATE_LIMIT=0)
class AnswerTests(ApiTestCase):
    def test_inside_the_area_201_with_reference_organisation_and_location(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post(valid())
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertEqual(set(body), {"reference", "organisation", "location", "in_service_area"})
        self.assertRegex(body["reference"], rf"^WCR-{timezone.localdate().year}-\d{{5}}$")
        self.assertEqual(
            (body["organisation"], body["location"], body["in_service_area"]),
            ("hwk-aachen", "aachen", True),
        )
        stored = PortalRequest.objects.get(reference=body["reference"])
        self.assertEqual(
            (stored.kind, stored.email, stored.language),
            ("company", "jana.becker@example.org", "de"),
        )
        self.assertEqual(stored.privacy_notice, privacy_notice_in_force())
        self.assertEqual([t.slug for t in stored.topics.all()], ["recruitment"])
        self.assertEqual(stored.intake.get().organisation.slug, "hwk-aachen")
        self.assertEqual(DBTaskResult.objects.count(), 1)  # the confirmation, queued

    def test_outside_the_area_200_with_alternatives_and_nothing_stored(self) -> None:
        for code in ("10115", "53879"):  # Berlin (not in the region data); Euskirchen
            with self.subTest(code), self.captureOnCommitCallbacks(execute=True):
                response = self.post(valid(postal_code=code), "de")
                self.assertEqual(response.status_code, 200)
                body = response.json()
                self.assertEqual(set(body), {"in_service_area", "alternatives"})
                self.assertIs(body["in_service_area"], False)
                self.assertEqual(len(body["alternatives"]), 3)
                for alternative in body["alternatives"]:
                    self.assertEqual(set(alternative), {"name", "url"})
                    self.assertTrue(alternative["url"].startswith("https://"))
                self.assertTrue(
                    any("Make it in Germany" in a["name"] for a in body["alternatives"])
                )
        self.assertEqual(PortalRequest.objects.count(), 0)
        self.assertEqual(IntakeItem.objects.count(), 0)
        self.assertEqual(DBTaskResult.objects.count(), 0)

    def test_an_ambiguous_postal_code_without_municipality_is_422_with_choices(self) -> None:
        detail = self.detail(valid(postal_code="52525"), "de")
        self.assertEqual(
            detail,
            [
                {
                    "loc": ["body", "municipality"],
                    "msg": "Die Postleitzahl 52525 gehört zu mehreren Gemeinden: Wählen Sie Ihre.",
                    "type": "ambiguous",
                    "choices": [
                        {"ags": "05370016", "name": "Heinsberg"},
                        {"ags": "05370032", "name": "Waldfeucht"},
                    ],
                }
            ],
        )
        self.assertEqual(PortalRequest.objects.count(), 0)

    def test_the_ambiguous_postal_code_with_its_municipality_is_routed(self) -> None:
        for ags in ("05370016", "05370032"):
            with self.subTest(ags):
                response = self.post(valid(postal_code="52525", municipality=ags))
                self.assertEqual(response.status_code, 201, response.content)
                self.assertEqual(response.json()["organisation"], "hwk-aachen")
                reference = response.json()["reference"]
                self.assertEqual(
                    PortalRequest.objects.get(reference=reference).municipality.ags, ags
                )

    def test_a_municipality_not_of_the_postal_code_is_refused_with_the_codes_choices(self) -> None:
        (error,) = self.detail(valid(postal_code="52525", municipality="05334002"))
        self.assertEqual((error["loc"], error["type"]), (["body", "municipality"], "enum"))
        self.assertEqual([c["ags"] for c in error["choices"]], ["05370016", "05370032"])

    def test_the_language_of_the_mail_defaults_to_the_asked_one(self) -> None:
        response = self.post(valid(language=None), "uk")
        reference = response.json()["reference"]
        self.assertEqual(PortalRequest.objects.get(reference=reference).language, "uk")
        response = self.post(valid(language=None), HTTP_ACCEPT_LANGUAGE="tr")
        reference = response.json()["reference"]
        self.assertEqual(PortalRequest.objects.get(reference=reference).language, "tr")

    def test_null_and_empty_optional_fields_mean_not_given(self) -> None:
        body = person(given_name=None, phone="", country="", link="", message="", language="")
        body.update({"given_name": None, "sector": None, "company_name": ""})
        response = self.post(body)
        self.assertEqual(response.status_code, 201, response.content)
        stored = PortalRequest.objects.get(reference=response.json()["reference"])
        self.assertEqual((stored.country, stored.link, stored.phone), ("DE", "residence", ""))

    def test_text_is_trimmed(self) -> None:
        response = self.post(valid(email=" jana@example.org\u00a0", family_name="  Becker "))
        self.assertEqual(response.status_code, 201, response.content)
        stored = PortalRequest.objects.get(reference=response.json()["reference"])
        self.assertEqual((stored.email, stored.family_name), ("jana@example.org", "Becker"))

    def test_a_topic_given_twice_counts_once(self) -> None:
        response = self.post(valid(topics=["recruitment", "recruitment"]))
        self.assertEqual(response.status_code, 201, response.content)
        stored = PortalRequest.objects.get(reference=response.json()["reference"])
        self.assertEqual(stored.topics.count(), 1)


@override_settings(PORTAL_RATE_LIMIT=0)
class RoutingTableTests(ApiTestCase):
    """The sample request of every default rule (``test_routing.TABLE``), sent through the API
    with a postal code of its municipality, and the edges of the area."""

    def test_every_default_rule_through_the_api(self) -> None:
        outside: list[int] = []
        for (kind, sector, ags, topics), priority, organisation, location in TABLE:
            with self.subTest(priority=priority):
                code = only_postal_code(ags)
                if kind == "company":
                    body = valid(sector=sector, postal_code=code, topics=topics or ["recruitment"])
                else:
                    body = person(postal_code=code, topics=topics or ["residence"])
                response = self.post(body)
                if not Municipality.objects.get(ags=ags).in_service_area:
                    # The rule set covers the chamber's whole district; the portal's service
                    # area does not (Kreis Euskirchen): such a request is answered as outside.
                    self.assertEqual(response.status_code, 200, response.content)
                    self.assertIs(response.json()["in_service_area"], False)
                    outside.append(priority)
                    continue
                self.assertEqual(response.status_code, 201, response.content)
                answer = response.json()
                self.assertEqual(
                    (answer["organisation"], answer["location"]), (organisation, location)
                )
                item = IntakeItem.objects.get(request__reference=answer["reference"])
                self.assertEqual(item.rule_priority, priority)
                self.assertEqual(item.request.municipality.ags, ags)
        self.assertEqual(outside, [12, 42])  # Bad Münstereifel

    def test_abroad_with_a_workplace_in_the_region(self) -> None:
        # A skilled worker in Ukraine with a planned workplace in Düren: routed by the workplace
        # (no person rule for Kreis Düren, so the catch-all and its nearest location).
        response = self.post(person(country="UA", postal_code="52349", link="workplace"))
        self.assertEqual(response.status_code, 201, response.content)
        answer = response.json()
        self.assertEqual((answer["organisation"], answer["location"]), ("whkt", "aachen"))
        stored = PortalRequest.objects.get(reference=answer["reference"])
        self.assertEqual(
            (stored.country, stored.link, stored.municipality.ags), ("UA", "workplace", "05358008")
        )

    def test_a_municipality_key_alone(self) -> None:
        response = self.post(valid(postal_code=None, municipality="05358008"))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["organisation"], "hwk-aachen")


# Bad input for every field: (field, value, German message, Arabic message). Each answers 422
# naming that field only.
BAD_FIELDS: list[tuple[str, Any, str, str]] = [
    ("kind", "alien", "Wählen Sie eines von: person, company.", "اختر واحدًا من: person, company."),
    ("kind", None, "Wählen Sie eines aus.", "اختر واحدًا."),
    ("given_name", "A\x00B", "Entfernen Sie die Steuerzeichen.", "أزل أحرف التحكم."),
    ("given_name", 7, "Geben Sie Text ein.", "أدخل نصًا."),
    (
        "family_name",
        "x" * 101,
        "Höchstens 100 Zeichen (jetzt 101).",
        "100 حرف كحد أقصى (الآن 101).",
    ),
    ("company_name", "   ", "Dieses Feld ist zwingend erforderlich.", "هذا الحقل مطلوب."),
    (
        "sector",
        "mining",
        "Wählen Sie eines von: crafts, industry, commerce, services, health_care, hospitality, it, agriculture, other.",
        "اختر واحدًا من: crafts, industry, commerce, services, health_care, hospitality, it, agriculture, other.",
    ),
    (
        "email",
        "no-at-sign",
        "Geben Sie eine E-Mail-Adresse wie name@example.org ein.",
        "أدخل عنوان بريد إلكتروني مثل name@example.org.",
    ),
    ("email", None, "Dieses Feld ist zwingend erforderlich.", "هذا الحقل مطلوب."),
    (
        "phone",
        "call me",
        "Geben Sie eine Telefonnummer mit Ziffern ein, z. B. +49 241 123456.",
        "أدخل رقم هاتف بالأرقام، مثل +49 241 123456.",
    ),
    (
        "country",
        "ZZ",
        "Wählen Sie ein Land (Code aus zwei Buchstaben wie DE).",
        "اختر دولة (رمز من حرفين مثل DE).",
    ),
    (
        "postal_code",
        "5234",
        "Geben Sie eine deutsche Postleitzahl mit fünf Ziffern ein.",
        "أدخل رمزًا بريديًا ألمانيًا من خمسة أرقام.",
    ),
    (
        "postal_code",
        52349,
        "Geben Sie eine deutsche Postleitzahl mit fünf Ziffern ein.",
        "أدخل رمزًا بريديًا ألمانيًا من خمسة أرقام.",
    ),
    ("municipality", "123", "Wählen Sie die Gemeinde aus der Liste.", "اختر البلدية من القائمة."),
    ("municipality", "99999999", "Unbekannter Gemeindeschlüssel.", "رمز بلدية غير معروف."),
    (
        "link",
        "holiday",
        "Wählen Sie eines von: residence, company_seat, workplace, training_place.",
        "اختر واحدًا من: residence, company_seat, workplace, training_place.",
    ),
    ("topics", ["astrology"], "Unbekanntes Thema: astrology.", "موضوع غير معروف: astrology."),
    ("topics", [], "Wählen Sie mindestens ein Thema.", "اختر موضوعًا واحدًا على الأقل."),
    (
        "topics",
        "recruitment",
        "Geben Sie die Themen als Liste von Codes an.",
        "أدخل المواضيع كقائمة من الرموز.",
    ),
    (
        "topics",
        [1],
        "Geben Sie die Themen als Liste von Codes an.",
        "أدخل المواضيع كقائمة من الرموز.",
    ),
    ("topics", ["recruitment"] * 21, "Höchstens 20 Themen.", "20 موضوعًا كحد أقصى."),
    (
        "message",
        "x" * 4001,
        "Höchstens 4000 Zeichen (jetzt 4001).",
        "4000 حرف كحد أقصى (الآن 4001).",
    ),
    (
        "language",
        "fr",
        "Wählen Sie eines von: de, en, ar, uk, tr.",
        "اختر واحدًا من: de, en, ar, uk, tr.",
    ),
    (
        "privacy_notice_version",
        None,
        "Nennen Sie die Version der Datenschutzerklärung, die Ihnen angezeigt wurde.",
        "اذكر إصدار إشعار الخصوصية الذي عُرض عليك.",
    ),
    (
        "privacy_notice_version",
        1,
        "Dies ist nicht die geltende Datenschutzerklärung (Version 1): Lesen Sie sie und senden "
        "Sie erneut.",
        "هذا ليس إشعار الخصوصية الساري (الإصدار 1): اقرأه وأرسل مرة أخرى.",
    ),
]


@override_settings(PORTAL_RATE_LIMIT=0)
class BadInputTests(ApiTestCase):
    def test_bad_input_in_every_field_is_422_naming_it_in_german_and_arabic(self) -> None:
        for field, value, german, arabic in BAD_FIELDS:
            body = (
                valid(postal_code=None, municipality=None) if field == "municipality" else valid()
            )
            if field == "municipality":
                body["municipality"] = value
            elif value is None:
                body.pop(field)
            else:
                body[field] = value
            with self.subTest(field=field, value=value):
                messages = {}
                for lang in ("de", "ar", "en"):
                    detail = self.detail(body, lang)
                    self.assertEqual([e["loc"] for e in detail], [["body", field]], detail)
                    messages[lang] = detail[0]["msg"]
                self.assertEqual(messages["de"], german)
                self.assertEqual(messages["ar"], arabic)
                # Worded in each language, not the English source.
                self.assertNotEqual(messages["de"], messages["en"])
                self.assertNotEqual(messages["ar"], messages["en"])
        self.assertEqual(PortalRequest.objects.count(), 0)
        self.assertEqual(DBTaskResult.objects.count(), 0)

    def test_a_person_sends_no_company_fields(self) -> None:
        detail = self.detail(person(company_name="Becker GmbH", sector="crafts"), "de")
        self.assertEqual(
            [(e["loc"], e["msg"], e["type"]) for e in detail],
            [
                (
                    ["body", "company_name"],
                    "Nur bei der Anfrage eines Unternehmens.",
                    "company_only",
                ),
                (["body", "sector"], "Nur bei der Anfrage eines Unternehmens.", "company_only"),
            ],
        )

    def test_a_person_needs_a_family_name(self) -> None:
        detail = self.detail(person(family_name=" "), "ar")
        self.assertEqual(detail[0]["loc"], ["body", "family_name"])
        self.assertEqual(detail[0]["msg"], "هذا الحقل مطلوب.")

    def test_an_unknown_field_is_refused(self) -> None:
        (error,) = self.detail(valid(website="https://example.org"), "de")
        self.assertEqual((error["loc"], error["type"]), (["body", "website"], "extra_forbidden"))
        self.assertEqual(error["msg"], "Dieses Feld gehört nicht zu einer Anfrage.")

    def test_an_outdated_privacy_notice_version_is_refused(self) -> None:
        notice = privacy_notice_in_force()
        assert notice is not None
        notice.pk = None
        notice.version = "99"
        notice.save()
        (error,) = self.detail(valid(privacy_notice_version="1"), "de")
        self.assertEqual(
            (error["loc"], error["type"]), (["body", "privacy_notice_version"], "outdated")
        )
        self.assertIn("99", error["msg"])
        self.assertEqual(self.post(valid(privacy_notice_version="99")).status_code, 201)

    def test_every_error_is_named_together(self) -> None:
        detail = self.detail(valid(kind="firm", email="x", topics=[]) | {"a": 1}, "de")
        self.assertEqual({e["loc"][1] for e in detail}, {"a", "kind", "email", "topics"})

    def test_a_bad_language_parameter_is_named_with_the_rest(self) -> None:
        detail = self.detail(valid(email="x"), "fr")
        self.assertEqual([e["loc"] for e in detail], [["body", "email"], ["query", "lang"]])

    def test_a_body_that_is_not_a_json_object_is_422_never_500(self) -> None:
        bodies = [
            ("not json", "application/json", "json_invalid"),
            (b"\xff\xfe\x00", "application/json", "json_invalid"),
            ("{", "application/json", "json_invalid"),
            ("[" * 30000 + "]" * 30000, "application/json", "json_invalid"),  # too deep
            ("[1, 2]", "application/json", "object_type"),
            ('"text"', "application/json", "object_type"),
            ("null", "application/json", "object_type"),
            ("kind=person", "application/x-www-form-urlencoded", "content_type"),
            (json.dumps(valid()), "text/plain", "content_type"),
        ]
        for body, content_type, kind in bodies:
            with self.subTest(body=body[:20], content_type=content_type):
                response = self.post(body, "de", content_type=content_type)
                self.assertEqual(response.status_code, 422)
                (error,) = response.json()["detail"]
                self.assertEqual((error["loc"], error["type"]), (["body"], kind))
                self.assertNotEqual(error["msg"], "")
        self.assertEqual(PortalRequest.objects.count(), 0)

    def test_a_body_over_the_limit_is_413(self) -> None:
        body = json.dumps(valid(message="x" * 4000)) + " " * REQUEST_BODY_LIMIT
        response = self.post(body, "de")
        self.assertEqual(response.status_code, 413)
        (error,) = response.json()["detail"]
        self.assertEqual((error["loc"], error["type"]), (["body"], "too_large"))

    def test_the_largest_valid_body_fits_the_limit(self) -> None:
        body = valid(
            given_name="😀" * 100,
            family_name="😀" * 100,
            company_name="😀" * 200,
            message="😀" * 4000,
            topics=["recruitment"] * 20,
        )
        encoded = json.dumps(body)  # ASCII only: each emoji is a 12-byte surrogate pair
        self.assertLess(len(encoded), REQUEST_BODY_LIMIT)
        self.assertEqual(self.post(encoded).status_code, 201)


class RateLimitTests(ApiTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.addCleanup(cache.clear)

    @override_settings(PORTAL_RATE_LIMIT=2)
    def test_after_the_limit_429_with_retry_after_and_nothing_stored(self) -> None:
        self.assertEqual(self.post(valid()).status_code, 201)
        self.assertEqual(self.post(valid(email="x")).status_code, 422)
        response = self.post(valid(), "de")
        self.assertEqual(response.status_code, 429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 3600)
        self.assertEqual(response.json()["detail"][0]["type"], "rate_limited")
        self.assertEqual(response.json()["detail"][0]["loc"], ["client"])
        self.assertEqual(PortalRequest.objects.count(), 1)
        self.assertEqual(self.post(valid(), REMOTE_ADDR="192.0.2.7").status_code, 201)


@override_settings(PORTAL_RATE_LIMIT=0)
class OpenApiTests(ApiTestCase):
    def test_the_document_states_the_body_and_every_answer(self) -> None:
        document = self.client.get("/api/v1/openapi.json").json()
        operation = document["paths"][REQUESTS]["post"]
        self.assertNotIn("security", operation)
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        self.assertIs(schema["additionalProperties"], False)
        self.assertEqual(
            set(schema["required"]), {"kind", "email", "topics", "privacy_notice_version"}
        )
        self.assertEqual(schema["properties"]["message"]["maxLength"], 4000)
        self.assertEqual(
            (
                schema["properties"]["topics"]["minItems"],
                schema["properties"]["topics"]["maxItems"],
            ),
            (1, 20),
        )
        for status in ("200", "201", "413", "422", "429"):
            self.assertIn(status, operation["responses"])


@override_settings(PORTAL_RATE_LIMIT=0)
class MailNeverLostTests(TransactionTestCase):
    """The mail server is down when the request comes in: the request is stored and answered
    201; the worker's attempt fails; once the server is back, the retry delivers the
    confirmation exactly once, in the request's language, with its reference."""

    def setUp(self) -> None:
        # A TransactionTestCase starts from an empty database (the flush of the one before):
        # the data migrations' region data, topics, rules and notice are loaded again.
        # (serialized_rollback would clash with the content types another such test's flush
        # recreated.)
        for module, function in DATA_MIGRATIONS:
            getattr(import_module(module), function)(global_apps, None)
        _partners()

    def test_a_request_survives_a_mail_server_that_is_down(self) -> None:
        port = free_port()  # nothing listens here yet
        with override_settings(**smtp_settings(port), TASK_MAX_ATTEMPTS=5):
            response = self.client.post(
                REQUESTS + "?lang=de",
                json.dumps(person(language="ar", given_name="Amina", family_name="Yusuf")),
                content_type="application/json",
            )
            self.assertEqual(response.status_code, 201, response.content)
            reference = response.json()["reference"]
            self.assertTrue(PortalRequest.objects.filter(reference=reference).exists())
            run_worker()
            failed, retry = DBTaskResult.objects.order_by("enqueued_at")
            self.assertEqual(failed.status, "FAILED")
            self.assertEqual(retry.status, "READY")
            # Time passes until the retry is due; the mail server is back on its port.
            DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
            with smtp_sink(port=port) as (_port, received):
                run_worker()
                run_worker()
                run_worker()
            self.assertEqual(len(received), 1)
            message = received[0]
            self.assertEqual(message["To"], "jana.becker@example.org")
            self.assertIn(reference, str(message["Subject"]))
            text = message.get_body(("plain",)).get_content()
            self.assertIn(reference, text)
            self.assertIn("Amina Yusuf", text)
            self.assertIn("شكرًا", text)  # Arabic: the request's language, not the page's
            retry.refresh_from_db()
            self.assertEqual(retry.status, "SUCCESSFUL")
            # The sealed message is gone from both rows once sent.
            for row in DBTaskResult.objects.all():
                self.assertEqual(row.args_kwargs["kwargs"]["sealed"], "")
            self.assertFalse(DBTaskResult.objects.filter(status="READY").exists())
