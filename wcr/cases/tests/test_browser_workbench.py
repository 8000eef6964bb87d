"""The case workbench in a real browser: the acceptance path of a counsellor (sign in, find a person
by a name variant, open the case, log a contact, see it in the timeline), keyboard use of the
contact form, and axe-core (WCAG 2.1 A/AA) on every workbench page.

Run with ``make test-browser``; fixtures in ``wcr/core/testing/browser.py``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from wcr.accounts.models import Location, Organisation, Role, User
from wcr.cases import services
from wcr.cases.models import Case, Company, Contact, Person, Topic
from wcr.core.testing.base import give_totp, sign_in, totp_code
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

NOTE = "Zeugnisse besprochen"
MOBILE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Workbench:
    organisation: Organisation
    location: Location
    counsellor: User
    secret: str
    topic: Topic
    person: Person
    case: Case
    company: Company
    company_case: Case


@pytest.fixture
def workbench() -> Workbench:
    """A counsellor with an authenticator app, a person with an Arabic name and their case, a
    company with a case, and an open task."""
    location = LocationFactory(slug="aachen", name="Aachen")
    organisation = OrganisationFactory(
        slug="hwk-aachen", name="Handwerkskammer Aachen", is_lead=True
    )
    counsellor: User = UserFactory(username="counsellor.a", first_name="Clara", last_name="Becker")
    membership = MembershipFactory(user=counsellor, organisation=organisation, role=Role.COUNSELLOR)
    membership.locations.set([location])
    secret = give_totp(counsellor)
    # Transactional tests empty every table afterwards, the topics of the data migration too.
    topic, _ = Topic.objects.get_or_create(
        slug="recognition",
        defaults={
            "name_de": "Anerkennung ausländischer Abschlüsse",
            "name_en": "Recognition of foreign qualifications",
        },
    )
    person = services.person_create(
        actor=counsellor,
        organisation=organisation,
        data=services.PersonInput(
            given_name="Mohammed",
            family_name="Al-Hassan",
            birth_date=datetime.date(1991, 3, 14),
            nationalities=["SY"],
            preferred_language="ar",
        ),
    )
    services.person_add_name_variant(
        actor=counsellor,
        person=person,
        variant=services.NameVariant("محمد", "الحسن", kind="native", script="arabic"),
    )
    case = services.case_open(
        actor=counsellor,
        organisation=organisation,
        person=person,
        location=location,
        counsellor=counsellor,
        topics=[topic],
        channel="walk_in",
        title="Anerkennung als Elektroniker",
    )
    company = services.company_create(
        actor=counsellor,
        organisation=organisation,
        data=services.CompanyInput(name="Elektro Schmitz GmbH", sector="crafts", staff_count=18),
    )
    company_case = services.case_open(
        actor=counsellor,
        organisation=organisation,
        company=company,
        location=location,
        topics=[topic],
        title="Fachkräfte gesucht",
    )
    services.task_create(
        actor=counsellor,
        case=case,
        title="Zeugnisse anfordern",
        assignee=counsellor,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    return Workbench(
        organisation, location, counsellor, secret, topic, person, case, company, company_case
    )


def log_in(tab: Tab, workbench: Workbench) -> None:
    """Sign in with password and the current code of the authenticator app."""
    page = tab.page
    tab.visit("/accounts/login/")
    page.fill("input[name=login]", workbench.counsellor.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.locator("form.wcr-form button[type=submit]").click()
    assert tab.path() == "/accounts/2fa/authenticate/"
    page.fill("input[name=code]", totp_code(workbench.secret))
    with page.expect_navigation():
        page.locator("form.wcr-form button[type=submit]:not([form])").click()
    assert tab.path() == "/mitarbeitende/"


def sign_in_tab(tab: Tab, user: User) -> None:
    """Put the session of a user who passed both factors into the browser (faster than the form)."""
    client = sign_in(Client(), user)
    tab.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": tab.base_url,
                "secure": settings.SESSION_COOKIE_SECURE,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )


def search_for(tab: Tab, text: str) -> None:
    """Type into the search box and press the button; wait until the results are there."""
    page = tab.page
    page.fill("#q", text)
    with page.expect_response(lambda r: parse_qs(urlparse(r.url).query).get("q") == [text]):
        page.locator("form[role=search] button[type=submit]").click()
    # htmx puts the query into the address once it has swapped in the results.
    page.wait_for_function(
        "text => new URLSearchParams(location.search).get('q') === text", arg=text
    )


def contact_entries(tab: Tab) -> list[str]:
    return tab.page.locator(".wcr-timeline__item--contact").all_inner_texts()


def test_find_a_person_by_a_name_variant_open_the_case_and_log_a_contact(
    tab: Tab, workbench: Workbench
) -> None:
    page = tab.page
    log_in(tab, workbench)
    tab.assert_accessible()

    # The search is reached through the staff navigation.
    with page.expect_navigation():
        page.get_by_role("navigation", name="Navigation für Mitarbeitende").get_by_role(
            "link", name="Suchen", exact=True
        ).click()
    assert tab.path() == "/mitarbeitende/suche/"
    tab.assert_accessible()

    # Another order and transliteration of the name finds the person; so does the Arabic script.
    search_for(tab, "محمد الحسن")
    results = page.locator("#search-results")
    assert results.get_by_role("link", name="Al-Hassan, Mohammed").count() == 1
    search_for(tab, "Hassan, Muhammad")
    person_link = results.get_by_role("link", name="Al-Hassan, Mohammed")
    assert person_link.count() == 1
    assert "Hassan, Muhammad" in page.input_value("#q")
    tab.assert_accessible()

    with page.expect_navigation():
        person_link.click()
    assert tab.path() == f"/mitarbeitende/personen/{workbench.person.code}/"
    assert page.locator("h1").inner_text() == "Mohammed Al-Hassan"
    assert "محمد الحسن" in page.locator("main").inner_text()
    tab.assert_accessible()

    with page.expect_navigation():
        page.get_by_role("link", name="Anerkennung als Elektroniker").click()
    assert tab.path() == f"/mitarbeitende/faelle/{workbench.case.code}/"
    assert contact_entries(tab) == []
    tab.assert_accessible()

    # Log the contact; htmx swaps the panel, the page does not navigate.
    assert page.evaluate("typeof window.htmx") == "object"
    panel = page.locator("#contact-panel")
    assert page.input_value("#id_happened_on") == timezone.localdate().isoformat()
    page.fill("#id_duration_minutes", "35")
    page.select_option("#id_channel", "phone")
    page.select_option("#id_language", "ar")
    page.check("#id_interpreter")
    panel.get_by_label("Anerkennung ausländischer Abschlüsse").check()
    page.fill("#id_note", NOTE)
    url_before = page.url
    with page.expect_response(lambda r: r.url.endswith("/kontakt/") and r.status == 200):
        panel.get_by_role("button", name="Kontakt erfassen").click()
    panel.get_by_role("status").wait_for()
    assert page.url == url_before
    entries = contact_entries(tab)
    assert len(entries) == 1
    assert NOTE in entries[0]
    assert "35" in entries[0] and "Telefon" in entries[0] and "Dolmetsch" in entries[0]
    contact = Contact.objects.get(case=workbench.case)
    assert (contact.duration_minutes, contact.channel, contact.language) == (35, "phone", "ar")
    assert contact.interpreter and contact.note == NOTE
    assert list(contact.topics.all()) == [workbench.topic]
    # The swapped panel gives a fresh form, and the page stays accessible.
    assert page.input_value("#id_note") == ""
    tab.assert_accessible()

    page.reload()
    assert NOTE in contact_entries(tab)[0]
    tab.switch_language("English")
    assert tab.lang() == "en"
    assert NOTE in contact_entries(tab)[0]
    tab.assert_accessible()
    tab.assert_no_csp_violation()


def test_without_htmx_the_contact_form_posts_and_redirects_to_the_case(
    tab: Tab, workbench: Workbench
) -> None:
    page = tab.page
    page.route(re.compile(r".*/htmx\.min\.js$"), lambda route: route.abort())
    sign_in_tab(tab, workbench.counsellor)
    tab.visit(f"/mitarbeitende/faelle/{workbench.case.code}/")
    assert page.evaluate("typeof window.htmx") == "undefined"

    page.fill("#id_duration_minutes", "35")
    page.fill("#id_note", NOTE)
    with page.expect_navigation():
        page.get_by_role("button", name="Kontakt erfassen").click()

    assert tab.path() == f"/mitarbeitende/faelle/{workbench.case.code}/"
    assert page.locator(".wcr-messages [role=status]").inner_text() == "Der Kontakt wurde erfasst."
    assert NOTE in contact_entries(tab)[0]
    tab.assert_accessible()
    tab.assert_no_csp_violation()


def test_the_contact_form_is_usable_with_the_keyboard_alone(tab: Tab, workbench: Workbench) -> None:
    page = tab.page
    sign_in_tab(tab, workbench.counsellor)
    tab.visit(f"/mitarbeitende/faelle/{workbench.case.code}/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    def tab_to(selector: str, limit: int = 40) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
                assert outline != "none", f"{selector} has no visible focus"
                return
        pytest.fail(f"{limit} presses of Tab did not reach {selector}")

    tab_to("#id_happened_on")
    tab_to("#id_duration_minutes", limit=5)
    page.keyboard.press("Control+A")
    page.keyboard.type("20")
    tab_to("#id_note", limit=20)
    page.keyboard.type(NOTE)
    tab_to("#contact-panel button[type=submit]", limit=2)
    with page.expect_response(lambda r: r.url.endswith("/kontakt/")):
        page.keyboard.press("Enter")

    page.locator("#contact-panel [role=status]").wait_for()
    entries = contact_entries(tab)
    assert len(entries) == 1 and NOTE in entries[0] and "20" in entries[0]
    # htmx keeps the focus on the (swapped-in) button instead of dropping it to the page.
    assert page.evaluate("document.activeElement.id") == "contact-submit"
    tab.assert_no_csp_violation()


def test_with_htmx_a_rejected_contact_shows_its_error(tab: Tab, workbench: Workbench) -> None:
    page = tab.page
    sign_in_tab(tab, workbench.counsellor)
    tab.visit(f"/mitarbeitende/faelle/{workbench.case.code}/")

    page.fill("#id_happened_on", "2999-01-01")
    with page.expect_response(lambda r: r.url.endswith("/kontakt/") and r.status == 400):
        page.get_by_role("button", name="Kontakt erfassen").click()

    error = page.locator("#id_happened_on-error")
    error.wait_for(timeout=2_000)
    assert "Zukunft" in error.inner_text()
    assert page.input_value("#id_happened_on") == "2999-01-01"


def test_the_other_workbench_pages_are_accessible(tab: Tab, workbench: Workbench) -> None:
    page = tab.page
    sign_in_tab(tab, workbench.counsellor)
    topic = workbench.topic.slug
    for path in (
        f"/mitarbeitende/faelle/?status=new&topic={topic}&location=aachen&counsellor=none",
        "/mitarbeitende/faelle/eingang/",
        "/mitarbeitende/faelle/meine/",
        "/mitarbeitende/aufgaben/",
        f"/mitarbeitende/unternehmen/{workbench.company.code}/",
        f"/mitarbeitende/faelle/{workbench.case.code}/bearbeiten/",
        "/mitarbeitende/personen/neu/",
    ):
        response = tab.visit(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        tab.assert_accessible()

    # The filtered list shows the company's unassigned case and not the person's.
    tab.visit(f"/mitarbeitende/faelle/?counsellor=none&topic={topic}")
    rows = page.locator("#case-results tbody").inner_text()
    assert "Elektro Schmitz GmbH" in rows and "Al-Hassan" not in rows

    # The case page with a procedure: milestones, deadlines and the checklist, also on a phone.
    services.procedure_start(
        actor=workbench.counsellor,
        case=workbench.case,
        template="recognition",
        started_on=timezone.localdate() - datetime.timedelta(days=100),
    )
    tab.visit(f"/mitarbeitende/faelle/{workbench.case.code}/")
    assert page.locator("#procedures tbody tr").count() > 0
    assert page.locator(".wcr-checklist__item").count() > 0
    tab.assert_accessible()
    page.set_viewport_size(MOBILE)
    tab.assert_no_horizontal_scrolling()
    tab.assert_accessible()
    page.set_viewport_size(DESKTOP)

    # The new-person form sent empty: the errors are shown, linked to their fields, accessible.
    tab.visit("/mitarbeitende/personen/neu/")
    with page.expect_navigation():
        page.get_by_role("button", name="Speichern").click()
    assert page.locator(".kern-alert--danger[role=alert]").count() == 1
    given_name = page.locator("#id_given_name")
    assert given_name.get_attribute("aria-invalid") == "true"
    assert "id_given_name-error" in (given_name.get_attribute("aria-describedby") or "")
    assert page.locator("#id_given_name-error").is_visible()
    tab.assert_accessible()
    tab.assert_no_csp_violation()
