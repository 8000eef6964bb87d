"""The partner directory in a real browser: the public list and an entry in German and Arabic
(right to left) at phone and desktop width, filtered by topic and postal code; the staff list of
a team lead. axe-core (WCAG 2.1 A/AA) finds nothing on any page visited.

Screenshots: ``WCR_SCREENSHOTS=/tmp/shots-partners .venv/bin/pytest -p no:xdist -m browser
<this file>``.
"""

from __future__ import annotations

import pytest

from wcr.accounts.models import Role
from wcr.cases.tests.test_browser_workbench import sign_in_tab
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from wcr.partners.models import Partner
from wcr.partners.seed import partners_load

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_public_directory_is_accessible(tab: Tab, language: str, width: str) -> None:
    partners_load()
    page = tab.page
    page.set_viewport_size(WIDTHS[width])
    tab.visit("/partner/")
    if language == "ar":
        tab.switch_language("العربيّة")
    assert tab.lang() == language
    tab.assert_accessible()
    tab.assert_no_horizontal_scrolling()
    tab.screenshot(f"partners-list-{language}-{width}")
    page.select_option("#partner-topic", "residence")
    page.fill("#partner-place", "52062")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    assert (
        page.locator("[data-testid=partners] li")
        .first.inner_text()
        .startswith("Ausländeramt der StädteRegion Aachen")
    )
    tab.assert_accessible()
    tab.assert_no_horizontal_scrolling()
    tab.screenshot(f"partners-filtered-{language}-{width}")
    tab.visit(f"/partner/{Partner.objects.get(key='ihk-fosa').code}/")
    tab.assert_accessible()
    tab.assert_no_horizontal_scrolling()
    tab.screenshot(f"partners-detail-{language}-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_staff_list_is_accessible(tab: Tab, width: str) -> None:
    partners_load()
    Partner.objects.filter(key="zab").update(last_checked_on="2024-01-02")
    lead = MembershipFactory(
        user=UserFactory(username="lead"), organisation=OrganisationFactory(), role=Role.TEAM_LEAD
    ).user
    sign_in_tab(tab, lead)
    tab.page.set_viewport_size(WIDTHS[width])
    tab.visit("/mitarbeitende/partner/")
    assert tab.page.locator("[data-testid=stale]").count() == Partner.objects.count()
    tab.assert_accessible()
    tab.screenshot(f"partners-staff-{width}")
    tab.visit(f"/mitarbeitende/partner/{Partner.objects.get(key='zab').code}/bearbeiten/")
    tab.assert_accessible()
    tab.screenshot(f"partners-edit-{width}")
