"""The content pages in headless Chromium: the new public pages (topics, how counselling works,
Leichte Sprache, the accessibility statement with its feedback form, also with errors) pass
axe-core (WCAG 2.1 A/AA) in German and Arabic (right to left), at phone and desktop width; and
the staff editing pages in German. Run with ``make test-browser``."""

from __future__ import annotations

import pytest

from wcr.accounts.models import Organisation, Role, User
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from wcr.portal.tests.test_browser_routing import sign_in_tab

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PUBLIC = ["/", "/themen/", "/beratung/", "/leichte-sprache/", "/barrierefreiheit/", "/impressum/"]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_content_pages_are_accessible_in_german_and_arabic(tab: Tab, width: int) -> None:
    tab.page.set_viewport_size({"width": width, "height": 900})
    for language in ("de", "ar"):
        if language == "ar":
            tab.visit("/")
            tab.switch_language("العربيّة")
        for url in PUBLIC:
            tab.visit(url)
            assert tab.lang() == language
            tab.assert_accessible()
            tab.assert_no_horizontal_scrolling()
        # the feedback form with an error named in the page's language
        tab.visit("/barrierefreiheit/")
        tab.page.get_by_role(
            "button", name="إرسال الرسالة" if language == "ar" else "Nachricht senden"
        ).click()
        tab.page.wait_for_selector("#feedback-errors")
        tab.assert_accessible()
        tab.screenshot(f"accessibility-errors-{language}-{width}")
    tab.assert_no_csp_violation()


@pytest.fixture
def team_lead() -> User:
    lead = OrganisationFactory(slug="whkt", name="Westdeutscher Handwerkskammertag", is_lead=True)
    user: User = UserFactory(username="teamleitung.inhalte")
    MembershipFactory(user=user, organisation=lead, role=Role.TEAM_LEAD)
    assert Organisation.objects.filter(is_lead=True).count() >= 1
    return user


def test_the_staff_editing_pages_are_accessible_in_german(tab: Tab, team_lead: User) -> None:
    sign_in_tab(tab, team_lead)
    tab.visit("/mitarbeitende/inhalte/")
    assert tab.lang() == "de"
    tab.assert_accessible()
    tab.visit("/mitarbeitende/inhalte/topics/bearbeiten/")
    tab.assert_accessible()
    tab.page.get_by_label("Text (Deutsch)").fill("## Neu\n\nEin neuer Text.")
    tab.page.get_by_role("button", name="Als Entwurf speichern").click()
    tab.page.wait_for_url("**/mitarbeitende/inhalte/topics/")
    tab.assert_accessible()
    tab.visit("/mitarbeitende/inhalte/topics/fassung/2/vorschau/")
    assert "Ein neuer Text." in tab.page.inner_text("main")
    tab.assert_accessible()
    tab.visit("/mitarbeitende/inhalte/datenschutz/")
    tab.assert_accessible()
    tab.assert_no_csp_violation()
