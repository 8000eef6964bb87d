"""``GET /api/v1/portal/slots`` and ``POST /api/v1/portal/bookings`` (shared/specs/interfaces.md,
"Public portal: appointments"): the shape and the offsets, the filters, every bad parameter and
field named in the asked language, 201 with a manage link that opens, 409 with the next free
slots, 413, 429; and the acceptance: 20 concurrent bookings of one slot through a live server
(SQLite with the development server; PostgreSQL with gunicorn), exactly one succeeds."""

from __future__ import annotations

import datetime
import json
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any
from unittest import mock, skipUnless
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from wcr.cases.models import Topic
from wcr.core.testing.base import WcrTestCase
from wcr.portal.booking.api import BOOKING_BODY_LIMIT
from wcr.portal.booking.slots import BERLIN
from wcr.portal.models import Booking, PortalRequest
from wcr.portal.models.notices import privacy_notice_in_force
from wcr.portal.tests.booking_data import MONDAY, NOW, schedule_for, slots_on
from wcr.region.models import Municipality

SLOTS = "/api/v1/portal/slots"
BOOKINGS = "/api/v1/portal/bookings"
ITEM_KEYS = {"code", "start", "end", "location", "channel", "organisation"}
ROOT = Path(__file__).resolve().parents[3]


def at(now: datetime.datetime) -> Any:
    """ "Now" for the slot rules (notice, horizon) and the manage link's validity."""
    return mock.patch("django.utils.timezone.now", return_value=now)


