"""The requests inbox in a real browser (German): the list and one request are axe-core clean,
and a counsellor accepts a request with the keyboard alone, landing on the new case.

Run with ``make test-browser``.
"""

from __future__ import annotations

import pytest
from django.test import override_settings

from wcr.cases.models import Case
from wcr.cases.tests.test_browser_workbench import (  # noqa: F401 (the fixture)
    Workbench,
    sign_in_tab,
    workbench,
)
from wcr.core.testing.browser import Tab
from wcr.portal.tests.test_inbox import person_request

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@override_settings(PORTAL_RATE_LIMIT=0)
def test_the_inbox_is_accessible_and_a_request_is_accepted_with_the_keyboard(
    tab: Tab,
    workbench: Workbench,  # noqa: F811 (the fixture imported above)
) -> None:
    item = person_request()
    assert item.organisation == workbench.organisation
    page = tab.page
    sign_in_tab(tab, workbench.counsellor)
    page.set_extra_http_headers({"Accept-Language": "de"})
    tab.visit("/mitarbeitende/anfragen/")
    assert tab.lang() == "de"
    assert "Anfragen (1)" in page.inner_text("nav")
    assert "Kovalenko" in page.inner_text("main")
    tab.assert_accessible()
    tab.visit(f"/mitarbeitende/anfragen/{item.code}/")
    assert "Pflegefachkraft" in page.inner_text("main")
    tab.assert_accessible()

    # With the keyboard: Tab to "accept", Enter; on the check's page the choice is made and
    # Enter on the button opens the case.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(document.activeElement.getAttribute('href') || '').endsWith('/annehmen/')"
        ):
            break
    else:
        pytest.fail("Tab does not reach the accept button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab.assert_accessible()
    page.focus("#choice-new")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement.type === 'submit' && !!document.activeElement.closest('main')"
        ):
            break
    else:
        pytest.fail("Tab does not reach the open-case button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    case = Case.objects.get(channel="portal")
    assert tab.path() == f"/mitarbeitende/faelle/{case.code}/"
    tab.assert_no_csp_violation()
