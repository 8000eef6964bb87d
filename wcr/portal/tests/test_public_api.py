"""The public portal API (shared/specs/interfaces.md, "Public portal"): municipalities of a
postal code, topics and the privacy notice in force; no token, answers in the asked language,
422 naming the field in that language, 429 with Retry-After per client address."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.utils import timezone

from wcr.cases.models import Topic
from wcr.portal.models import PrivacyNotice

MUNICIPALITIES = "/api/v1/portal/municipalities"
TOPICS = "/api/v1/portal/topics"
NOTICE = "/api/v1/portal/privacy-notice"


@override_settings(PORTAL_RATE_LIMIT=0)
class MunicipalitiesTests(TestCase):
    def test_a_postal_code_of_one_municipality(self) -> None:
        response = self.client.get(MUNICIPALITIES, {"postal_code": "52222"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "items": [
                    {
                        "ags": "05334032",  # the spec's example key is illustrative
                        "name": "Stolberg (Rhld.)",
                        "district": "StädteRegion Aachen",
                        "in_service_area": True,
                    }
                ],
                "count": 1,
            },
        )

    def test_a_postal_code_spanning_two_municipalities(self) -> None:
        body = self.client.get(MUNICIPALITIES, {"postal_code": "52525"}).json()
        self.assertEqual(body["count"], 2)
        self.assertEqual([m["ags"] for m in body["items"]], ["05370016", "05370032"])
        self.assertEqual({m["district"] for m in body["items"]}, {"Kreis Heinsberg"})

    def test_outside_the_service_area_and_outside_the_region(self) -> None:
        euskirchen = self.client.get(MUNICIPALITIES, {"postal_code": "53879"}).json()
        self.assertTrue(euskirchen["items"])
        self.assertEqual({m["in_service_area"] for m in euskirchen["items"]}, {False})
        self.assertEqual(
            self.client.get(MUNICIPALITIES, {"postal_code": "10115"}).json(),
            {"items": [], "count": 0},
        )

    def test_a_bad_postal_code_is_422_naming_it_in_the_asked_language(self) -> None:
        messages = {
            "de": "Geben Sie eine Postleitzahl mit fünf Ziffern ein.",
            "en": "Enter a postal code of five digits.",
            "ar": "أدخل رمزًا بريديًا من خمسة أرقام.",
            "uk": "Введіть поштовий індекс із п’яти цифр.",
            "tr": "Beş haneli bir posta kodu girin.",
        }
        for language, message in messages.items():
            for bad in ("5222", "522222", "52a22", "٥٢٢٢٢", "52222\n", ""):
                with self.subTest(language=language, postal_code=bad):
                    response = self.client.get(
                        MUNICIPALITIES, {"postal_code": bad, "lang": language}
                    )
                    self.assertEqual(response.status_code, 422)
                    self.assertEqual(
                        response.json(),
                        {
                            "detail": [
                                {
                                    "loc": ["query", "postal_code"],
                                    "msg": message,
                                    "type": "string_pattern_mismatch",
                                }
                            ]
                        },
                    )
        by_header = self.client.get(MUNICIPALITIES, HTTP_ACCEPT_LANGUAGE="ar")
        self.assertEqual(by_header.status_code, 422)
        self.assertEqual(by_header.json()["detail"][0]["loc"], ["query", "postal_code"])
        self.assertEqual(by_header.json()["detail"][0]["msg"], messages["ar"])
        self.assertEqual(by_header.json()["detail"][0]["type"], "missing")

    def test_a_bad_language_and_a_bad_postal_code_are_named_together(self) -> None:
        response = self.client.get(
            MUNICIPALITIES, {"postal_code": "x", "lang": "fr"}, HTTP_ACCEPT_LANGUAGE="en"
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            [error["loc"] for error in response.json()["detail"]],
            [["query", "postal_code"], ["query", "lang"]],
        )
        self.assertEqual(response.json()["detail"][0]["msg"], "Enter a postal code of five digits.")

    def test_an_unknown_language_is_422_naming_lang(self) -> None:
        response = self.client.get(
            MUNICIPALITIES, {"postal_code": "52222", "lang": "fr"}, HTTP_ACCEPT_LANGUAGE="de"
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            [
                {
                    "loc": ["query", "lang"],
                    "msg": "Wählen Sie eine der Sprachen de, en, ar, uk, tr.",
                    "type": "enum",
                }
            ],
        )


@override_settings(PORTAL_RATE_LIMIT=0)
class TopicsTests(TestCase):
    def test_the_topics_in_each_language(self) -> None:
        expected_first = {
            "de": "Fachkräftegewinnung und Einwanderung",
            "en": "Recruitment and immigration",
            "ar": "استقطاب العمالة الماهرة والهجرة",
            "uk": "Залучення фахівців та імміграція",
            "tr": "Nitelikli işgücü kazanımı ve göç",
        }
        codes = list(Topic.objects.values_list("slug", flat=True))
        for language, first in expected_first.items():
            with self.subTest(language=language):
                body = self.client.get(TOPICS, {"lang": language}).json()
                self.assertEqual(set(body), {"items", "count"})
                self.assertEqual(body["count"], len(codes))
                self.assertEqual([t["code"] for t in body["items"]], codes)
                self.assertEqual(set(body["items"][0]), {"code", "name"})
                self.assertEqual(body["items"][0]["name"], first)
                if language not in ("de", "en"):  # every name translated
                    english = self.client.get(TOPICS, {"lang": "en"}).json()["items"]
                    for mine, theirs in zip(body["items"], english, strict=True):
                        self.assertNotEqual(mine["name"], theirs["name"])

    def test_the_language_from_accept_language(self) -> None:
        body = self.client.get(TOPICS, HTTP_ACCEPT_LANGUAGE="ar").json()
        self.assertEqual(body["items"][0]["name"], "استقطاب العمالة الماهرة والهجرة")
        lang_wins = self.client.get(TOPICS, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="ar").json()
        self.assertEqual(lang_wins["items"][0]["name"], "Recruitment and immigration")


@override_settings(PORTAL_RATE_LIMIT=0)
class PrivacyNoticeApiTests(TestCase):
    def test_the_notice_in_force(self) -> None:
        response = self.client.get(NOTICE)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "version": "1",
                "url": "http://testserver/datenschutz/fassung/1/",
                "published_on": "2026-11-24",
            },
        )
        self.assertEqual(self.client.get(response.json()["url"]).status_code, 200)

    def test_a_newer_version_takes_over(self) -> None:
        today = timezone.localdate()
        PrivacyNotice.objects.create(version="2", published_on=today, bodies={"de": "x"})
        PrivacyNotice.objects.create(
            version="3", published_on=today + datetime.timedelta(days=1), bodies={"de": "y"}
        )
        body = self.client.get(NOTICE).json()
        self.assertEqual((body["version"], body["published_on"]), ("2", today.isoformat()))

    def test_none_published_is_404_in_the_asked_language(self) -> None:
        PrivacyNotice.objects.all().delete()
        response = self.client.get(NOTICE, {"lang": "de"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            response.json()["detail"][0]["msg"],
            "Es ist noch keine Datenschutzerklärung veröffentlicht.",
        )


class RateLimitTests(TestCase):
    def setUp(self) -> None:
        cache.clear()
        self.addCleanup(cache.clear)

    @override_settings(PORTAL_RATE_LIMIT=3)
    def test_the_fourth_request_in_an_hour_is_429_with_retry_after(self) -> None:
        for url in (TOPICS, NOTICE, MUNICIPALITIES + "?postal_code=52222"):
            self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.get(TOPICS, {"lang": "ar"})
        self.assertEqual(response.status_code, 429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 3600)
        self.assertEqual(
            response.json(),
            {
                "detail": [
                    {
                        "loc": ["client"],
                        "msg": "طلبات كثيرة جدًا من هذا العنوان؛ يرجى المحاولة لاحقًا.",
                        "type": "rate_limited",
                    }
                ]
            },
        )
        # Counted per client address.
        other = self.client.get(TOPICS, REMOTE_ADDR="192.0.2.7")
        self.assertEqual(other.status_code, 200)

    @override_settings(PORTAL_RATE_LIMIT=0)
    def test_zero_switches_it_off(self) -> None:
        for _ in range(5):
            self.assertEqual(self.client.get(TOPICS).status_code, 200)

    @override_settings(PORTAL_RATE_LIMIT=5)
    def test_the_count_lives_in_the_database_so_it_holds_across_processes(self) -> None:
        self.client.get(TOPICS)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM wcr_cache WHERE cache_key LIKE %s",
                ["%ratelimit:portal-api:127.0.0.1:%"],
            )
            self.assertEqual(cursor.fetchone()[0], 1)