def query(**changes: Any) -> dict[str, str]:
    """Monday and Tuesday at Aachen in person; ``None`` drops a parameter."""
    data = {"location": "aachen", "channel": "in_person", "from": "2027-01-11", "to": "2027-01-12"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@override_settings(PORTAL_RATE_LIMIT=0)
class SlotListTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.schedule = schedule_for(cls.counsellor, cls.location)

    def setUp(self) -> None:
        patcher = at(NOW)
        patcher.start()
        self.addCleanup(patcher.stop)

    def slots(self, **changes: Any) -> list[dict[str, Any]]:
        response = self.client.get(SLOTS, query(**changes))
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["count"], len(body["items"]))
        items: list[dict[str, Any]] = body["items"]
        return items

    def test_the_free_slots_with_berlin_offsets_and_slugs(self) -> None:
        items = self.slots()
        # 09:00, 10:00, 11:00 on Monday and on Tuesday, earliest first.
        self.assertEqual(len(items), 6)
        self.assertEqual(set(items[0]), ITEM_KEYS)
        self.assertEqual(
            items[0],
            {
                "code": slots_on(MONDAY)[0].code,
                "start": "2027-01-11T09:00:00+01:00",
                "end": "2027-01-11T09:45:00+01:00",
                "location": "aachen",
                "channel": "in_person",
                "organisation": "org-a",
            },
        )
        self.assertEqual(items[-1]["start"], "2027-01-12T11:00:00+01:00")
        self.assertEqual([i["start"] for i in items], sorted(i["start"] for i in items))

    def test_summer_times_carry_the_summer_offset(self) -> None:
        with at(datetime.datetime(2027, 6, 4, 12, 0, tzinfo=BERLIN)):
            items = self.slots(**{"from": "2027-06-07", "to": "2027-06-07"})
        self.assertEqual(
            [(i["start"], i["end"]) for i in items][:1],
            [("2027-06-07T09:00:00+02:00", "2027-06-07T09:45:00+02:00")],
        )
        start = datetime.datetime.fromisoformat(items[0]["start"])
        self.assertEqual(start, datetime.datetime(2027, 6, 7, 7, 0, tzinfo=datetime.UTC))

    def test_a_booked_slot_is_not_listed(self) -> None:
        code = self.slots()[0]["code"]
        response = self.client.post(BOOKINGS, booking(code), content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertNotIn(code, [i["code"] for i in self.slots()])
        self.assertEqual(len(self.slots()), 5)

    def test_the_filters_location_channel_organisation_topic(self) -> None:
        schedule_for(
            self.other_counsellor, self.other_location, weekdays=(0,), channel="phone"
        )  # org-b, Neuss, by phone
        self.assertEqual(self.slots(location="neuss"), [])  # Neuss has no in-person window
        phone = self.slots(location="neuss", channel="phone")
        self.assertEqual(
            {(i["location"], i["channel"], i["organisation"]) for i in phone},
            {("neuss", "phone", "org-b")},
        )
        self.assertEqual(len(phone), 3)  # Monday only
        self.assertEqual(
            len(self.slots(location="neuss", channel="phone", organisation="org-b")), 3
        )
        self.assertEqual(self.slots(location="neuss", channel="phone", organisation="org-a"), [])
        self.assertEqual(self.slots(organisation="org-b"), [])
        # A schedule with topics offers only them; one without offers every topic.
        self.schedule.topics.set([Topic.objects.get(slug="recognition")])
        self.assertEqual(len(self.slots(topic="recognition")), 6)
        self.assertEqual(self.slots(topic="residence"), [])
        self.assertEqual(len(self.slots(location="neuss", channel="phone", topic="residence")), 3)

    def test_a_range_of_62_days_is_answered(self) -> None:
        items = self.slots(**{"from": "2027-01-11", "to": "2027-03-14"})  # 62 days apart
        # Up to the horizon (56 days after the Friday): eight weeks of weekdays less the
        # NRW holidays (none in that time).
        self.assertEqual(items[-1]["start"][:10], "2027-03-05")
        self.assertEqual(len(items), 3 * 5 * 8)

    def errors(self, params: dict[str, str], lang: str) -> list[dict[str, Any]]:
        response = self.client.get(SLOTS, {**params, "lang": lang})
        self.assertEqual(response.status_code, 422, response.content)
        detail: list[dict[str, Any]] = response.json()["detail"]
        return detail

    def test_each_bad_parameter_is_named_in_german_and_arabic(self) -> None:
        location = (
            "Wählen Sie einen der Standorte, die Termine anbieten.",
            "اختر أحد المواقع التي تقدم مواعيد.",
        )
        day = (
            "Geben Sie einen Tag als JJJJ-MM-TT zwischen 2000-01-01 und 2099-12-31 an.",
            "أدخل يومًا بالصيغة YYYY-MM-DD من 2000-01-01 إلى 2099-12-31.",
        )
        cases = [
            (query(location=None), "location", "missing", location),
            (query(location="no such"), "location", "string_pattern_mismatch", location),
            (query(location="nowhere"), "location", "enum", location),
            (
                query(channel="fax"),
                "channel",
                "enum",
                (
                    "Wählen Sie einen der Wege in_person, phone, video.",
                    "اختر إحدى القنوات in_person, phone, video.",
                ),
            ),
            (query(channel=None), "channel", "missing", None),
            (query(**{"from": "2027-02-30"}), "from", "date_type", day),
            (query(**{"from": None}), "from", "missing", day),
            (query(to="11.01.2027"), "to", "date_type", day),
            (query(to="1999-12-31"), "to", "date_type", day),
            (
                query(to="2027-01-10"),
                "to",
                "range_reversed",
                ("Der letzte Tag liegt vor dem ersten.", "اليوم الأخير قبل اليوم الأول."),
            ),
            (
                query(to="2027-03-15"),
                "to",
                "range_too_long",
                (
                    "Höchstens 62 Tage nach dem ersten Tag.",
                    "على الأكثر 62 يومًا بعد اليوم الأول.",
                ),
            ),
            (
                query(organisation="nobody"),
                "organisation",
                "enum",
                ("Wählen Sie eine der Partnerorganisationen.", "اختر إحدى المنظمات الشريكة."),
            ),
            (query(organisation=""), "organisation", "string_pattern_mismatch", None),
            (
                query(topic="nope"),
                "topic",
                "enum",
                ("Unbekanntes Thema: nope.", "موضوع غير معروف: nope."),
            ),
        ]
        for params, field, kind, messages in cases:
            for index, lang in enumerate(("de", "ar")):
                with self.subTest(field=field, kind=kind, lang=lang):
                    detail = self.errors(params, lang)
                    self.assertEqual(
                        [(e["loc"], e["type"]) for e in detail], [(["query", field], kind)]
                    )
                    if messages:
                        self.assertEqual(detail[0]["msg"], messages[index])

    def test_every_missing_parameter_is_named_at_once(self) -> None:
        detail = self.errors({}, "de")
        self.assertEqual([e["loc"][1] for e in detail], ["location", "channel", "from", "to"])

    def test_an_unknown_language_is_named_in_the_accept_language(self) -> None:
        response = self.client.get(
            SLOTS, {**query(channel="fax"), "lang": "xx"}, HTTP_ACCEPT_LANGUAGE="ar"
        )
        self.assertEqual(response.status_code, 422)
        detail = response.json()["detail"]
        self.assertEqual([e["loc"] for e in detail], [["query", "channel"], ["query", "lang"]])
        self.assertEqual(detail[0]["msg"], "اختر إحدى القنوات in_person, phone, video.")


def booking(code: str, /, **changes: Any) -> str:
    notice = privacy_notice_in_force()
    assert notice is not None
    data: dict[str, Any] = {
        "slot": code,
        "name": "Amina Yusuf",
        "email": "amina@example.org",
        "language": "ar",
        "privacy_notice_version": notice.version,
    }
    data.update(changes)
    return json.dumps({key: value for key, value in data.items() if value is not None})


@override_settings(PORTAL_RATE_LIMIT=0)
class BookingTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        schedule_for(cls.counsellor, cls.location)

    def setUp(self) -> None:
        patcher = at(NOW)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.first, self.second, *_rest = (s.code for s in slots_on(MONDAY))

    def post(self, body: str | bytes, lang: str = "en", **extra: Any) -> Any:
        content_type = extra.pop("content_type", "application/json")
        return self.client.post(f"{BOOKINGS}?lang={lang}", body, content_type=content_type, **extra)

    def test_201_with_the_booking_and_a_manage_link_that_opens(self) -> None:
        response = self.post(booking(self.first, time_zone="Asia/Damascus"))
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            set(body), {"reference", "start", "end", "location", "channel", "manage_url"}
        )
        self.assertEqual(
            (body["start"], body["end"], body["location"], body["channel"]),
            ("2027-01-11T09:00:00+01:00", "2027-01-11T09:45:00+01:00", "aachen", "in_person"),
        )
        stored = Booking.objects.get()
        self.assertEqual(body["reference"], stored.reference)
        self.assertEqual(
            (stored.name, stored.email, stored.language, stored.time_zone),
            ("Amina Yusuf", "amina@example.org", "ar", "Asia/Damascus"),
        )
        self.assertEqual(stored.privacy_notice, privacy_notice_in_force())
        self.assertIsNone(stored.request)
        page = self.client.get(urlsplit(body["manage_url"]).path)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, stored.reference)
        forged = self.client.get(urlsplit(body["manage_url"]).path[:-3] + "xx/")
        self.assertEqual(forged.status_code, 404)

    def test_a_booking_for_a_request_is_linked_to_it(self) -> None:
        municipality, notice = Municipality.objects.first(), privacy_notice_in_force()
        assert municipality is not None and notice is not None
        request = PortalRequest.objects.create(
            reference="WCR-2027-00042",
            kind="person",
            family_name="Yusuf",
            email="amina@example.org",
            municipality=municipality,
            link="residence",
            language="ar",
            privacy_notice=notice,
        )
        # Only from the request's own address: a reference alone links nobody's case.
        response = self.post(booking(self.first, request="WCR-2027-00042", email="x@example.org"))
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(response.json()["detail"][0]["loc"], ["body", "request"])
        response = self.post(
            booking(self.first, request="WCR-2027-00042", email="Amina@Example.org")
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Booking.objects.get().request, request)

    def test_409_with_the_next_free_slots_once_the_slot_is_taken(self) -> None:
        self.assertEqual(self.post(booking(self.first)).status_code, 201)
        response = self.post(booking(self.first, name="Someone Else"))
        self.assertEqual(response.status_code, 409, response.content)
        body = response.json()
        self.assertEqual(body["detail"], "slot_taken")
        self.assertEqual([set(s) for s in body["next_slots"]], [ITEM_KEYS] * 3)
        self.assertEqual(
            [s["start"] for s in body["next_slots"]],
            [
                "2027-01-11T10:00:00+01:00",
                "2027-01-11T11:00:00+01:00",
                "2027-01-12T09:00:00+01:00",
            ],
        )
        self.assertEqual(body["next_slots"][0]["code"], self.second)
        self.assertEqual(Booking.objects.count(), 1)
        # A well-formed code that names no window is no free slot either.
        response = self.post(booking("0" * 32 + "-202701110900"))
        self.assertEqual(response.json(), {"detail": "slot_taken", "next_slots": []})

    def test_each_bad_field_is_422_naming_it_and_nothing_is_booked(self) -> None:
        notice = privacy_notice_in_force()
        assert notice is not None
        cases = [
            ({"slot": None}, "slot", "missing"),
            ({"slot": "tomorrow at nine"}, "slot", "pattern"),
            ({"slot": 42}, "slot", "pattern"),
            ({"name": None}, "name", "missing"),
            ({"name": " \u200b "}, "name", "missing"),
            ({"name": "A" * 201}, "name", "string_too_long"),
            ({"name": "Amina\x00"}, "name", "text_control"),
            ({"name": ["Amina"]}, "name", "string_type"),
            ({"email": "amina@"}, "email", "email"),
            ({"email": None}, "email", "missing"),
            ({"language": "fr"}, "language", "enum"),
            ({"language": None}, "language", "missing"),
            ({"request": "WCR-2027-99999"}, "request", "not_found"),
            ({"request": "nonsense"}, "request", "not_found"),
            ({"privacy_notice_version": "999"}, "privacy_notice_version", "outdated"),
            ({"privacy_notice_version": None}, "privacy_notice_version", "missing"),
            ({"time_zone": "Mars/Olympus"}, "time_zone", "enum"),
            ({"time_zone": 1}, "time_zone", "enum"),
            ({"phone": "+49 241 1"}, "phone", "extra_forbidden"),
        ]
        for changes, field, kind in cases:
            with self.subTest(field=field, kind=kind):
                response = self.post(booking(self.first, **changes))
                self.assertEqual(response.status_code, 422, response.content)
                detail = response.json()["detail"]
                self.assertEqual([(e["loc"], e["type"]) for e in detail], [(["body", field], kind)])
        self.assertEqual(Booking.objects.count(), 0)

    def test_the_messages_come_in_the_asked_language(self) -> None:
        response = self.post(booking("x", request="WCR-2027-99999", extra=1), lang="ar")
        messages = {e["loc"][1]: e["msg"] for e in response.json()["detail"]}
        self.assertEqual(
            messages,
            {
                "extra": "هذا الحقل ليس جزءًا من الحجز.",
                "slot": "اختر أحد المواعيد المتاحة (رمزه).",
                "request": "لم يُرسل أي طلب استشارة بهذا الرقم المرجعي من عنوان البريد الإلكتروني هذا.",
            },
        )
        response = self.post(booking(self.first, time_zone="Berlin"), lang="de")
        self.assertEqual(
            response.json()["detail"][0]["msg"], "Geben Sie eine Zeitzone wie Europe/Berlin an."
        )

    def test_a_body_that_is_no_json_object(self) -> None:
        for body, content_type, kind in (
            ("{", "application/json", "json_invalid"),
            ("[]", "application/json", "object_type"),
            ("slot=x", "application/x-www-form-urlencoded", "content_type"),
        ):
            with self.subTest(kind):
                response = self.post(body, content_type=content_type)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(
                    [(e["loc"], e["type"]) for e in response.json()["detail"]], [(["body"], kind)]
                )

    def test_413_for_a_body_over_the_limit(self) -> None:
        body = booking(self.first, name="A" * BOOKING_BODY_LIMIT)
        response = self.post(body)
        self.assertEqual(response.status_code, 413)
        self.assertEqual(
            [(e["loc"], e["type"]) for e in response.json()["detail"]], [(["body"], "too_large")]
        )
        self.assertEqual(Booking.objects.count(), 0)
        # At the limit the body is read (and here refused for its name, not its size).
        padded = booking(self.first, name="A" * 201)
        padded = padded[:-1] + " " * (BOOKING_BODY_LIMIT - len(padded.encode())) + "}"
        self.assertEqual(len(padded.encode()), BOOKING_BODY_LIMIT)
        self.assertEqual(self.post(padded).status_code, 422)


