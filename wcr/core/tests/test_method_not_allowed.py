"""A plain GET on a form action (a POST-only view) answers 405 with a page in the platform's
layout that says what happened and links back, never a blank page (issue #9)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wcr.core.testing.base import WcrTestCase, sign_in
from wcr.core.testing.factories import UserFactory

PERSONAS = ("counsellor", "team_lead", "dpo", "coordinator", "administrator")


def _is_post_only(view: Callable[..., Any]) -> bool:
    """True when ``require_POST`` (``require_http_methods(["POST"])``) wraps ``view``."""
    seen: set[int] = set()
    current: Any = view
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        for cell in getattr(current, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, (list, tuple)) and list(value) == ["POST"]:
                return True
        current = getattr(current, "__wrapped__", None)
    return False


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def post_only_urls() -> dict[str, str]:
    """Route → a URL of it (any code: a POST-only view refuses a GET before any lookup)."""
    urls = {}
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(("api/", "admin/")) or not _is_post_only(pattern.callback):
            continue
        parameters = pattern.pattern.converters
        path = route
        for name in parameters:
            path = path.replace(f"<str:{name}>", str(uuid.uuid4()))
        urls[route] = "/" + path
    return urls


class MethodNotAllowedPageTests(WcrTestCase):
    def get_as_someone_allowed(self, url: str) -> HttpResponse:
        """GET ``url`` as the first persona the view does not turn away for its role."""
        response: HttpResponse = Client().get(url)
        if response.status_code == 405:
            return response
        for persona in PERSONAS:
            client = sign_in(Client(), getattr(self, persona))
            response = client.get(url)
            if response.status_code == 405:
                return response
        return response

    def test_the_sweep_finds_the_post_only_views(self) -> None:
        urls = post_only_urls()
        self.assertIn("mitarbeitende/datenschutz/pruefung/", urls)
        self.assertIn("mitarbeitende/faelle/<str:code>/aufgaben/", urls)
        self.assertGreaterEqual(len(urls), 15)

    def test_every_post_only_view_answers_a_get_with_the_405_page(self) -> None:
        for route, url in post_only_urls().items():
            with self.subTest(route=route):
                response = self.get_as_someone_allowed(url)
                self.assertEqual(response.status_code, 405)
                self.assertIn("POST", response["Allow"])
                html = response.content.decode()
                self.assertIn('class="wcr-skip-link"', html)
                self.assertIn('lang="de"', html)
                self.assertIn("Diese Adresse gehört zu einem Formular", html)
                self.assertIn('href="/', html)

    def test_the_integrity_check_explains_itself_and_links_back(self) -> None:
        client = sign_in(self.client, self.dpo)
        response = client.get(
            reverse("privacy:chain_check"),
            HTTP_REFERER="http://testserver" + reverse("privacy:audit_trail"),
        )
        self.assertEqual(response.status_code, 405)
        self.assertContains(response, "Formular", status_code=405)
        back = reverse("privacy:audit_trail")
        self.assertContains(
            response,
            f'<a class="kern-link" href="{back}">Zurück zur vorigen Seite</a>',
            status_code=405,
        )
        self.assertContains(
            response,
            f'<a class="kern-link" href="{reverse("staff:home")}">Zur Startseite</a>',
            status_code=405,
        )

    def test_it_links_to_no_other_site(self) -> None:
        client = sign_in(self.client, self.dpo)
        response = client.get(
            reverse("privacy:chain_check"), HTTP_REFERER="https://evil.example.org/"
        )
        self.assertNotContains(response, "evil.example.org", status_code=405)
        self.assertNotContains(response, "Zurück zur vorigen Seite", status_code=405)

    def test_it_speaks_english_to_english_readers(self) -> None:
        response = self.client.get(reverse("navigator:delete"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "This address belongs to a form", status_code=405)
        self.assertContains(
            response,
            f'<a class="kern-link" href="{reverse("portal:home")}">Go to the start page</a>',
            status_code=405,
        )

    def test_the_api_keeps_its_own_answers(self) -> None:
        user = UserFactory(username="api.user")
        sign_in(self.client, user)
        response = self.client.delete("/api/v1/openapi.json")
        self.assertNotIn(b"wcr-skip-link", response.content)
