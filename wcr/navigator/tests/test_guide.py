"""The employer guide: steps, current thresholds from the knowledge base, checklists, and the
way into the wizard for a candidate."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wcr.navigator import wizard
from wcr.navigator.kb import knowledge_base


class EmployerGuideTests(TestCase):
    url = reverse("navigator:employer_guide")

    def test_it_shows_the_steps_and_this_years_thresholds_in_german(self) -> None:
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "Wie stelle ich jemanden aus dem Ausland ein?")
        amount = knowledge_base().parameters["blue_card_standard"].at(timezone.localdate())
        assert amount is not None
        self.assertContains(response, f"{int(amount.amount):,}".replace(",", ".") + " €")
        self.assertContains(response, "Erklärung zum Beschäftigungsverhältnis")
        self.assertContains(response, "411 €")
        self.assertContains(response, "Anerkennungspartnerschaft")

    def test_every_employer_pathway_has_its_checklist(self) -> None:
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        for title in (
            "EU Blue Card",
            "Recognition partnership",
            "Western Balkans regulation",
            "Employment based on professional experience",
        ):
            self.assertContains(response, title)
        self.assertContains(response, "Your duties as employer")

    def test_other_languages_read_it_in_english_marked_as_english(self) -> None:
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="ar")
        self.assertContains(response, 'lang="en" dir="ltr"')
        self.assertContains(response, "EU Blue Card")

    def test_the_button_starts_the_wizard_for_a_candidate(self) -> None:
        response = self.client.post(reverse("navigator:start"), {"mode": "employer"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.session[wizard.MODE_KEY], wizard.EMPLOYER)
        question = self.client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(question, "the candidate")

    def test_it_lists_exactly_the_pathways_flagged_for_the_employer_guide(self) -> None:
        kb = knowledge_base()
        flagged = [p["id"] for p in kb.pathways if p["employer_guide"]]
        self.assertIn("aufenthg_18g", flagged)
        self.assertNotIn("aufenthg_16b", flagged)  # study: no employer recruits through it
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual([p["id"] for p in response.context["pathways"]], flagged)
        for pathway in kb.pathways:
            summary = f"{pathway['title']['en']} ({pathway['legal_basis']})</summary>"
            if pathway["employer_guide"]:
                self.assertContains(response, summary, html=False)
            else:
                self.assertNotContains(response, summary, html=False)

    def test_the_portal_links_to_it(self) -> None:
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, self.url)
