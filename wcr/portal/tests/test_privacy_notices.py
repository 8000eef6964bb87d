"""Versioned privacy notices: version 1 is the page's former text, the page shows the version in
force with its date and lists the earlier ones, each at its own address; the check refuses
unknown, outdated and future versions."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wcr.core.testing.factories import OrganisationFactory
from wcr.portal.models import PrivacyNotice
from wcr.portal.models.notices import privacy_notice_check, privacy_notice_in_force

TODAY = timezone.localdate()


class VersionOneTests(TestCase):
    def test_the_migration_published_the_former_page_as_version_1_in_five_languages(self) -> None:
        notice = privacy_notice_in_force()
        assert notice is not None
        self.assertEqual(notice.version, "1")
        self.assertIsNone(notice.controller)
        self.assertEqual(notice.published_on, datetime.date(2026, 11, 24))
        # The page's text was never translated into ar/uk/tr (it fell back to German there).
        self.assertEqual(set(notice.bodies), {"de", "en"})
        self.assertIn("gemeinsam Verantwortliche (Art. 26 DSGVO)", notice.bodies["de"])
        self.assertIn("joint controllers (Art. 26 GDPR)", notice.bodies["en"])
        self.assertIn("Verantwortliche Stelle", notice.bodies["de"])
        self.assertEqual(notice.body_language("ar"), "de")

    def test_the_page_shows_version_1_and_its_date(self) -> None:
        response = self.client.get(reverse("portal:privacy"), HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "Fassung 1, gültig seit 24. November 2026.")
        self.assertContains(response, "gemeinsam Verantwortliche")
        self.assertNotContains(response, "Frühere Fassungen")
        english = self.client.get(reverse("portal:privacy"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(english, "Version 1, in force since")
        self.assertContains(english, "joint controllers")


class VersionsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.lead = OrganisationFactory(slug="whkt", name="Lead", is_lead=True)
        cls.v2 = PrivacyNotice.objects.create(
            controller=cls.lead,
            version="2",
            published_on=TODAY - datetime.timedelta(days=1),
            bodies={"de": "<p>Text zwei</p>", "en": "<p>Text two</p>"},
        )
        cls.future = PrivacyNotice.objects.create(
            version="3",
            published_on=TODAY + datetime.timedelta(days=7),
            bodies={"de": "<p>Text drei</p>"},
        )
        cls.partner = OrganisationFactory(slug="partner", name="Partner")
        cls.partner_notice = PrivacyNotice.objects.create(
            controller=cls.partner, version="9", published_on=TODAY, bodies={"de": "x"}
        )

    def test_the_latest_published_network_notice_is_in_force(self) -> None:
        self.assertEqual(privacy_notice_in_force(), self.v2)

    def test_the_check_accepts_only_the_version_in_force(self) -> None:
        self.assertTrue(privacy_notice_check("2"))
        for refused in ("1", "3", "9", "4", "", "2 ", "2.x", None, 2):
            with self.subTest(version=refused):
                self.assertFalse(privacy_notice_check(refused))

    def test_the_page_shows_the_version_in_force_and_lists_the_earlier_ones(self) -> None:
        response = self.client.get(reverse("portal:privacy"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Version 2, in force since")
        self.assertContains(response, "Text two")
        self.assertContains(response, "Earlier versions")
        self.assertContains(response, 'href="/datenschutz/fassung/1/"')
        self.assertNotContains(response, "/datenschutz/fassung/3/")  # not published yet
        self.assertNotContains(response, "/datenschutz/fassung/9/")  # another controller's

    def test_an_earlier_version_is_readable_at_its_own_address(self) -> None:
        url = reverse("portal:privacy-version", args=["1"])
        self.assertEqual(url, "/datenschutz/fassung/1/")
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "Fassung 1 vom 24. November 2026. Diese Fassung gilt nicht")
        self.assertContains(response, "gemeinsam Verantwortliche")
        arabic = self.client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
        self.assertContains(arabic, "لم يعد ساري المفعول")
        # The untranslated text is marked as German, not passed off as Arabic.
        self.assertContains(arabic, '<div lang="de" dir="ltr"><h2')
        self.assertNotContains(response, '<div lang="de"')

    def test_unknown_future_and_other_controllers_versions_are_404(self) -> None:
        for version in ("3", "9", "77", "x"):
            with self.subTest(version=version):
                url = reverse("portal:privacy-version", args=[version])
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_version_exists_once_per_controller(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            PrivacyNotice.objects.create(version="1", published_on=TODAY)
        with self.assertRaises(IntegrityError), transaction.atomic():
            PrivacyNotice.objects.create(controller=self.lead, version="2", published_on=TODAY)
        PrivacyNotice.objects.create(controller=self.partner, version="2", published_on=TODAY)

    def test_a_missing_language_falls_back_to_german(self) -> None:
        self.assertEqual(self.v2.body("tr"), "<p>Text zwei</p>")
        self.assertEqual(self.v2.body("en"), "<p>Text two</p>")
