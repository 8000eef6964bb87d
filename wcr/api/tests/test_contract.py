"""The input rules of the API contract: what the schema states is what the server enforces."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata

from django.test import SimpleTestCase
from django.utils import timezone

from wcr.api.common import (
    CONTROL_RANGES,
    INVISIBLE_RANGES,
    OPTIONAL_TEXT_PATTERN,
    VISIBLE_TEXT_PATTERN,
    date_pattern,
    number_pattern,
)
from wcr.api.tests.base import ApiTestCase, make_company, make_person
from wcr.cases.models import Case, Company, Person

PERSONS, COMPANIES, CASES = "/api/v1/persons", "/api/v1/companies", "/api/v1/cases"


def _in(ranges: tuple[tuple[int, int], ...], char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in ranges)


class PatternTest(SimpleTestCase):
    def test_number_patterns_match_exactly_their_range(self) -> None:
        for low, high, width in ((0, 9, 1), (1, 31, 2), (7, 93, 2), (1900, 2099, 4), (5, 5, 3)):
            regex = re.compile(number_pattern(low, high, width))
            with self.subTest(low=low, high=high):
                matched = [n for n in range(10**width) if regex.fullmatch(f"{n:0{width}d}")]
                self.assertEqual(matched, list(range(low, high + 1)))

    def test_date_patterns_match_exactly_the_real_dates_of_the_range(self) -> None:
        for low, high in (
            (datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)),
            (datetime.date(2023, 11, 18), datetime.date(2099, 12, 31)),
            (datetime.date(2000, 1, 1), datetime.date(2026, 2, 28)),
            (datetime.date(2024, 2, 29), datetime.date(2024, 3, 1)),
        ):
            regex = re.compile(date_pattern(low, high))
            with self.subTest(low=low, high=high):
                day = low - datetime.timedelta(days=400)
                while day <= high + datetime.timedelta(days=400):
                    self.assertEqual(
                        bool(regex.fullmatch(day.isoformat())), low <= day <= high, day
                    )
                    day += datetime.timedelta(days=1)
                for text in ("2025-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-1-01"):
                    self.assertIsNone(regex.fullmatch(text))

    def test_the_invisible_characters_cover_white_space_and_format_characters(self) -> None:
        for code in range(0x110000):
            char = chr(code)
            category = unicodedata.category(char)
            if category in ("Cc",):
                self.assertTrue(_in(CONTROL_RANGES, char), hex(code))
            elif category in ("Cf", "Zs", "Zl", "Zp") or char.isspace():
                self.assertTrue(_in(INVISIBLE_RANGES, char), hex(code))

    def test_the_text_patterns_say_no_control_character_and_one_visible(self) -> None:
        visible, optional = re.compile(VISIBLE_TEXT_PATTERN), re.compile(OPTIONAL_TEXT_PATTERN)
        for text, ok in (
            ("Olena", True),
            (" Олена ", True),
            ("محمد", True),
            ("", False),
            ("   ", False),
            ("\u200b\u200d\ufeff", False),
            ("\u2066\u2069\u00ad", False),
            ("\U000e0041\U000e0042", False),
            ("A\u0000", False),
            ("A\nB", False),
            ("A\u0085", False),
        ):
            with self.subTest(text=text):
                self.assertEqual(bool(visible.fullmatch(text)), ok)
                self.assertEqual(bool(optional.fullmatch(text)), ok or text == "")

    def test_the_document_carries_the_patterns_as_json(self) -> None:
        document = json.loads(self.client.get("/api/v1/openapi.json").content)
        given_name = document["components"]["schemas"]["PersonIn"]["properties"]["given_name"]
        self.assertEqual(given_name["pattern"], VISIBLE_TEXT_PATTERN)
        self.assertEqual(given_name["maxLength"], 150)


class PersonLimitsTest(ApiTestCase):
    def post_person(self, **fields: object):  # type: ignore[no-untyped-def]
        payload = {"given_name": "Amina", "family_name": "Yusuf", **fields}
        return self.post(PERSONS, payload, self.tokens["counsellor"])

    def assert_refused(self, response, field: str) -> None:  # type: ignore[no-untyped-def]
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn(field, [error["loc"][2] for error in response.json()["detail"]])

    def test_it_refuses_5000_name_variants_and_5000_nationalities(self) -> None:
        variant = {"given_name": "Amina", "family_name": "Yusuf"}
        self.assert_refused(self.post_person(names=[variant] * 5000), "names")
        self.assert_refused(self.post_person(names=[variant] * 21), "names")
        self.assert_refused(self.post_person(nationalities=["SY"] * 5000), "nationalities")
        self.assert_refused(
            self.post_person(nationalities=[f"A{chr(65 + i)}" for i in range(11)]),
            "nationalities",
        )
        response = self.post_person(names=[variant] * 20)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Person.objects.get().names.count(), 20)

    def test_it_refuses_a_nationality_twice(self) -> None:
        self.assert_refused(self.post_person(nationalities=["SY", "SY"]), "nationalities")
        self.assert_refused(self.post_person(nationalities=["sy"]), "nationalities")

    def test_it_refuses_names_made_only_of_invisible_or_control_characters(self) -> None:
        for name in ("\u200b\u200b", "\u2066\u2069", "\u00ad", " \u3000 ", "\x07", "A\x1bB"):
            with self.subTest(name=name):
                self.assert_refused(self.post_person(given_name=name), "given_name")
                self.assert_refused(self.post_person(names=[{"family_name": name}]), "names")
        self.assertFalse(Person.objects.exists())

    def test_it_refuses_a_lone_surrogate(self) -> None:
        response = self.client.post(
            PERSONS,
            '{"given_name": "A\\ud800", "family_name": "B"}',
            content_type="application/json",
            headers=self.auth(self.tokens["counsellor"]),
        )
        self.assert_refused(response, "given_name")

    def test_it_counts_the_length_before_trimming(self) -> None:
        self.assert_refused(self.post_person(family_name=" " * 10 + "Y" * 145), "family_name")
        self.assertEqual(self.post_person(family_name="Y" * 150).status_code, 201)

    def test_dates_are_iso_texts_in_a_plausible_range(self) -> None:
        tomorrow = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
        for field, value in (
            ("residence_expiry", 0),
            ("residence_expiry", 1700000000),
            ("residence_expiry", "2027-01-31T00:00:00"),
            ("residence_expiry", "20270131"),
            ("residence_expiry", "2100-01-01"),
            ("date_of_birth", "1899-12-31"),
            ("date_of_birth", "0001-01-01"),
            ("date_of_birth", tomorrow),
            ("date_of_birth", 19900501),
        ):
            with self.subTest(field=field, value=value):
                self.assert_refused(self.post_person(**{field: value}), field)
        response = self.post_person(date_of_birth="1900-01-01", residence_expiry="2099-12-31")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["date_of_birth"], "1900-01-01")

    def test_it_takes_no_other_type(self) -> None:
        for field, value in (
            ("given_name", 12),
            ("gender", True),
            ("nationalities", "SY"),
            ("email", False),
            ("municipality", 5334002),
        ):
            with self.subTest(field=field):
                self.assert_refused(self.post_person(**{field: value}), field)

    def test_the_duplicates_query_takes_the_same_limits(self) -> None:
        response = self.get(
            f"{PERSONS}/duplicates",
            self.tokens["counsellor"],
            given_name="\u200b",
            family_name="Y" * 151,
            date_of_birth="0001-01-01",
        )
        self.assertEqual(response.status_code, 422)
        fields = {error["loc"][-1] for error in response.json()["detail"]}
        self.assertEqual(fields, {"given_name", "family_name", "date_of_birth"})


class CompanyLimitsTest(ApiTestCase):
    def test_it_refuses_a_boolean_for_the_staff_count(self) -> None:
        for value in (False, True, 1.5, "12", 1_000_001, -1):
            with self.subTest(value=value):
                response = self.post(
                    COMPANIES, {"name": "Meyer", "staff_count": value}, self.tokens["counsellor"]
                )
                self.assertEqual(response.status_code, 422, response.content)
                self.assertEqual(response.json()["detail"][0]["loc"][-1], "staff_count")
        self.assertFalse(Company.objects.exists())

    def test_a_whole_number_may_be_written_as_12_point_0(self) -> None:
        # JSON Schema's "integer" counts 12.0 as 12.
        response = self.post(
            COMPANIES, {"name": "Meyer", "staff_count": 12.0}, self.tokens["counsellor"]
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["staff_count"], 12)

    def test_email_and_website_follow_their_patterns(self) -> None:
        for field, value in (
            ("email", "ä@example.org"),
            ("email", "a@b"),
            ("website", "example.org"),
            ("website", "ftp://example.org"),
            ("website", "https://exa mple.org"),
        ):
            with self.subTest(value=value):
                response = self.post(
                    COMPANIES, {"name": "Meyer", field: value}, self.tokens["counsellor"]
                )
                self.assertEqual(response.status_code, 422, response.content)
                self.assertEqual(response.json()["detail"][0]["loc"][-1], field)


class CaseLimitsTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.person = make_person(cls.counsellor, cls.org_a)
        cls.company = make_company(cls.counsellor, cls.org_a)

    def post_case(self, **fields: object):  # type: ignore[no-untyped-def]
        payload = {"person": str(self.person.code), "topics": ["recognition"], "location": "aachen"}
        return self.post(CASES, {**payload, **fields}, self.tokens["counsellor"])

    def test_it_refuses_an_opening_date_out_of_range_or_as_a_number(self) -> None:
        for value in ("0001-01-01", "1999-12-31", 0, "2026-03-02T10:00"):
            with self.subTest(value=value):
                response = self.post_case(opened_on=value)
                self.assertEqual(response.status_code, 422, response.content)
                self.assertEqual(response.json()["detail"][0]["loc"][-1], "opened_on")
        self.assertFalse(Case.objects.exists())
        self.assertEqual(self.post_case(opened_on="2000-01-01").status_code, 201)

    def test_it_refuses_coerced_types_and_repeated_topics(self) -> None:
        for field, value in (
            ("esf_participant", 1),
            ("esf_participant", "true"),
            ("person", "0b0e6c2c8f1a4c1e9a532d5c3b9f0a11"),
            ("person", 12),
            ("topics", ["recognition", "recognition"]),
            ("topics", ["recognition"] * 21),
        ):
            with self.subTest(field=field, value=value):
                response = self.post_case(**{field: value})
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn(field, [error["loc"][2] for error in response.json()["detail"]])


class PageLimitsTest(ApiTestCase):
    def test_limit_and_offset_stay_within_their_bounds(self) -> None:
        for url in (PERSONS, COMPANIES, CASES):
            for params, status in (
                ({"limit": 200}, 200),
                ({"limit": 201}, 422),
                ({"limit": 0}, 422),
                ({"offset": 10_000_000}, 200),
                ({"offset": 10_000_001}, 422),
                ({"offset": -1}, 422),
                ({"limit": "true"}, 422),
            ):
                with self.subTest(url=url, params=params):
                    response = self.get(url, self.tokens["counsellor"], **params)
                    self.assertEqual(response.status_code, status, response.content)
