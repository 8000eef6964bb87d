"""In a real browser (German, desktop): the case page with its reference and document list, the
removal of a document with a reason, and the inbox's bulk assignment with the keyboard alone
and without JavaScript; axe-core on each page. ``WCR_SCREENSHOTS=dir`` saves screenshots.

Run with ``make test-browser``; fixtures in ``wcr/core/testing/browser.py``.
"""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from wcr.accounts.models import Organisation, Role, User
from wcr.cases import services
from wcr.cases.models import Case, Document, Person, Topic
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

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Team:
    organisation: Organisation
    counsellor: User
    team_lead: User
    case: Case
    inbox: list[Case]


@pytest.fixture
def data_dir() -> Iterator[str]:
    directory = tempfile.mkdtemp()
    with override_settings(DATA_DIR=directory):
        yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def team(data_dir: str) -> Team:
    location = LocationFactory(slug="aachen", name="Aachen")
    organisation = OrganisationFactory(
        slug="kia", name="Kommunales Integrationszentrum", is_lead=True
    )
    counsellor: User = UserFactory(username="berater.kia", first_name="Clara", last_name="Becker")
    team_lead: User = UserFactory(username="leitung.kia", first_name="Jonas", last_name="Weber")
    colleague: User = UserFactory(username="beraterin.kia", first_name="Aylin", last_name="Demir")
    for user, role in ((counsellor, Role.COUNSELLOR), (team_lead, Role.TEAM_LEAD)):
        MembershipFactory(user=user, organisation=organisation, role=role).locations.set([location])
    MembershipFactory(user=colleague, organisation=organisation, role=Role.COUNSELLOR)
    topic, _ = Topic.objects.get_or_create(
        slug="recognition",
        defaults={
            "name_de": "Anerkennung ausländischer Abschlüsse",
            "name_en": "Recognition of foreign qualifications",
        },
    )

    def person(given: str, family: str) -> Person:
        return services.person_create(
            actor=counsellor,
            organisation=organisation,
            data=services.PersonInput(
                given_name=given, family_name=family, birth_date=datetime.date(1990, 4, 2)
            ),
        )

    case = services.case_open(
        actor=counsellor,
        organisation=organisation,
        person=person("Olena", "Kovalenko"),
        location=location,
        counsellor=counsellor,
        topics=[topic],
        title="Anerkennung als Pflegefachkraft",
    )
    for name, content in (("Diplom mit Übersetzung.pdf", PDF), ("Reisepass.pdf", PDF * 40)):
        services.document_upload(
            actor=counsellor,
            case=case,
            upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
        )
    services.task_create(
        actor=counsellor,
        case=case,
        title="Zeugnis anfordern",
        assignee=counsellor,
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    inbox = [
        services.case_open(
            actor=counsellor,
            organisation=organisation,
            person=person(given, family),
            location=location,
            topics=[topic],
            channel="portal",
        )
        for given, family in (("Amina", "Yusuf"), ("Mehmet", "Yilmaz"), ("Rahul", "Sharma"))
    ]
    return Team(organisation, counsellor, team_lead, case, inbox)


def test_the_case_page_shows_the_reference_and_lists_and_removes_documents(
    tab: Tab, team: Team, data_dir: str
) -> None:
    page = tab.page
    sign_in_tab(tab, team.counsellor)
    tab.visit(f"/mitarbeitende/faelle/{team.case.code}/")
    year = timezone.localdate().year
    assert page.locator(".wcr-reference__value").inner_text() == f"KIA-{year}-0001"
    rows = page.locator("#document-list tbody tr")
    assert rows.count() == 2
    assert "Reisepass.pdf" in rows.nth(0).inner_text()
    assert "PDF" in rows.nth(0).inner_text() and "Clara Becker" in rows.nth(0).inner_text()
    tab.assert_accessible()
    page.locator("#documents").scroll_into_view_if_needed()
    tab.screenshot("case-page-documents-de")

    with page.expect_navigation():
        rows.nth(0).get_by_role("link", name=re.compile("^Entfernen")).click()
    assert tab.path().endswith("/entfernen/")
    tab.assert_accessible()
    # Without a reason: refused, the field named.
    with page.expect_navigation():
        page.get_by_role("button", name="Dokument endgültig entfernen").click()
    assert "Grund der Entfernung" in page.locator(".kern-error").inner_text()
    tab.assert_accessible()
    tab.screenshot("document-remove-refused-de")
    page.fill("#id_reason", "Falsche Person")
    with page.expect_navigation():
        page.get_by_role("button", name="Dokument endgültig entfernen").click()
    assert tab.path() == f"/mitarbeitende/faelle/{team.case.code}/"
    assert page.locator("#document-list tbody tr").count() == 1
    assert "Falsche Person" in page.locator(".wcr-timeline").inner_text()
    assert Document.objects.filter(case=team.case).count() == 1
    tab.assert_no_csp_violation()


def test_the_team_lead_assigns_inbox_cases_with_the_keyboard(tab: Tab, team: Team) -> None:
    page = tab.page
    sign_in_tab(tab, team.team_lead)
    tab.visit("/mitarbeitende/faelle/eingang/")
    options = page.locator("#id_counsellor option").all_inner_texts()
    assert any(
        "Clara Becker – 1 offener Fall, 1 offene Aufgabe (1 überfällig)" in o for o in options
    )
    assert page.locator("#caseloads").is_visible()
    tab.assert_accessible()

    # Tick two cases with the space bar, choose the colleague, press the button with Enter.
    for case in team.inbox[:2]:
        page.focus(f"#select-{case.code}")
        page.keyboard.press("Space")
    page.focus("#id_counsellor")
    page.select_option("#id_counsellor", "beraterin.kia")
    tab.screenshot("inbox-bulk-assign-de")
    page.focus("#bulk-assign button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert tab.path() == "/mitarbeitende/faelle/eingang/"
    assert "2 Fälle wurden Aylin Demir zugewiesen." in page.locator(".wcr-messages").inner_text()
    assigned = Case.objects.filter(pk__in=[c.pk for c in team.inbox], counsellor__isnull=False)
    assert {c.counsellor.username for c in assigned} == {"beraterin.kia"}
    assert assigned.count() == 2
    tab.assert_accessible()
    tab.screenshot("inbox-after-bulk-assign-de")
    tab.assert_no_csp_violation()


def test_the_bulk_assignment_works_without_javascript(tab: Tab, team: Team) -> None:
    page = tab.page
    page.route(re.compile(r".*/htmx\.min\.js$"), lambda route: route.abort())
    sign_in_tab(tab, team.team_lead)
    tab.visit("/mitarbeitende/faelle/eingang/")
    page.check(f"#select-{team.inbox[2].code}")
    # No counsellor chosen: refused, the selection kept.
    with page.expect_navigation():
        page.get_by_role("button", name="Ausgewählte Fälle zuweisen").click()
    assert "Zuweisen an" in page.locator("#bulk-assign").inner_text()
    assert page.is_checked(f"#select-{team.inbox[2].code}")
    tab.assert_accessible()
    tab.screenshot("inbox-bulk-assign-refused-de")
    page.select_option("#id_counsellor", "berater.kia")
    with page.expect_navigation():
        page.get_by_role("button", name="Ausgewählte Fälle zuweisen").click()
    assert "1 Fall wurde Clara Becker zugewiesen." in page.locator(".wcr-messages").inner_text()


def test_the_team_page_shows_the_caseload(tab: Tab, team: Team) -> None:
    sign_in_tab(tab, team.team_lead)
    tab.visit("/mitarbeitende/team/")
    assert "1 offener Fall" in tab.page.locator("main").inner_text()
    tab.assert_accessible()
    tab.screenshot("team-caseload-de")
