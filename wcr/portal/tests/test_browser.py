"""The public pages, the login and the staff start page in a real browser: accessibility (axe-core,
WCAG 2.1 A/AA) in German and English, keyboard use, the error page and the Content Security Policy.

Run with ``make test-browser``; fixtures in ``wcr/core/testing/browser.py``. To look at the pages
at phone width: ``WCR_SCREENSHOTS=/tmp/wcr-shots make test-browser``.
"""

from __future__ import annotations

import pytest

from wcr.accounts.models import Location, Organisation, Role, User
from wcr.core.testing.base import give_totp, totp_code
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import (
    TEST_PASSWORD,
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MOBILE = {"width": 375, "height": 812}


@pytest.fixture
def lead() -> Organisation:
    """The network as the start page shows it: a location and two partner organisations."""
    LocationFactory(
        slug="aachen",
        name="Aachen",
        address="Theaterstraße 6",
        postal_code="52062",
        city="Aachen",
        email="aachen@example.org",
    )
    OrganisationFactory(slug="ihk-aachen", name="IHK Aachen")
    organisation: Organisation = OrganisationFactory(
        slug="hwk-aachen", name="Handwerkskammer Aachen", is_lead=True
    )
    return organisation


@pytest.fixture
def team_lead(lead: Organisation) -> User:
    user: User = UserFactory(username="lead.a")
    membership = MembershipFactory(user=user, organisation=lead, role=Role.TEAM_LEAD)
    membership.locations.set(Location.objects.filter(slug="aachen"))
    return user


def test_the_start_page_is_accessible_in_german_and_english(tab: Tab, lead: Organisation) -> None:
    tab.visit("/")
    assert tab.lang() == "de"
    tab.assert_accessible()

    tab.switch_language("English")

    assert tab.path() == "/"
    assert tab.lang() == "en"
    tab.assert_accessible()
    tab.assert_no_csp_violation()


def test_the_login_page_is_accessible_in_german_and_english(tab: Tab) -> None:
    tab.visit("/accounts/login/")
    assert tab.lang() == "de"
    tab.assert_accessible()

    tab.switch_language("English")

    assert tab.path() == "/accounts/login/"
    assert tab.lang() == "en"
    tab.assert_accessible()
    tab.assert_no_csp_violation()


def test_staff_sign_in_with_password_and_totp_and_reach_an_accessible_staff_area(
    tab: Tab, team_lead: User, lead: Organisation
) -> None:
    secret = give_totp(team_lead)
    page = tab.page
    tab.visit("/accounts/login/")
    page.fill("input[name=login]", "lead.a")
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("form.wcr-form button[type=submit]").click()

    assert tab.path() == "/accounts/2fa/authenticate/"
    tab.assert_accessible()
    page.fill("input[name=code]", totp_code(secret))
    with page.expect_navigation():
        page.locator("form.wcr-form button[type=submit]:not([form])").click()

    assert tab.path() == "/mitarbeitende/"
    assert tab.lang() == "de"
    assert "Handwerkskammer Aachen" in page.locator("h1").inner_text()
    tab.assert_accessible()

    tab.switch_language("English")

    assert tab.path() == "/mitarbeitende/"
    assert tab.lang() == "en"
    assert "Handwerkskammer Aachen" in page.locator("h1").inner_text()
    tab.assert_accessible()

    page.set_viewport_size(MOBILE)
    tab.screenshot("staff-home-375")
    tab.assert_no_horizontal_scrolling()
    tab.assert_no_csp_violation()


def test_tab_reaches_the_skip_link_first_and_enter_moves_to_the_main_content(
    tab: Tab, lead: Organisation
) -> None:
    page = tab.page
    tab.visit("/")

    page.keyboard.press("Tab")

    focused = page.locator(":focus")
    assert focused.get_attribute("href") == "#main"
    box = focused.bounding_box()
    assert box is not None and box["y"] >= 0, f"the focused skip link is off screen: {box}"
    assert focused.evaluate("link => getComputedStyle(link).outlineStyle") != "none"

    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"
    tab.assert_no_csp_violation()


def test_an_unknown_address_shows_the_styled_accessible_error_page(tab: Tab) -> None:
    response = tab.visit("/gibt-es-nicht/")

    assert response.status == 404
    assert tab.lang() == "de"
    assert tab.page.locator("h1").count() == 1
    # wcr.css was loaded and applied (the body is a flex column there).
    assert tab.page.evaluate("getComputedStyle(document.body).display") == "flex"
    tab.assert_accessible()
    tab.assert_no_csp_violation()


def test_the_start_page_fits_a_narrow_phone_screen(tab: Tab, lead: Organisation) -> None:
    tab.page.set_viewport_size(MOBILE)
    tab.visit("/")

    tab.screenshot("start-375")
    tab.assert_no_horizontal_scrolling()
    tab.assert_accessible()
    tab.assert_no_csp_violation()


def test_the_console_check_would_see_a_csp_violation(tab: Tab) -> None:
    """The guard of the other tests can fail: an inline style is refused and reported."""
    tab.visit("/")
    with tab.page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        tab.page.evaluate(
            "document.head.appendChild(document.createElement('style')).textContent = 'p{}'"
        )

    with pytest.raises(pytest.fail.Exception, match="Content Security Policy"):
        tab.assert_no_csp_violation()
