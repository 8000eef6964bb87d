"""Every public page (found in the URL configuration, ``public_pages.py``) in every public
language: nothing is loaded from another host, ``lang`` and ``dir`` are right, and the pages that
are the same for everyone are cached - never for signed-in staff, never with a form's CSRF token.
The same pages in a real browser: ``test_browser_public_pages.py``."""

from __future__ import annotations

import re

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory, TestCase, override_settings
from django.utils import translation

from wcr.accounts.models import Role
from wcr.core.public_cache import forget_public_pages, public_page
from wcr.core.testing.base import sign_in
from wcr.core.testing.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from wcr.portal.tests.public_pages import (
    PUBLIC_LANGUAGES,
    foreign_resources,
    is_html_page,
    public_routes,
)

# Pages that are the same for every visitor and carry ``@public_page``.
# The accessibility statement carries the feedback form (a CSRF token): never kept.
SHARED_PAGES = (
    "/",
    "/standorte/",
    "/datenschutz/",
    "/themen/",
    "/beratung/",
    "/leichte-sprache/",
    "/impressum/",
)
HTML_ROOT = re.compile(r'<html lang="([^"]+)" dir="(ltr|rtl)">')


class PublicPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        LocationFactory(slug="aachen", name="Aachen", city="Aachen", postal_code="52062")
        cls.lead = OrganisationFactory(slug="whkt", name="WHKT", is_lead=True)

    def setUp(self) -> None:
        # A request leaves its language active in the thread; later tests expect the default.
        self.addCleanup(translation.deactivate)

    def pages(self) -> list[str]:
        """The public HTML pages an anonymous visitor reaches (redirects and files left out)."""
        found = [path for path in public_routes() if is_html_page(self.client.get(path))]
        return found

    def test_the_pages_are_found_in_the_url_configuration(self) -> None:
        pages = self.pages()

        for path in (*SHARED_PAGES, "/navigator/", "/navigator/arbeitgeber/"):
            self.assertIn(path, pages)
        self.assertIn("/datenschutz/fassung/1/", pages)

    def test_no_public_page_loads_anything_from_another_host(self) -> None:
        for path in self.pages():
            for language in PUBLIC_LANGUAGES:
                with self.subTest(path=path, language=language):
                    response = self.client.get(path, HTTP_ACCEPT_LANGUAGE=language)
                    self.assertEqual(foreign_resources(response.content.decode(), "testserver"), [])

    def test_the_check_would_see_a_script_a_font_or_a_map_from_another_host(self) -> None:
        html = (
            '<script src="https://cdn.example.com/x.js"></script>'
            '<link rel="stylesheet" href="//fonts.example.com/css">'
            '<img srcset="/own.png 1x, https://tiles.example.org/1.png 2x">'
            '<iframe src="https://maps.example.org/embed"></iframe>'
            '<a href="https://www.openstreetmap.org/">a link is not loaded</a>'
            '<img src="http://testserver/static/own.png"><script src="/static/own.js"></script>'
        )

        self.assertEqual(
            foreign_resources(html, "testserver"),
            [
                "<script src='https://cdn.example.com/x.js'>",
                "<link href='//fonts.example.com/css'>",
                "<img srcset='https://tiles.example.org/1.png'>",
                "<iframe src='https://maps.example.org/embed'>",
            ],
        )

    def test_every_public_page_names_its_language_and_direction(self) -> None:
        for path in self.pages():
            for language in PUBLIC_LANGUAGES:
                with self.subTest(path=path, language=language):
                    response = self.client.get(path, HTTP_ACCEPT_LANGUAGE=language)
                    root = HTML_ROOT.search(response.content.decode())
                    self.assertIsNotNone(root)
                    assert root is not None
                    self.assertEqual(
                        root.groups(), (language, "rtl" if language == "ar" else "ltr")
                    )

    def test_the_shared_pages_may_be_kept_for_five_minutes_per_language(self) -> None:
        for path in SHARED_PAGES:
            with self.subTest(path=path):
                response = self.client.get(path)

                self.assertEqual(response["Cache-Control"], "public, max-age=300")
                vary = {part.strip() for part in response["Vary"].split(",")}
                self.assertLessEqual({"Accept-Language", "Cookie"}, vary)
                self.assertTrue(response.has_header("ETag"))
                again = self.client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
                self.assertEqual(again.status_code, 304)

    def test_a_cached_page_carries_no_csrf_token_and_sets_no_cookie(self) -> None:
        for path in self.pages():
            response = self.client.get(path)
            if "public" not in response.get("Cache-Control", ""):
                continue
            with self.subTest(path=path):
                self.assertNotContains(response, "csrfmiddlewaretoken")
                self.assertEqual(response.cookies, {})

    def test_a_page_with_a_form_is_never_marked_public(self) -> None:
        @public_page
        def with_form(request: HttpRequest) -> HttpResponse:
            return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

        response = with_form(RequestFactory().get("/form/"))

        self.assertNotIn("Cache-Control", response)

    def test_signed_in_staff_get_no_public_page(self) -> None:
        user = UserFactory()
        MembershipFactory(user=user, organisation=self.lead, role=Role.COUNSELLOR)
        client = sign_in(self.client, user)
        for path in self.pages():
            with self.subTest(path=path):
                response = client.get(path)
                self.assertNotIn("public", response.get("Cache-Control", ""))
                self.assertIn("no-store", response["Cache-Control"])