class RateLimitTests(WcrTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.addCleanup(cache.clear)

    @override_settings(PORTAL_RATE_LIMIT=2)
    def test_the_third_request_is_429_with_retry_after_shared_with_the_portal(self) -> None:
        self.assertEqual(self.client.get("/api/v1/portal/topics").status_code, 200)
        self.assertEqual(self.client.get(SLOTS, query()).status_code, 200)
        response = self.client.post(
            f"{BOOKINGS}?lang=de", booking("x"), content_type="application/json"
        )
        self.assertEqual(response.status_code, 429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 3600)
        self.assertEqual(
            [(e["loc"], e["type"]) for e in response.json()["detail"]],
            [(["client"], "rate_limited")],
        )
        self.assertEqual(self.client.get(SLOTS, query()).status_code, 429)


# --- 20 concurrent bookings of one slot through a live server ---------------------------------

SEED = """
from wcr.accounts.models import Location, Membership, Organisation, Role, User
from wcr.portal.tests.booking_data import schedule_for
location = Location.objects.create(slug="aachen", name="Aachen")
organisation = Organisation.objects.create(slug="org-a", name="Organisation A")
user = User.objects.create_user(username="counsellor.a", email="a@example.org")
Membership.objects.create(user=user, organisation=organisation, role=Role.COUNSELLOR)
schedule_for(user, location, weekdays=tuple(range(7)), open_on_holidays=True)
"""
RACERS = 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _call(url: str, body: bytes | None = None) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=body, method="POST" if body else "GET")  # noqa: S310
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


