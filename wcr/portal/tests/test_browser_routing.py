"""The routing rules page in headless Chromium: the preview, a refused set (its text kept) and
axe-core (WCAG 2.1 A/AA) on each state. Run with ``make test-browser``."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from wcr.accounts.models import Location, Role, User
from wcr.core.testing.base import sign_in
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGE = "/mitarbeitende/weiterleitung/"
NAMES = {
    "whkt": "Westdeutscher Handwerkskammertag",
    "hwk-aachen": "Handwerkskammer Aachen",
    "kia": "Kommunales Integrationszentrum StädteRegion Aachen",
    "vuv": "Vereinigte Unternehmerverbände Aachen",
    "stadt-aachen": "Stadt Aachen, Fachbereich Wirtschaft",
    "ihk-mn": "IHK Mittlerer Niederrhein",
}


@pytest.fixture
def coordinator() -> User:
    for slug, name in NAMES.items():
        OrganisationFactory(slug=slug, name=name, is_lead=slug == "whkt")
    for slug, name in (("aachen", "Aachen"), ("moenchengladbach", "Mönchengladbach"),
                       ("neuss", "Neuss")):  # fmt: skip
        Location.objects.get_or_create(slug=slug, defaults={"name": name})
    user: User = UserFactory(username="koordination.routing")
    from wcr.accounts.models import Organisation

    MembershipFactory(
        user=user, organisation=Organisation.objects.get(slug="whkt"), role=Role.COORDINATOR
    )
    return user


def sign_in_tab(tab: Tab, user: User) -> None:
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


def test_preview_and_a_refused_set(tab: Tab, coordinator: User) -> None:
    page = tab.page
    sign_in_tab(tab, coordinator)
    tab.visit("/mitarbeitende/")
    with page.expect_navigation():
        page.get_by_role("link", name="Weiterleitung").click()
    assert tab.path() == PAGE
    tab.assert_accessible()

    page.get_by_label("Wer fragt an").select_option("company")
    page.get_by_label("Branche").select_option("crafts")
    page.get_by_label("Kommune (Name oder AGS)").select_option("05358008")
    with page.expect_navigation():
        page.get_by_role("button", name="Zeigen, wohin sie geht").click()
    result = page.inner_text("#preview-result")
    assert "Unternehmen, Branche Handwerk, in Düren" in result
    assert "geht an Handwerkskammer Aachen, Standort Aachen" in result
    assert "Priorität 11" in result
    tab.assert_accessible()
    tab.assert_no_horizontal_scrolling()
    tab.screenshot("routing-preview-de")

    pasted = (
        "priority,kind,sector,district,municipality,topic,organisation,location\n"
        "5,person,*,05334,*,*,kia,aachen\n"
    )
    page.get_by_label("Regeln (CSV)").fill(pasted)
    with page.expect_response(lambda r: r.url.endswith(PAGE) and r.status == 400):
        page.get_by_role("button", name="Regeln ersetzen").click()
    assert "Zeile 2, Spalte „kind“" in page.inner_text("#rules-error")
    assert page.input_value("#rules-text") == pasted
    tab.assert_accessible()
    tab.screenshot("routing-refused-de")
