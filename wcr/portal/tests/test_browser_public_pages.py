"""Every public page (found in the URL configuration, ``public_pages.py``) in headless Chromium:
every request it makes goes to the test server itself, and axe-core finds no WCAG 2.1 A/AA
violation in any of the five public languages, with ``lang`` and ``dir`` right on ``<html>``.

Run with ``make test-browser``; the same pages without a browser: ``test_public_pages.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from wcr.accounts.models import Organisation
from wcr.core.testing.browser import Tab, axe_report
from wcr.core.testing.factories import LocationFactory, OrganisationFactory
from wcr.portal.tests.public_pages import PUBLIC_LANGUAGES, public_routes

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def network() -> Organisation:
    LocationFactory(
        slug="aachen",
        name="Aachen",
        address="Theaterstraße 6",
        postal_code="52062",
        city="Aachen",
        email="aachen@example.org",
    )
    OrganisationFactory(slug="ihk-aachen", name="IHK Aachen")
    lead: Organisation = OrganisationFactory(
        slug="whkt", name="Westdeutscher Handwerkskammertag", is_lead=True
    )
    return lead


def _html_pages(tab: Tab) -> list[str]:
    """The discovered routes that answer an anonymous visitor with an HTML page."""
    pages = []
    for path in public_routes():
        # Asked without navigating: some routes answer files (JSON, PDF), which would download.
        response = tab.page.request.get(tab.base_url + path, max_redirects=0)
        if response.status == 200 and response.headers["content-type"].startswith("text/html"):
            pages.append(path)
    assert "/" in pages and "/navigator/" in pages, pages
    return pages


def test_no_public_page_requests_anything_from_another_host(
    tab: Tab, network: Organisation, live_server: Any
) -> None:
    own = urlsplit(live_server.url).netloc
    requested: list[str] = []
    tab.page.on("request", lambda request: requested.append(request.url))
    foreign: dict[str, list[str]] = {}
    for path in _html_pages(tab):
        requested.clear()
        tab.visit(path)
        tab.page.wait_for_load_state("networkidle")
        elsewhere = [
            url
            for url in requested
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own
        ]
        assert requested, f"no request recorded for {path}"
        if elsewhere:
            foreign[path] = elsewhere
    assert foreign == {}
    tab.assert_no_csp_violation()


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_every_public_page_is_accessible(
    browser: Browser, live_server: Any, network: Organisation, language: str
) -> None:
    # The browser asks for the language as a visitor's browser would (Accept-Language).
    context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = Tab(page=context.new_page(), base_url=live_server.url)
    tab.page.on("console", lambda message: tab.console.append(f"[{message.type}] {message.text}"))
    reports = {}
    try:
        for path in _html_pages(tab):
            tab.visit(path)
            assert tab.lang() == language, path
            direction = tab.page.get_attribute("html", "dir")
            assert direction == ("rtl" if language == "ar" else "ltr"), path
            report = axe_report(tab.page)
            if report:
                reports[path] = report
        if reports:
            pytest.fail(
                f"axe-core ({language}): WCAG 2.1 A/AA violations:\n"
                + "\n".join(f"{path}:\n{report}" for path, report in reports.items())
            )
        tab.assert_no_csp_violation()
    finally:
        context.close()
