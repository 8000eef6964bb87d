"""The navigator's result page explains itself in the reader's language: sentences instead of
operators, numbers isolated in right-to-left text, steps still to take apart from conditions
that fail, public source titles."""

from __future__ import annotations

import re

from django.test import Client, TestCase

from wcr.core.testing.factories import LocationFactory
from wcr.navigator.tests.test_wizard import BLUE_CARD, WizardClient


def walk(client: Client, language: str, steps: list[tuple[str, dict[str, str]]]) -> str:
    walker = WizardClient(client, language)
    walker.walk(steps)
    response = walker.get("result")
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


class ResultPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        LocationFactory(slug="aachen", name="WCR Aachen", email="aachen@example.org")

    def test_the_salary_is_a_sentence_and_no_operator_is_shown(self) -> None:
        for language, sentence in (
            ("de", "72.000\u00a0€ im Jahr sind mindestens die"),
            ("en", "€72,000 a year is at least the"),
        ):
            with self.subTest(language):
                page = walk(Client(), language, BLUE_CARD)
                self.assertIn(sentence, page)
                self.assertNotIn("&gt;=", page)
                self.assertIsNone(re.search(r"\d &gt;|&lt; \d|≥|≤", page))

    def test_on_the_arabic_page_numbers_and_signs_are_isolated(self) -> None:
        page = walk(self.client, "ar", BLUE_CARD)
        self.assertIn('راتب <bdi dir="ltr">72,000</bdi>', page)
        self.assertIn('<bdi dir="ltr">§ 81a</bdi>', page)
        self.assertNotIn("&gt;=", page)
