"""The request form in a real browser: filled in and sent with the keyboard only (Tab, Space,
arrow keys, Enter; no clicks) in German and Arabic at phone and desktop width; axe-core (WCAG 2.1
A/AA) on the empty form in all five languages, on the form with errors, the page outside the
area and the confirmation; the municipality asked for while the postal code is typed (htmx).

Screenshots: ``WCR_SCREENSHOTS=/tmp/shots .venv/bin/pytest -n 0 -p no:xdist <this file>``.
"""

from __future__ import annotations

import re

import pytest

from wcr.core.testing.browser import Tab
from wcr.portal.models import PortalRequest
from wcr.portal.tests.test_routing import _partners

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
LANGUAGE_BUTTONS = {"en": "English", "ar": "العربيّة", "uk": "Українська", "tr": "Türkçe"}


@pytest.fixture
def partners() -> None:
    _partners()


def tab_to(tab: Tab, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _press in range(limit):
        if tab.page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        tab.page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {selector}")


def open_form(tab: Tab, language: str) -> None:
    tab.visit("/anfrage/")
    if language != "de":
        tab.switch_language(LANGUAGE_BUTTONS[language])
    assert tab.lang() == language


def send(tab: Tab) -> None:
    tab_to(tab, "button[type=submit].kern-btn--primary")
    with tab.page.expect_navigation():
        tab.page.keyboard.press("Enter")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_form_is_filled_in_and_sent_with_the_keyboard_only(
    tab: Tab, partners: None, language: str, width: str
) -> None:
    page = tab.page
    page.set_viewport_size(WIDTHS[width])
    open_form(tab, language)
    tab.screenshot(f"request-empty-{language}-{width}")
    tab.assert_no_horizontal_scrolling()

    # Nothing filled in: the error summary takes the focus and links to each field.
    send(tab)
    assert page.evaluate("document.activeElement.id") == "error-summary-title"
    assert page.locator("[data-testid=error-summary] li").count() >= 4
    tab.assert_accessible()
    tab.assert_no_horizontal_scrolling()
    tab.screenshot(f"request-errors-{language}-{width}")
    page.keyboard.press("Tab")  # the first link of the summary: "who is asking"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "kind"

    # Who asks: the first radio has the focus; the arrow key moves to "skilled worker".
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#id_kind_1")
    assert not page.is_visible("#id_company_name")  # company fields follow the kind
    tab_to(tab, "#id_given_name")
    page.keyboard.type("Olena")
    page.keyboard.press("Tab")
    page.keyboard.type("Kovalenko")
    tab_to(tab, "#id_email")
    page.keyboard.type("olena@example.org")
    tab_to(tab, "#id_postal_code")
    page.keyboard.type("52349")
    page.wait_for_selector("#municipality-slot .wcr-request__place")  # htmx: "… Düren"
    assert "Düren" in page.inner_text("#municipality-slot")
    tab_to(tab, "input[name=link]")
    page.keyboard.press("ArrowDown")  # residence → company seat
    page.keyboard.press("ArrowDown")  # → planned workplace
    assert page.is_checked("input[name=link][value=workplace]")
    tab_to(tab, "#id_topics_0")
    page.keyboard.press("Space")
    assert page.is_checked("#id_topics_0")
    tab_to(tab, "#id_message")
    page.keyboard.type("Ich möchte meinen Abschluss anerkennen lassen.")
    assert page.input_value("#id_language") == language  # the reply in the page's language
    send(tab)

    assert tab.path().startswith("/anfrage/bestaetigung/")
    assert re.fullmatch(r"WCR-\d{4}-\d{5}", page.inner_text("[data-testid=reference]"))
    tab.assert_accessible()
    tab.assert_no_horizontal_scrolling()
    tab.screenshot(f"request-done-{language}-{width}")
    request = PortalRequest.objects.get()
    assert (request.kind, request.family_name, request.link) == (
        "person",
        "Kovalenko",
        "workplace",
    )
    assert request.language == language
    tab.assert_no_csp_violation()


def test_the_empty_form_is_accessible_in_all_five_languages(tab: Tab, partners: None) -> None:
    tab.visit("/anfrage/?kind=company")
    tab.assert_accessible()
    for language, button in LANGUAGE_BUTTONS.items():
        tab.switch_language(button)
        assert tab.lang() == language
        assert tab.path() == "/anfrage/"
        tab.assert_accessible()
    tab.assert_no_csp_violation()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_ambiguous_postal_code_asks_while_typing_and_outside_the_area_says_who_helps(
    tab: Tab, partners: None, width: str
) -> None:
    page = tab.page
    page.set_viewport_size(WIDTHS[width])
    open_form(tab, "ar")
    tab_to(tab, "#id_kind_0")
    page.keyboard.press("Space")  # a company
    tab_to(tab, "#id_company_name")
    page.keyboard.type("Spree GmbH")
    tab_to(tab, "#id_sector")
    page.keyboard.press("ArrowDown")
    tab_to(tab, "#id_email")
    page.keyboard.type("info@spree.example")
    tab_to(tab, "#id_postal_code")
    page.keyboard.type("52525")
    page.wait_for_selector("[data-testid=municipality-choice]")
    page.keyboard.press("Tab")  # into the municipality radios
    assert page.evaluate("document.activeElement.name") == "municipality"
    tab.assert_accessible()
    tab.screenshot(f"request-ambiguous-ar-{width}")

    # Outside the area (Berlin): who else can help, nothing stored.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("10115")
    page.wait_for_selector("#municipality-slot .wcr-request__place")
    tab_to(tab, "#id_topics_0")
    page.keyboard.press("Space")
    send(tab)
    assert page.locator("[data-testid=alternatives] li").count() == 3
    tab.assert_accessible()
    tab.assert_no_horizontal_scrolling()
    tab.screenshot(f"request-outside-ar-{width}")
    assert not PortalRequest.objects.exists()
    tab.assert_no_csp_violation()
