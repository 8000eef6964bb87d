"""Error pages come in the platform's layout, never as a bare server page."""

from __future__ import annotations

from django.test import TestCase, override_settings
from django.urls import path

from wcr import urls as project_urls


def broken_view(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("boom")


urlpatterns = [*project_urls.urlpatterns, path("kaputt/", broken_view)]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


@override_settings(ROOT_URLCONF=__name__)
class ErrorPageTests(TestCase):
    def test_it_renders_404_in_the_platform_layout(self) -> None:
        response = self.client.get("/gibt-es-nicht/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, 'class="wcr-skip-link"', status_code=404)
        self.assertContains(response, 'lang="de"', status_code=404)

    def test_it_renders_404_in_english_for_english_readers(self) -> None:
        response = self.client.get("/gibt-es-nicht/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Page not found", status_code=404)

    def test_it_renders_500_in_the_platform_layout(self) -> None:
        self.client.raise_request_exception = False
        response = self.client.get("/kaputt/")
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, 'class="wcr-skip-link"', status_code=500)

    def test_it_answers_400_for_a_disallowed_host(self) -> None:
        response = self.client.get("/", HTTP_HOST="evil.example.org")
        self.assertEqual(response.status_code, 400)


class ApiNotFoundTests(TestCase):
    def test_unknown_api_paths_answer_json(self) -> None:
        for url in ("/api/v1/gibt-es-nicht", "/api/v2/", "/api/"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json(), {"detail": "Not Found"})
