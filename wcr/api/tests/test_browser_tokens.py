"""The API token pages in headless Chromium: create a token, see it once, revoke it; axe-core
(WCAG 2.1 A/AA) on every state of the pages. Run with ``make test-browser``."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from wcr.accounts.models import ApiToken, Role, User
from wcr.core.testing.base import sign_in
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIST = "/mitarbeitende/api-zugaenge/"
TOKEN = re.compile(r"^wcr_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}$")


@pytest.fixture
def counsellor() -> User:
    user: User = UserFactory(username="berater.tokens")
    MembershipFactory(
        user=user,
        organisation=OrganisationFactory(slug="org-tokens", name="Handwerkskammer Test"),
        role=Role.COUNSELLOR,
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


def test_create_see_once_and_revoke_a_token(tab: Tab, counsellor: User) -> None:
    page = tab.page
    sign_in_tab(tab, counsellor)
    tab.visit("/mitarbeitende/")
    with page.expect_navigation():
        page.get_by_role("link", name="API-Zugänge").click()
    assert tab.path() == LIST
    assert "Sie haben noch keine API-Zugänge." in page.inner_text("main")
    tab.assert_accessible()

    # Too long a validity: the field says so, the input stays.
    page.get_by_label("Name").fill("CRM-Abgleich")
    page.get_by_label("Lesen und schreiben").check()
    page.get_by_label("Gültig für (Tage)").fill("400")
    with page.expect_response(lambda r: r.url.endswith(LIST) and r.status == 400):
        page.get_by_role("button", name="Token erstellen").click()
    assert "kleiner oder gleich 365" in page.inner_text("#id_days-error")
    assert page.input_value("#id_name") == "CRM-Abgleich"
    assert page.is_checked("#id_scope_1")
    tab.assert_accessible()

    page.get_by_label("Gültig für (Tage)").fill("30")
    with page.expect_navigation():
        page.get_by_role("button", name="Token erstellen").click()
    plain = page.input_value("#new-token")
    assert TOKEN.match(plain)
    assert "nur dieses eine Mal" in page.inner_text("main")
    tab.assert_accessible()

    # Shown once: the next view lists the token by its prefix only.
    tab.visit(LIST)
    assert plain not in page.content()
    token = ApiToken.objects.get(user=counsellor)
    assert f"wcr_{token.prefix}_…" in page.inner_text("table")

    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Widerrufen")).click()
    assert "verlieren sofort den Zugang" in page.inner_text("main")
    tab.assert_accessible()
    with page.expect_navigation():
        page.get_by_role("button", name="Token widerrufen").click()
    assert tab.path() == LIST
    assert "wurde widerrufen" in page.inner_text(".wcr-messages")
    assert "widerrufen" in page.inner_text("table")
    tab.assert_accessible()
    tab.assert_no_csp_violation()
