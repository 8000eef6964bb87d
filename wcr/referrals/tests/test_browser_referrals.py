"""Referrals in a real browser, the acceptance criterion of #12: refer a case to another
organisation, sign in as its counsellor, accept, see the case; withdraw the consent, and the case
is gone for them. axe-core (WCAG 2.1 A/AA) finds nothing on any page visited; the shared case
page, the referral form and the list also at phone width.

Screenshots: ``WCR_SCREENSHOTS=/tmp/shots-referrals .venv/bin/pytest -p no:xdist -m browser
<this file>``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from wcr.accounts.models import Organisation, Role, User
from wcr.cases.models import Case, Document, Person, Topic
from wcr.cases.tests.factories import CaseFactory, PersonFactory
from wcr.cases.tests.test_browser_workbench import sign_in_tab
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from wcr.referrals.models import Consent, ConsentStatus, Referral, ReferralStatus
from wcr.referrals.tests.data import give_consent, refer, upload

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
REASON = "Anerkennungsberatung für eine Pflegefachkraft"


@dataclass
class Network:
    sender: Organisation
    receiver: Organisation
    counsellor_a: User
    counsellor_b: User
    team_lead_a: User
    dpo_a: User
    person: Person
    case: Case
    granted: Document
    kept: Document


def member(username: str, organisation: Organisation, role: str, location: object) -> User:
    user: User = UserFactory(username=username)
    MembershipFactory(user=user, organisation=organisation, role=role).locations.set([location])
    return user


@pytest.fixture
def network() -> Network:
    """Two organisations with a counsellor each; the sender also has a team lead and a data
    protection officer. A case of the sender about a person, with two documents."""
    location = LocationFactory(slug="aachen", name="Aachen")
    sender = OrganisationFactory(slug="hwk-aachen", name="Handwerkskammer Aachen", is_lead=True)
    receiver = OrganisationFactory(slug="zaa-koeln", name="Zentrale Anlaufstelle Köln")
    counsellor_a = member("counsellor.a", sender, Role.COUNSELLOR, location)
    counsellor_b = member("counsellor.b", receiver, Role.COUNSELLOR, location)
    team_lead_a = member("lead.a", sender, Role.TEAM_LEAD, location)
    dpo_a = member("dpo.a", sender, Role.DATA_PROTECTION, location)
    person = PersonFactory(
        organisation=sender, actor=counsellor_a, given_name="Olena", family_name="Kovalenko"
    )
    # Transactional tests empty every table afterwards, the topics of the data migration too.
    topic, _ = Topic.objects.get_or_create(
        slug="recognition",
        defaults={
            "name_de": "Anerkennung ausländischer Abschlüsse",
            "name_en": "Recognition of foreign qualifications",
        },
    )
    case = CaseFactory(
        organisation=sender,
        actor=counsellor_a,
        person=person,
        location=location,
        topics=[topic],
        title="Anerkennung als Pflegefachfrau",
    )
    granted = upload(case, counsellor_a, "zeugnis.pdf")
    kept = upload(case, counsellor_a, "arbeitsvertrag.pdf")
    return Network(
        sender,
        receiver,
        counsellor_a,
        counsellor_b,
        team_lead_a,
        dpo_a,
        person,
        case,
        granted,
        kept,
    )


def become(tab: Tab, user: User) -> None:
    """Sign out whoever was signed in, and sign ``user`` in."""
    tab.page.context.clear_cookies()
    sign_in_tab(tab, user)


def check(tab: Tab, name: str, *, phone: bool = False) -> None:
    """axe finds nothing on the current page at desktop width (and at phone width, where nothing
    scrolls sideways); a screenshot of each width when asked for."""
    tab.assert_accessible()
    tab.screenshot(f"referrals-{name}-desktop")
    if phone:
        page = tab.page
        page.set_viewport_size(WIDTHS["phone"])
        tab.assert_accessible()
        tab.assert_no_horizontal_scrolling()
        tab.screenshot(f"referrals-{name}-phone")
        page.set_viewport_size(WIDTHS["desktop"])


def submit(tab: Tab, selector: str) -> None:
    with tab.page.expect_navigation():
        tab.page.locator(selector).click()


def test_refer_accept_see_the_case_and_lose_it_when_the_consent_is_withdrawn(
    tab: Tab, network: Network
) -> None:
    page = tab.page
    person, case = network.person, network.case
    consents_path = f"/mitarbeitende/vermittlungen/person/{person.code}/einwilligungen/"
    case_path = f"/mitarbeitende/faelle/{case.code}/"

    # A's counsellor records the person's consent to share with B, through the form.
    become(tab, network.counsellor_a)
    assert tab.visit(consents_path).status == 200
    check(tab, "consents-empty")
    page.select_option("#id_purpose", "share_with_organisation")
    page.select_option("#id_recipient", network.receiver.slug)
    page.select_option("#id_channel", "signed_form")
    submit(tab, "#consent-form button[type=submit]")
    assert tab.path() == consents_path
    assert "Die Einwilligung wurde erfasst." in page.locator(".wcr-messages").inner_text()
    consent = Consent.objects.get(person=person)
    assert (consent.status, consent.recipient) == (ConsentStatus.GIVEN, network.receiver)
    assert network.receiver.name in page.locator("#consent-list tbody").inner_text()
    # The withdraw button holds its label (not KERN's 32px square of an icon-only button).
    withdraw = page.locator("#consent-list button[type=submit]")
    assert withdraw.evaluate("b => b.scrollWidth <= b.clientWidth && b.clientWidth > 60")
    check(tab, "consents", phone=True)

    # From the case page to the referral form.
    tab.visit(case_path)
    check(tab, "case")
    with page.expect_navigation():
        page.locator("#refer").click()
    assert tab.path() == f"/mitarbeitende/vermittlungen/fall/{case.code}/neu/"
    check(tab, "new", phone=True)

    # The fields of the kind chosen: a network organisation's, or a directory partner's.
    assert page.locator("#id_to").is_visible()
    assert not page.locator("#id_partner").is_visible()
    page.locator("input[name=kind][value=external]").check()
    assert page.locator("#id_partner").is_visible()
    assert not page.locator("#id_to").is_visible()
    page.locator("input[name=kind][value=internal]").check()
    assert page.locator("#id_to").is_visible()

    # "To" is the recipient here ("An"), not the end of a period ("Bis").
    assert page.locator("label[for=id_to]").inner_text().startswith("An (Netzwerkorganisation)")

    # Sent without the consent: refused, the message on the consent field, the input kept.
    page.select_option("#id_to", network.receiver.slug)
    page.fill("#id_reason", REASON)
    page.get_by_label("zeugnis.pdf", exact=True).check()
    submit(tab, "#referral-form button[type=submit]")
    error = page.locator("#id_consent-error")
    assert "Keine gültige Einwilligung" in error.inner_text()
    assert network.receiver.name in error.inner_text()
    assert "id_consent-error" in (page.get_attribute("#id_consent", "aria-describedby") or "")
    assert page.input_value("#id_reason") == REASON
    assert page.get_by_label("zeugnis.pdf", exact=True).is_checked()
    assert not Referral.objects.exists()
    check(tab, "new-error", phone=True)

    # With the consent recorded: sent.
    page.select_option("#id_consent", str(consent.code))
    submit(tab, "#referral-form button[type=submit]")
    referral = Referral.objects.get()
    assert tab.path() == f"/mitarbeitende/vermittlungen/{referral.code}/"
    assert (referral.status, referral.consent) == (ReferralStatus.SENT, consent)
    assert list(referral.documents.all()) == [network.granted]
    assert network.receiver.name in page.locator(".wcr-messages").inner_text()
    check(tab, "detail-sender")

    # B's counsellor: the waiting tab shows the referral, without the person's name.
    become(tab, network.counsellor_b)
    tab.visit("/mitarbeitende/vermittlungen/")
    rows = page.locator("#referral-list tbody")
    assert network.sender.name in rows.inner_text()
    assert "sichtbar nach Annahme" in rows.inner_text()
    assert "Kovalenko" not in page.locator("main").inner_text()
    check(tab, "list-waiting", phone=True)

    with page.expect_navigation():
        rows.get_by_role("link").click()
    assert tab.path() == f"/mitarbeitende/vermittlungen/{referral.code}/"
    assert "Kovalenko" not in page.locator("main").inner_text()
    assert REASON in page.locator("main").inner_text()
    check(tab, "detail-receiver")

    # Accept: on to the shared case, read only, with the granted document and not the other.
    submit(tab, "#accept")
    assert tab.path() == case_path
    main = page.locator("main")
    assert page.locator("h1").inner_text() == "Kovalenko, Olena"
    notice = main.get_by_role("status").filter(has_text="nur lesen")
    assert network.sender.name in notice.inner_text()
    documents = page.locator("#documents").inner_text()
    assert "zeugnis.pdf" in documents and "arbeitsvertrag.pdf" not in documents
    assert page.locator("#refer").count() == 0
    assert page.locator("#contact-panel").count() == 0
    check(tab, "shared-case", phone=True)

    tab.visit(f"/mitarbeitende/vermittlungen/{referral.code}/")
    assert page.locator("#complete-form").count() == 1
    check(tab, "detail-accepted")

    tab.visit("/mitarbeitende/vermittlungen/?direction=incoming")
    assert "Kovalenko" in page.locator("#referral-list tbody").inner_text()
    check(tab, "list-incoming", phone=True)

    # A's counsellor: the person withdraws the consent by phone.
    become(tab, network.counsellor_a)
    tab.visit(consents_path)
    page.select_option(f"#wd-{consent.code}", "phone")
    submit(tab, "#consent-list button[type=submit]")
    assert tab.path() == consents_path
    assert "widerrufen" in page.locator(".wcr-messages").inner_text()
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.WITHDRAWN
    assert page.locator("#consent-list button[type=submit]").count() == 0
    check(tab, "consents-withdrawn")

    # B's counsellor: the case is gone, and no list names the person any more.
    become(tab, network.counsellor_b)
    assert tab.visit(case_path).status == 404
    assert tab.visit(f"/mitarbeitende/dokumente/{network.granted.code}/").status == 404
    for direction in ("waiting", "incoming"):
        tab.visit(f"/mitarbeitende/vermittlungen/?direction={direction}")
        assert "Kovalenko" not in page.locator("main").inner_text(), direction
    check(tab, "list-after-withdrawal", phone=True)
    tab.assert_no_csp_violation()


def test_the_team_leads_figures_and_the_data_protection_officers_page_are_accessible(
    tab: Tab, network: Network
) -> None:
    page = tab.page
    consent = give_consent(network.person, network.receiver, actor=network.counsellor_a)
    refer(
        network.case,
        network.receiver,
        actor=network.counsellor_a,
        consent=consent,
        documents=(network.granted,),
    )

    become(tab, network.team_lead_a)
    tab.visit("/mitarbeitende/vermittlungen/")
    with page.expect_navigation():
        page.get_by_role("link", name="Zahlen", exact=True).click()
    assert tab.path() == "/mitarbeitende/vermittlungen/statistik/"
    assert network.receiver.name in page.locator("#by-recipient").inner_text()
    check(tab, "statistics", phone=True)

    become(tab, network.dpo_a)
    assert tab.visit("/mitarbeitende/vermittlungen/datenschutz/").status == 200
    # A record, not the verb of the button that records one ("Erfassen").
    assert page.locator("#dpo-consent-list thead th").first.inner_text() == "Eintrag"
    consents = page.locator("#dpo-consent-list tbody").inner_text()
    assert str(consent.code)[:8] in consents
    assert "Kovalenko" not in page.locator("main").inner_text()
    check(tab, "dpo", phone=True)
    tab.assert_no_csp_violation()
