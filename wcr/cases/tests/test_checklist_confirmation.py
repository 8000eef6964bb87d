"""Saving a checklist item confirms it, with and without JavaScript (issue #9)."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from wcr.cases import services
from wcr.cases.models import ChecklistItem, ChecklistStatus
from wcr.cases.tests.factories import CaseFactory
from wcr.core.testing.base import WcrTestCase

TODAY = timezone.localdate()


class ChecklistConfirmationTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(organisation=cls.org_a, actor=cls.counsellor)
        services.procedure_start(
            actor=cls.counsellor, case=cls.case, template="recognition", started_on=TODAY
        )
        cls.item = ChecklistItem.objects.filter(case=cls.case).first()

    def url(self) -> str:
        return reverse("cases:checklist_status", args=[self.item.code])

    def live_region(self, html: str) -> str:
        match = re.search(
            r'<div id="checklist-live"[^>]*>(.*?)</div>\s*<!-- /checklist-live -->', html, re.S
        )
        self.assertIsNotNone(match, "the checklist's live region")
        assert match is not None
        return match.group(0)

    def test_without_javascript_the_page_confirms_in_the_checklist_section(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(self.url(), {"status": ChecklistStatus.CHECKED}, follow=True)
        region = self.live_region(response.content.decode())
        self.assertIn('aria-live="polite"', region)
        self.assertIn(f"„{self.item.title}“ ist jetzt „geprüft“.", region)
        url, _status = response.redirect_chain[-1]
        self.assertTrue(url.endswith("#checklist"), url)

    def test_the_confirmation_is_not_shown_for_an_item_of_another_case(self) -> None:
        self.sign_in(self.counsellor)
        other = CaseFactory(organisation=self.org_a, actor=self.counsellor)
        response = self.client.get(
            reverse("cases:detail", args=[other.code]) + f"?checklist_saved={self.item.code}"
        )
        self.assertNotContains(response, "ist jetzt")

    def test_htmx_gets_the_checklist_and_the_confirmation_in_the_live_region(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            self.url(), {"status": ChecklistStatus.CHECKED}, HTTP_HX_REQUEST="true"
        )
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertNotIn("<html", html)
        self.assertIn('id="checklist-items"', html)
        region = self.live_region(html)
        self.assertIn('hx-swap-oob="true"', region)
        self.assertIn(f"„{self.item.title}“ ist jetzt „geprüft“.", region)
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, ChecklistStatus.CHECKED)

    def test_htmx_errors_come_back_in_the_checklist(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(self.url(), {"status": "lost"}, HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertNotIn("<html", html)
        self.assertIn("Status: Bitte wählen Sie einen der aufgeführten Werte.", html)

    def test_the_form_posts_with_htmx_into_the_checklist(self) -> None:
        self.sign_in(self.counsellor)
        html = self.client.get(reverse("cases:detail", args=[self.case.code])).content.decode()
        form = re.search(rf'<form[^>]*action="{self.url()}"[^>]*>', html)
        assert form is not None
        self.assertIn('hx-target="#checklist-items"', form.group(0))
