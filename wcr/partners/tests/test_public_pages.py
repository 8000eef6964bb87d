"""The public directory "Wer noch helfen kann": every language renders, the filters work, an
unknown code answers 404, and the pages are cached like the portal's other public pages."""

from __future__ import annotations

import uuid

from django.test import TestCase, override_settings

from wcr.partners.models import Partner
from wcr.partners.seed import partners_load

LANGUAGES = ("de", "en", "ar", "uk", "tr")
HEADINGS = {
    "de": "Wer noch helfen kann",
    "en": "Who can help as well",
    "ar": "من يمكنه المساعدة أيضًا",
    "uk": "Хто ще може допомогти",
    "tr": "Başka kim yardımcı olabilir",
}


class PublicDirectoryTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        partners_load()

    def get(self, url: str, language: str = "de", **query: str):  # type: ignore[no-untyped-def]
        return self.client.get(url, query, HTTP_ACCEPT_LANGUAGE=language)

    def test_it_renders_in_all_five_languages(self) -> None:
        partner = Partner.objects.get(key="ihk-fosa")
        for language in LANGUAGES:
            with self.subTest(language=language):
                response = self.get("/partner/", language)
                self.assertContains(response, f'<html lang="{language}"')
                self.assertContains(response, HEADINGS[language])
                detail = self.get(f"/partner/{partner.code}/", language)
                self.assertContains(detail, partner.name)
        arabic = self.get("/partner/", "ar")
        self.assertContains(arabic, 'dir="rtl"')
        self.assertContains(arabic, '<bdi lang="de" dir="ltr">ZFE NRW')

    def test_the_topic_and_the_postal_code_filter_the_list(self) -> None:
        response = self.get("/partner/", topic="residence", place="41836")
        self.assertEqual(response.status_code, 200)
        names = [p.key for p in response.context["partners"]]
        self.assertEqual(names[0], "abh-kreis-heinsberg")
        self.assertNotIn("abh-staedteregion-aachen", names)
        self.assertNotIn("ihk-fosa", names)
        self.assertIn("zfe-nrw", names)
        self.assertContains(response, "Zuständig für Hückelhoven")

    def test_a_municipality_key_works_too(self) -> None:
        response = self.get("/partner/", place="05162024")
        self.assertEqual(response.context["municipality"].name, "Neuss")

    def test_a_postal_code_of_two_municipalities_asks_which(self) -> None:
        response = self.get("/partner/", place="52538")
        self.assertEqual(response.context["partners"], [])
        self.assertContains(response, "?place=05370008")
        self.assertContains(response, "?place=05370024")

    def test_a_postal_code_outside_the_region_shows_the_nrw_wide_bodies(self) -> None:
        response = self.get("/partner/", place="10115")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["partners"])
        self.assertTrue(all(p.serves_all_nrw for p in response.context["partners"]))
        self.assertContains(response, "nicht in der Region")

    def test_bad_input_names_the_field_and_keeps_it(self) -> None:
        response = self.get("/partner/", place="abc")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Postleitzahl oder Gemeindeschlüssel: ", status_code=400)
        self.assertContains(response, 'value="abc"', status_code=400)
        self.assertContains(response, 'aria-invalid="true"', status_code=400)
        response = self.get("/partner/", topic="visa")
        self.assertContains(response, "Thema: ", status_code=400)

    def test_an_unknown_or_inactive_code_answers_404(self) -> None:
        self.assertEqual(self.get(f"/partner/{uuid.uuid4()}/").status_code, 404)
        self.assertEqual(self.get("/partner/kein-code/").status_code, 404)
        partner = Partner.objects.get(key="zab")
        Partner.objects.filter(pk=partner.pk).update(active=False)
        self.assertEqual(self.get(f"/partner/{partner.code}/").status_code, 404)
        self.assertNotContains(self.get("/partner/"), partner.name)

    def test_an_unverified_entry_says_so(self) -> None:
        partner = Partner.objects.get(key="architektenkammer-nrw")
        response = self.get(f"/partner/{partner.code}/")
        self.assertContains(response, "Noch nicht durch eine amtliche Quelle bestätigt")
        self.assertContains(response, "UNVERIFIED")

    @override_settings(PUBLIC_PAGE_MAX_AGE=300)
    def test_the_pages_are_public_and_cacheable(self) -> None:
        response = self.get("/partner/")
        self.assertIn("public", response["Cache-Control"])

    def test_the_portal_links_the_directory(self) -> None:
        self.assertContains(self.get("/"), 'href="/partner/"')

    def test_the_list_costs_the_same_queries_whatever_it_holds(self) -> None:
        with self.assertNumQueries(9):
            self.get("/partner/", topic="recognition", place="52062")
