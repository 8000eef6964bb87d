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

    def test_a_degree_awaiting_comparability_is_a_step_and_the_blue_card_may_fit(self) -> None:
        steps = [
            (qid, {"answer": "none"} if qid == "german_recognition" else data)
            for qid, data in BLUE_CARD
        ] + [("anerkennungspartnerschaft", {"answer": "no"})]
        walker = WizardClient(self.client, "de")
        walker.walk(steps)
        response = walker.get("result")
        fitting = {p["id"]: p for p in response.context["fitting"]}
        self.assertIn("aufenthg_18g", fitting)
        self.assertEqual(fitting["aufenthg_18g"]["status"], "possible")
        self.assertNotIn("aufenthg_18g", {p["id"] for p in response.context["not_fitting"]})
        self.assertContains(response, "Passt, sobald ein Schritt erledigt ist")
        self.assertContains(response, "Noch zu erledigen – dann passt es")
        self.assertContains(
            response, "Passt, sobald anabin (H+) oder die ZAB die Vergleichbarkeit des Abschlusses"
        )

    def test_sources_show_public_titles_marked_with_their_language(self) -> None:
        page = walk(Client(), "en", BLUE_CARD)
        self.assertNotIn("Wissensbasis", page)
        self.assertNotIn(".md", page)
        self.assertIn('lang="en" hreflang="de"><span>Section 18g Residence Act (AufenthG)', page)
        arabic = walk(Client(), "ar", BLUE_CARD)
        self.assertIn('hreflang="de"', arabic)
        self.assertRegex(arabic, r'<a [^>]*lang="de" hreflang="de" dir="ltr">BMI-Bekanntmachung')

    def test_the_dates_of_the_sources_are_formatted_and_quotes_stay_with_their_phrase(
        self,
    ) -> None:
        page = walk(Client(), "de", BLUE_CARD)
        self.assertIn("(Stand 18.11.2023)", page)
        arabic = walk(Client(), "ar", BLUE_CARD)
        self.assertNotIn("2023-11-18", arabic)
        self.assertIn('<bdi dir="ltr">„Erklärung zum Beschäftigungsverhältnis“</bdi>', arabic)