class ConcurrentBookingTests(SimpleTestCase):
    """A live server on a free port with a database of its own, migrated and seeded with one
    published schedule; 20 threads book its first free slot at the same moment."""

    def environment(self, database_url: str, data_dir: str) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": database_url,
            "DATA_DIR": data_dir,
            "DEBUG": "false",
            "DEMO_MODE": "false",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "AUDIT_CHAIN_KEY": "race:" + secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "PORTAL_RATE_LIMIT": "0",
            "EMAIL_URL": "smtp://127.0.0.1:1",
            "LOG_LEVEL": "ERROR",
        }

    def prepare(self, env: dict[str, str]) -> None:
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--noinput", "-v", "0"], ["shell", "-v", "0", "-c", SEED]):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True)

    def serve(self, command: list[str], env: dict[str, str], port: int) -> str:
        log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the cleanup)
        self.addCleanup(log.close)
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)

        def stop() -> None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

        self.addCleanup(stop)
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()  # noqa: S310
                return base
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.2)
        log.seek(0)
        self.fail(f"the server did not start: {log.read().decode(errors='replace')[-2000:]}")

    def race(self, base: str) -> None:
        today = timezone.localdate()
        status, body = _call(
            f"{base}{SLOTS}?location=aachen&channel=in_person"
            f"&from={today + datetime.timedelta(days=3)}&to={today + datetime.timedelta(days=9)}"
        )
        self.assertEqual(status, 200, body)
        code = body["items"][0]["code"]
        _status, notice = _call(f"{base}/api/v1/portal/privacy-notice")
        barrier = threading.Barrier(RACERS)

        def book(index: int) -> tuple[int, dict[str, Any]]:
            data = {
                "slot": code,
                "name": f"Racer {index}",
                "email": f"racer{index}@example.org",
                "language": "de",
                "privacy_notice_version": notice["version"],
            }
            barrier.wait()
            return _call(f"{base}{BOOKINGS}", json.dumps(data).encode())

        with ThreadPoolExecutor(RACERS) as pool:
            answers = list(pool.map(book, range(RACERS)))
        statuses = sorted(status for status, _body in answers)
        self.assertEqual(statuses, [201] + [409] * (RACERS - 1), answers)
        for status, answer in answers:
            if status == 409:
                self.assertEqual(answer["detail"], "slot_taken")
                self.assertNotIn(code, [s["code"] for s in answer["next_slots"]])
        # The slot is gone from the list; the booking is the one the 201 named.
        status, body = _call(
            f"{base}{SLOTS}?location=aachen&channel=in_person"
            f"&from={today + datetime.timedelta(days=3)}&to={today + datetime.timedelta(days=9)}"
        )
        self.assertNotIn(code, [item["code"] for item in body["items"]])

    def test_sqlite_with_the_development_server(self) -> None:
        work = tempfile.mkdtemp(prefix="wcr-race-")
        self.addCleanup(shutil.rmtree, work, True)
        database = Path(work) / "wcr.sqlite3"
        env = self.environment(f"sqlite:///{database}", work)
        self.prepare(env)
        port = _free_port()
        base = self.serve(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env,
            port,
        )
        self.race(base)
        with closing(sqlite3.connect(database)) as db:
            (count,) = db.execute(f"SELECT COUNT(*) FROM {Booking._meta.db_table}").fetchone()  # noqa: S608
        self.assertEqual(count, 1)

    @skipUnless(connection.vendor == "postgresql", "needs DATABASE_URL=postgres://…")
    def test_postgresql_with_gunicorn_and_four_workers(self) -> None:
        import psycopg

        db = settings.DATABASES["default"]
        name = f"wcr_race_{os.getpid()}_{secrets.token_hex(3)}"
        admin = {
            "host": db["HOST"] or None,
            "port": db["PORT"] or None,
            "user": db["USER"] or None,
            "password": db["PASSWORD"] or None,
            "dbname": "postgres",
        }
        with psycopg.connect(**admin, autocommit=True) as pg:
            pg.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(**admin, autocommit=True) as pg:
                pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        self.addCleanup(drop)
        credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        url = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
        work = tempfile.mkdtemp(prefix="wcr-race-")
        self.addCleanup(shutil.rmtree, work, True)
        env = self.environment(url, work)
        self.prepare(env)
        port = _free_port()
        base = self.serve(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "wcr.wsgi",
                "--workers",
                "4",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env,
            port,
        )
        self.race(base)
        with psycopg.connect(**{**admin, "dbname": name}) as pg:
            row = pg.execute(f"SELECT COUNT(*) FROM {Booking._meta.db_table}").fetchone()  # noqa: S608
        self.assertEqual(row, (1,))
