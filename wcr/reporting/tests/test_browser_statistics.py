"""The statistics dashboard in a real browser: a team lead's page passes axe-core (WCAG 2.1
A/AA) at phone and desktop width, scrolls nowhere sideways and reports no CSP violation.

Screenshots: ``WCR_SCREENSHOTS=/tmp/shots-statistics .venv/bin/pytest -p no:xdist -m browser
<this file>``.
"""

from __future__ import annotations

import datetime

import pytest

from wcr.accounts.models import Role
from wcr.cases import services
from wcr.cases.models import Topic
from wcr.cases.tests.factories import CaseFactory, CompanyFactory, PersonFactory
from wcr.cases.tests.test_browser_workbench import sign_in_tab
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def test_a_team_lead_reads_the_statistics_at_phone_and_desktop_width(tab: Tab) -> None:
    location = LocationFactory(slug="aachen", name="Aachen")
    organisation = OrganisationFactory(
        slug="hwk-aachen", name="Handwerkskammer Aachen", is_lead=True
    )
    lead = UserFactory(username="lead.a", first_name="Lea", last_name="Schmitz")
    MembershipFactory(user=lead, organisation=organisation, role=Role.TEAM_LEAD).locations.set(
        [location]
    )
    topic, _ = Topic.objects.get_or_create(
        slug="recognition",
        defaults={"name_de": "Anerkennung ausländischer Abschlüsse", "name_en": "Recognition"},
    )
    for n in range(9):
        person = PersonFactory(
            organisation=organisation, actor=lead, nationalities=[("UA", "SY", "IN")[n % 3]]
        )
        company = CompanyFactory(
            organisation=organisation, actor=lead, staff_count=(5, 40, 300)[n % 3]
        )
        case = CaseFactory(
            organisation=organisation,
            actor=lead,
            person=person,
            company=company,
            location=location,
            opened_on=datetime.date(2026, 1 + n % 6, 3),
            topics=[topic],
        )
        services.contact_log(
            actor=lead,
            case=case,
            happened_on=datetime.date(2026, 1 + n % 6, 5),
            duration_minutes=30 + 15 * n,
            channel="phone",
        )
    sign_in_tab(tab, lead)
    for name, size in WIDTHS.items():
        tab.page.set_viewport_size(size)
        tab.visit("/mitarbeitende/berichte/statistik/?start=2026-01-01&end=2026-06-30")
        assert tab.page.locator("h1").inner_text() in {"Statistik", "Statistics"}
        assert tab.page.locator("svg[role=img]").count() >= 10
        assert tab.page.locator("#table-cases-by-month tbody tr").count() == 6
        tab.assert_accessible()
        tab.assert_no_horizontal_scrolling()
        tab.assert_no_csp_violation()
        tab.screenshot(f"statistics-{name}")
    tab.visit("/mitarbeitende/berichte/statistik/?start=31.02.2026")
    assert tab.page.locator(".kern-alert--danger").count() == 1
    tab.assert_accessible()
    tab.screenshot("statistics-error")
