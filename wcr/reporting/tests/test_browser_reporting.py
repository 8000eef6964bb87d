"""The ESF+ pages in a real browser: a counsellor records a case's entry data (the Art. 9 items
shown), corrects a bad date without losing the other answers, and reads the report; every page
passes axe-core at phone and desktop width, scrolls nowhere sideways and reports no CSP
violation.

Screenshots: ``WCR_SCREENSHOTS=/tmp/shots-reporting .venv/bin/pytest -p no:xdist -m browser
<this file>``.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from wcr.accounts.models import Role
from wcr.cases.models import Case
from wcr.cases.tests.factories import CaseFactory, PersonFactory
from wcr.cases.tests.test_browser_workbench import sign_in_tab
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from wcr.reporting.models import Participation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def test_a_counsellor_records_entry_data_and_reads_the_report(tab: Tab) -> None:
    organisation = OrganisationFactory(slug="kia", name="Kommunales Integrationszentrum")
    counsellor = UserFactory(username="berater.kia", first_name="Bo", last_name="Berger")
    MembershipFactory(user=counsellor, organisation=organisation, role=Role.COUNSELLOR)
    person = PersonFactory(
        organisation=organisation,
        actor=counsellor,
        given_name="Olena",
        family_name="Kovalenko",
        gender="f",
        birth_date=datetime.date(1994, 4, 12),
        nationalities=["UA"],
    )
    case: Case = CaseFactory(organisation=organisation, actor=counsellor, person=person)
    sign_in_tab(tab, counsellor)
    page = tab.page
    tab.visit(f"/mitarbeitende/berichte/esf/fall/{case.code}/")
    assert page.locator("#id_nationalities").input_value() == "UA"
    assert page.locator("#id_disability").count() == 1
    page.select_option("#id_labour_status", "unemployed")
    page.select_option("#id_isced", "6")
    page.fill("#id_date_of_birth", "")
    page.locator("#entry-form button[type=submit]").click()
    page.wait_for_load_state()
    # Only the date was wrong: the message names it, the other answers are still there.
    page.fill("#id_date_of_birth", "1994-04-12")
    page.fill("#id_entry_date", "2999-01-01")
    page.locator("#entry-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_entry_date-error").count() == 1
    assert page.locator("#id_labour_status").input_value() == "unemployed"
    for name, size in WIDTHS.items():
        page.set_viewport_size(size)
        tab.assert_accessible()
        tab.assert_no_horizontal_scrolling()
        tab.screenshot(f"participation-error-{name}")
    page.fill("#id_entry_date", timezone.localdate().isoformat())
    page.locator("#entry-form button[type=submit]").click()
    page.wait_for_load_state()
    record = Participation.objects.get(case=case)
    assert record.complete
    assert record.isced == 6
    for name, size in WIDTHS.items():
        page.set_viewport_size(size)
        tab.visit(f"/mitarbeitende/berichte/esf/fall/{case.code}/")
        assert page.locator("#exit-form").count() == 1
        tab.assert_accessible()
        tab.assert_no_horizontal_scrolling()
        tab.assert_no_csp_violation()
        tab.screenshot(f"participation-{name}")
        year = timezone.localdate().year
        tab.visit(f"/mitarbeitende/berichte/esf/?start={year}-01-01&end={year}-12-31")
        assert page.locator("#row-EECO01 td").nth(1).inner_text() == "1"
        tab.assert_accessible()
        tab.assert_no_horizontal_scrolling()
        tab.assert_no_csp_violation()
        tab.screenshot(f"report-{name}")
        tab.visit("/mitarbeitende/berichte/esf/arbeitslisten/")
        tab.assert_accessible()
        tab.assert_no_horizontal_scrolling()
        tab.screenshot(f"worklists-{name}")
