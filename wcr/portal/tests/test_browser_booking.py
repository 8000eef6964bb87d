"""Appointment booking in a real browser: an appointment chosen, booked, moved and cancelled
with the keyboard only (Tab, Space, Enter; no clicks) in German and Arabic at phone and desktop
width; axe-core (WCAG 2.1 A/AA) on every booking page (slots, form, errors, booked, move,
cancel) in all five languages.

Screenshots: ``WCR_SCREENSHOTS=/tmp/shots .venv/bin/pytest -n 0 -p no:xdist <this file>``.
"""

from __future__ import annotations

import pytest

from wcr.accounts.models import Role
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from wcr.portal.models import Booking
from wcr.portal.models.booking import BookingStatus
from wcr.portal.tests.booking_data import schedule_for
from wcr.portal.tests.test_browser_request_form import LANGUAGE_BUTTONS, WIDTHS, tab_to

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def counsellor() -> None:
    location = LocationFactory(slug="aachen", name="Aachen")
    organisation = OrganisationFactory(slug="hwk", name="Handwerkskammer Aachen")
    membership = MembershipFactory(
        user=UserFactory(username="berater"), organisation=organisation, role=Role.COUNSELLOR
    )
    membership.locations.set([location])
    schedule_for(membership.user, location, weekdays=(0, 1, 2, 3, 4, 5, 6))


def press_enter_and_wait(tab: Tab) -> None:
    with tab.page.expect_navigation():
        tab.page.keyboard.press("Enter")


def show_slots(tab: Tab) -> None:
    tab_to(tab, "#id_location_0")
    tab.page.keyboard.press("Space")
    tab_to(tab, "#id_channel_0")  # in person
    tab.page.keyboard.press("Space")
    tab_to(tab, "button[type=submit].kern-btn--primary")
    press_enter_and_wait(tab)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["de", "ar"])
def test_book_move_and_cancel_with_the_keyboard_only(
    tab: Tab, counsellor: None, language: str, width: str
) -> None:
    page = tab.page
    page.set_viewport_size(WIDTHS[width])
    tab.visit("/termin/")
    if language != "de":
        tab.switch_language(LANGUAGE_BUTTONS[language])
    assert tab.lang() == language
    tab.assert_accessible()
    show_slots(tab)
    assert page.locator("[data-testid=slot]").count() > 0
    tab.assert_accessible()
    tab.assert_no_horizontal_scrolling()
    tab.screenshot(f"booking-slots-{language}-{width}")

    tab_to(tab, "a[data-testid=slot]")
    press_enter_and_wait(tab)
    assert tab.path() == "/termin/buchen/"
    tab.assert_accessible()
    # Sent empty: the problems are named, the focus on the summary.
    tab_to(tab, "button[type=submit].kern-btn--primary")
    press_enter_and_wait(tab)
    assert page.locator("[data-testid=error-summary] li").count() == 2  # name, email
    assert page.evaluate("document.activeElement.id") == "error-summary-title"
    tab.assert_accessible()
    tab.screenshot(f"booking-errors-{language}-{width}")
    tab_to(tab, "#id_name")
    page.keyboard.type("Amina Yusuf")
    tab_to(tab, "#id_email")
    page.keyboard.type("amina@example.org")
    tab_to(tab, "button[type=submit].kern-btn--primary")
    press_enter_and_wait(tab)
    booking = Booking.objects.get()
    assert page.locator("[data-testid=booking-reference]").inner_text() == booking.reference
    assert booking.language == language
    tab.assert_accessible()
    tab.assert_no_horizontal_scrolling()
    tab.screenshot(f"booking-booked-{language}-{width}")

    tab_to(tab, "[data-testid=move]")
    press_enter_and_wait(tab)
    tab.assert_accessible()
    tab_to(tab, "#id_slot_0")
    page.keyboard.press("Space")
    tab_to(tab, "button[type=submit].kern-btn--primary")
    press_enter_and_wait(tab)
    booking.refresh_from_db()
    assert booking.sequence == 1
    tab.assert_accessible()

    tab_to(tab, "[data-testid=cancel]")
    press_enter_and_wait(tab)
    tab.assert_accessible()
    tab_to(tab, "[data-testid=confirm-cancel]")
    press_enter_and_wait(tab)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert page.locator("[data-testid=booking-status]").count() == 1
    tab.assert_accessible()
    tab.screenshot(f"booking-cancelled-{language}-{width}")
    tab.assert_no_csp_violation()


def test_the_booking_pages_are_accessible_in_all_five_languages(tab: Tab, counsellor: None) -> None:
    tab.visit("/termin/")
    for language, button in LANGUAGE_BUTTONS.items():
        tab.switch_language(button)
        assert tab.lang() == language
        tab.visit("/termin/")
        show_slots(tab)
        tab.assert_accessible()
        tab.page.locator("a[data-testid=slot]").first.focus()
        press_enter_and_wait(tab)
        tab.assert_accessible()
        tab.page.fill("#id_name", "Amina Yusuf")
        tab.page.fill("#id_email", f"amina.{language}@example.org")
        tab.page.locator("button[type=submit].kern-btn--primary").focus()
        press_enter_and_wait(tab)
        manage = tab.path()
        assert manage.startswith("/termin/verwalten/")
        tab.assert_accessible()
        for page in ("verschieben/", "absagen/"):
            tab.visit(manage + page)
            tab.assert_accessible()
        tab.visit("/termin/")
    assert Booking.objects.count() == len(LANGUAGE_BUTTONS)
    tab.assert_no_csp_violation()