@override_settings(PUBLIC_PAGE_CACHE=True)
class PublicPageStoreTests(TestCase):
    """The rendered page in the database cache, shared by every worker process."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.aachen = LocationFactory(slug="aachen", name="Aachen", city="Aachen")

    def setUp(self) -> None:
        cache.clear()
        self.addCleanup(translation.deactivate)

    def test_a_stored_page_is_answered_without_the_database_until_forgotten(self) -> None:
        self.client.get("/standorte/")
        self.aachen.city = "Aachen-Mitte"
        self.aachen.save()

        with self.assertNumQueries(1):  # the cache's own table
            stored = self.client.get("/standorte/")
        self.assertNotContains(stored, "Aachen-Mitte")
        self.assertEqual(stored["Cache-Control"], "public, max-age=300")

        forget_public_pages()
        self.assertContains(self.client.get("/standorte/"), "Aachen-Mitte")

    def test_each_language_has_its_own_stored_page(self) -> None:
        german = self.client.get("/impressum/", HTTP_ACCEPT_LANGUAGE="de")
        arabic = self.client.get("/impressum/", HTTP_ACCEPT_LANGUAGE="ar")

        self.assertContains(german, '<html lang="de" dir="ltr">')
        self.assertContains(arabic, '<html lang="ar" dir="rtl">')
        self.assertContains(
            self.client.get("/impressum/", HTTP_ACCEPT_LANGUAGE="de"), '<html lang="de"'
        )

    @override_settings(PUBLIC_PAGE_MAX_AGE=0)
    def test_a_max_age_of_zero_switches_caching_off(self) -> None:
        self.client.get("/standorte/")
        self.aachen.city = "Aachen-Mitte"
        self.aachen.save()

        response = self.client.get("/standorte/")

        self.assertContains(response, "Aachen-Mitte")
        self.assertNotIn("public", response.get("Cache-Control", ""))

    def test_staff_never_get_the_stored_page(self) -> None:
        self.client.get("/")
        user = UserFactory()
        MembershipFactory(
            user=user, organisation=OrganisationFactory(is_lead=True), role=Role.COUNSELLOR
        )

        response = sign_in(self.client, user).get("/")

        self.assertContains(response, "/mitarbeitende/")
        self.assertIn("no-store", response["Cache-Control"])


class LanguageSwitchTests(TestCase):
    def setUp(self) -> None:
        self.addCleanup(translation.deactivate)

    def test_the_language_switch_needs_no_csrf_token_and_stays_on_this_site(self) -> None:
        client = self.client_class(enforce_csrf_checks=True)

        switched = client.post("/i18n/setlang/", {"language": "ar", "next": "/impressum/"})
        elsewhere = client.post(
            "/i18n/setlang/", {"language": "ar", "next": "https://evil.example/"}
        )

        self.assertRedirects(switched, "/impressum/", fetch_redirect_response=False)
        self.assertEqual(switched.cookies["django_language"].value, "ar")
        self.assertEqual(elsewhere["Location"], "/")
