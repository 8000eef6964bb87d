"""The locations page and the imprint with the network's contact data, in German and Arabic, on a
phone (390 px) and a desktop (1280 px): accessible, no sideways scrolling, no CSP violation; and an
English page whose dates read "2 December 2026". ``WCR_SCREENSHOTS=/dir`` keeps screenshots."""

from __future__ import annotations

import pytest

from wcr.accounts.demo import LEAD_CONTACT, LOCATION_CONTACTS, LOCATIONS
from wcr.accounts.models import Location, Organisation
from wcr.core.testing.browser import Tab

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
LANGUAGE_BUTTONS = {"de": "Deutsch", "ar": "العربيّة", "en": "English"}


@pytest.fixture
def network() -> None:
    """The locations and the lead partner as `make demo` loads them."""
    for slug, name, city in LOCATIONS:
        Location.objects.create(slug=slug, name=name, city=city, **LOCATION_CONTACTS[slug])
    Organisation.objects.create(
        slug="whkt",
        name="Westdeutscher Handwerkskammertag",
        short_name="WHKT",
        kind=Organisation.Kind.CHAMBERS_ASSOCIATION,
        is_lead=True,
        **LEAD_CONTACT,
    )


def open_in(tab: Tab, path: str, language: str) -> None:
    tab.visit(path)
    if language != "de":
        tab.switch_language(LANGUAGE_BUTTONS[language])
    assert tab.lang() == language


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_locations_page_shows_how_to_reach_each_location(
    tab: Tab, network: None, language: str, width: str
) -> None:
    tab.page.set_viewport_size(WIDTHS[width])
    open_in(tab, "/standorte/", language)

    cards = tab.page.locator(".wcr-cards > li")
    assert cards.count() == 3
    for index in range(3):
        map_link = cards.nth(index).locator("a[href^='https://www.openstreetmap.org/search']")
        assert map_link.count() == 1
    assert tab.page.locator("a[href^='tel:+49211']").count() == 1
    assert tab.page.locator(".wcr-to-confirm").count() == 4
    assert tab.page.locator("iframe").count() == 0
    tab.screenshot(f"locations-{width}-{language}")
    tab.assert_no_horizontal_scrolling()
    tab.assert_accessible()
    tab.assert_no_csp_violation()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_imprint_names_the_responsible_body(
    tab: Tab, network: None, language: str, width: str
) -> None:
    tab.page.set_viewport_size(WIDTHS[width])
    open_in(tab, "/impressum/", language)

    address = tab.page.locator("main address")
    assert "Postfach 10 53 33" in address.inner_text()
    assert "40044 Düsseldorf" in address.inner_text()
    assert tab.page.locator(".wcr-to-confirm").count() == 1
    tab.screenshot(f"imprint-{width}-{language}")
    tab.assert_no_horizontal_scrolling()
    tab.assert_accessible()
    tab.assert_no_csp_violation()


def test_an_english_page_reads_its_dates_day_first(tab: Tab, network: None) -> None:
    open_in(tab, "/standorte/", "en")
    text = tab.page.locator("main").inner_text()
    assert "2 December 2026" in text
    assert "12/02/2026" not in text
    tab.screenshot("locations-desktop-en-dates")

    open_in(tab, "/navigator/arbeitgeber/", "en")
    note = tab.page.locator(".kern-alert").first.inner_text()
    assert "/20" not in note  # "as of 2 Dec 2026", no numeric month/day order
    tab.screenshot("employer-guide-desktop-en-dates")
    tab.assert_accessible()
