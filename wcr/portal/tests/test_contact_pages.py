"""The locations, the imprint and "talk to a counsellor" say how to reach the network: address,
phone, email, opening hours and a map link per location, the responsible body in the imprint, and
a visible note while the network has not confirmed the data."""

from __future__ import annotations

import datetime

from django.test import TestCase
from django.urls import reverse

from wcr.accounts.demo import LEAD_CONTACT, LOCATION_CONTACTS, LOCATIONS
from wcr.accounts.models import Location, Organisation
from wcr.core.testing.factories import LocationFactory, OrganisationFactory

PUBLIC_LANGUAGES = ("de", "en", "ar", "uk", "tr")
TO_CONFIRM = {
    "de": "vom Netzwerk noch zu bestätigen",
    "en": "to be confirmed by the network",
}


class ContactPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.aachen = LocationFactory(
            slug="aachen",
            name="Aachen",
            host="Handwerkskammer Aachen",
            address="Sandkaulbach 21",
            postal_code="52062",
            city="Aachen",
            phone="+49 241 000-0",
            email="wcr-aachen@example.org",
            opening_hours="Mo–Do 9–16 Uhr",
            contact_verified=False,
            contact_retrieved_on=datetime.date(2026, 12, 2),
        )
        cls.lead = OrganisationFactory(
            slug="whkt",
            name="Westdeutscher Handwerkskammertag",
            is_lead=True,
            address="Postfach 10 53 33",
            postal_code="40044",
            city="Düsseldorf",
            phone="+49 211 3007-700",
            website="https://www.whkt.de/",
            contact_verified=False,
        )

    def assert_location_contact(self, url: str, language: str = "de") -> None:
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        self.assertContains(response, "Sandkaulbach 21, 52062 Aachen")
        self.assertContains(response, "Handwerkskammer Aachen")
        self.assertContains(response, 'href="tel:+49241000-0"')
        self.assertContains(response, 'href="mailto:wcr-aachen@example.org"')
        self.assertContains(response, "Mo–Do 9–16 Uhr")
        self.assertContains(
            response,
            'href="https://www.openstreetmap.org/search?query=Sandkaulbach%2021%2C%2052062%20Aachen"',
        )
        self.assertNotContains(response, "<iframe")  # no embedded third-party map
        if language in TO_CONFIRM:
            self.assertContains(response, TO_CONFIRM[language])

    def test_the_locations_page_shows_how_to_reach_each_location(self) -> None:
        for language in PUBLIC_LANGUAGES:
            with self.subTest(language=language):
                self.assert_location_contact(reverse("portal:locations"), language)

    def test_the_start_page_and_talk_to_a_counsellor_show_the_same_contact_data(self) -> None:
        self.assert_location_contact(reverse("portal:home"), "en")
        self.assert_location_contact(reverse("navigator:counsellor"), "de")

    def test_talk_to_a_counsellor_names_the_lead_partner_as_the_central_contact(self) -> None:
        response = self.client.get(reverse("navigator:counsellor"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, 'href="tel:+492113007-700"')
        self.assertContains(response, "Westdeutscher Handwerkskammertag")

    def test_the_note_disappears_once_the_network_has_confirmed_the_data(self) -> None:
        Location.objects.filter(pk=self.aachen.pk).update(contact_verified=True)
        Organisation.objects.filter(pk=self.lead.pk).update(contact_verified=True)
        response = self.client.get(reverse("portal:locations"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertNotContains(response, TO_CONFIRM["en"])

    def test_a_location_without_opening_hours_says_how_to_get_an_appointment(self) -> None:
        Location.objects.filter(pk=self.aachen.pk).update(opening_hours="")
        response = self.client.get(reverse("portal:locations"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "not yet published; please call or write")

    def test_the_imprint_names_the_lead_partner_with_its_address_to_be_confirmed(self) -> None:
        for language in PUBLIC_LANGUAGES:
            with self.subTest(language=language):
                response = self.client.get(reverse("portal:imprint"), HTTP_ACCEPT_LANGUAGE=language)
                self.assertContains(response, "Westdeutscher Handwerkskammertag")
                self.assertContains(response, "Postfach 10 53 33")
                self.assertContains(response, "40044 Düsseldorf")
                self.assertContains(response, 'href="tel:+492113007-700"')
                if language in TO_CONFIRM:
                    self.assertContains(response, TO_CONFIRM[language])


class NetworkContactDataTests(TestCase):
    """The contact data the demo (and a first set-up) loads: from the partners' public pages,
    each location with an address, each value with its source, none marked as verified."""

    def test_every_location_has_an_address_a_source_and_is_not_yet_verified(self) -> None:
        self.assertEqual({slug for slug, *_ in LOCATIONS}, set(LOCATION_CONTACTS))
        for slug, contact in LOCATION_CONTACTS.items():
            with self.subTest(slug=slug):
                self.assertTrue(contact["address"])
                self.assertTrue(contact["host"])
                self.assertTrue(contact["contact_source"].startswith("http"))
                self.assertIs(contact["contact_verified"], False)
                self.assertIsInstance(contact["contact_retrieved_on"], datetime.date)

    def test_the_lead_partner_can_be_reached_by_phone(self) -> None:
        self.assertTrue(LEAD_CONTACT["phone"])
        self.assertTrue(LEAD_CONTACT["address"])
        self.assertIs(LEAD_CONTACT["contact_verified"], False)


class ImprintLanguageTests(TestCase):
    def test_the_imprint_speaks_the_readers_language(self) -> None:
        OrganisationFactory(slug="whkt", name="Westdeutscher Handwerkskammertag", is_lead=True)
        for language, words in {
            "en": "Provider:",
            "ar": "مقدّم الخدمة",
            "uk": "Надавач",
            "tr": "Sağlayıcı",
        }.items():
            with self.subTest(language=language):
                response = self.client.get(reverse("portal:imprint"), HTTP_ACCEPT_LANGUAGE=language)
                self.assertContains(response, words)
                self.assertNotContains(response, "Anbieter:")
