"""The employer guide and the navigator inside a case in a real browser: axe-core clean, and a
counsellor runs the wizard for a case and saves the result."""

from __future__ import annotations

import pytest

from wcr.accounts.models import Role
from wcr.cases import services as case_services
from wcr.cases.tests.test_browser_workbench import sign_in_tab
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from wcr.navigator.models import Assessment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_employer_guide_is_accessible_in_german_and_english(tab: Tab) -> None:
    LocationFactory(slug="aachen", name="WCR Aachen", email="aachen@example.org")
    for language in ("Deutsch", "English"):
        tab.visit("/navigator/arbeitgeber/")
        if language == "English":
            tab.switch_language("English")
        assert tab.page.locator("h1").count() == 1
        tab.page.locator("details").first.locator("summary").click()
        tab.assert_accessible()
        tab.assert_no_csp_violation()


def test_a_counsellor_runs_the_navigator_for_a_case_and_saves_it(tab: Tab) -> None:
    location = LocationFactory(slug="aachen", name="Aachen")
    organisation = OrganisationFactory(slug="hwk-aachen", name="Handwerkskammer Aachen")
    counsellor = UserFactory(username="berater")
    membership = MembershipFactory(user=counsellor, organisation=organisation, role=Role.COUNSELLOR)
    membership.locations.set([location])
    person = case_services.person_create(
        actor=counsellor,
        organisation=organisation,
        data=case_services.PersonInput(
            given_name="Priya", family_name="Sharma", nationalities=["IN"]
        ),
    )
    case = case_services.case_open(
        actor=counsellor,
        organisation=organisation,
        person=person,
        location=location,
        counsellor=counsellor,
        topics=[],
        channel="walk_in",
        title="Blaue Karte",
    )
    page = tab.page
    sign_in_tab(tab, counsellor)
    tab.visit(f"/mitarbeitende/faelle/{case.code}/")
    page.get_by_role("link", name="Navigator").click()
    tab.assert_accessible()
    page.get_by_role("button", name="Assistent neu beginnen").click()
    # The wizard opens at the first question the case does not answer (nationality is on record).
    assert "/navigator/frage/" in tab.path() and "nationality" not in tab.path()
    tab.assert_accessible()
    page.locator("button[name=action][value=unknown]").click()
    tab.visit("/navigator/ergebnis/")
    tab.assert_accessible()
    page.get_by_role("button", name="Ergebnis im Fall von").click()
    assert tab.path() == f"/mitarbeitende/faelle/{case.code}/navigator/"
    assert Assessment.objects.filter(case=case).count() == 1
    tab.assert_accessible()
    page.locator("table a").first.click()
    tab.assert_accessible()
    tab.assert_no_csp_violation()
