"""The case page's forms in a real browser (issue #9): a task form with an error comes back open
with the wrong field focused; saving a checklist item is confirmed in a live region with htmx;
a form action opened as a page shows the 405 page. axe-core on each; screenshots when
``WCR_SCREENSHOTS`` names a directory.

Run with ``make test-browser``; fixtures in ``wcr/core/testing/browser.py``.
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone

from wcr.accounts.models import Role
from wcr.cases import services
from wcr.cases.tests import test_browser_workbench
from wcr.cases.tests.test_browser_workbench import Workbench, sign_in_tab
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import MembershipFactory, UserFactory

# The workbench's fixture: a counsellor, a person with a case and an open task.
workbench = test_browser_workbench.workbench

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_task_with_a_past_due_date_comes_back_open_and_focused(
    tab: Tab, workbench: Workbench
) -> None:
    page = tab.page
    sign_in_tab(tab, workbench.counsellor)
    tab.visit(f"/mitarbeitende/faelle/{workbench.case.code}/")
    page.locator("#new-task summary").click()
    page.fill("#id_title", "Zeugnis anfordern")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.fill("#id_due_on", yesterday.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Aufgabe anlegen").click()
    assert page.locator("#new-task").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.name") == "due_on"
    error = page.locator("#id_due_on-error")
    assert error.is_visible()
    assert error.inner_text().startswith("Fällig am: Das Datum liegt in der Vergangenheit")
    assert page.input_value("#id_title") == "Zeugnis anfordern"
    tab.assert_accessible()
    tab.assert_no_csp_violation()
    page.locator("#tasks").scroll_into_view_if_needed()
    tab.screenshot("task-form-error-1280-de")
    directory = os.environ.get("WCR_SCREENSHOTS")
    if directory:  # the task section as the reader sees it, not only the whole page
        page.screenshot(path=f"{directory}/task-form-error-1280-de-viewport.png")


def test_saving_a_checklist_item_is_confirmed_with_htmx(tab: Tab, workbench: Workbench) -> None:
    page = tab.page
    services.procedure_start(
        actor=workbench.counsellor,
        case=workbench.case,
        template="recognition",
        started_on=timezone.localdate(),
    )
    item = workbench.case.checklist.order_by("id").first()
    assert item is not None
    sign_in_tab(tab, workbench.counsellor)
    tab.visit(f"/mitarbeitende/faelle/{workbench.case.code}/")
    page.select_option(f"#status-{item.code}", "checked")
    with page.expect_response(lambda r: f"/checkliste/{item.code}/" in r.url):
        page.locator(f"#status-save-{item.code}").click()
    live = page.locator("#checklist-live")
    live.get_by_text(f"„{item.title}“ ist jetzt „geprüft“.").wait_for()
    assert page.locator("#checklist-live").count() == 1
    assert tab.path() == f"/mitarbeitende/faelle/{workbench.case.code}/"  # no page load
    assert page.evaluate("document.activeElement.id") == f"status-save-{item.code}"
    tab.assert_accessible()
    tab.assert_no_csp_violation()


def test_a_form_action_opened_as_a_page_explains_itself(tab: Tab, workbench: Workbench) -> None:
    page = tab.page
    dpo = UserFactory(username="dpo.a", first_name="Dana", last_name="Schutz")
    MembershipFactory(user=dpo, organisation=workbench.organisation, role=Role.DATA_PROTECTION)
    sign_in_tab(tab, dpo)
    previous = tab.base_url + "/mitarbeitende/datenschutz/protokoll/"
    response = page.goto(tab.base_url + "/mitarbeitende/datenschutz/pruefung/", referer=previous)
    assert response is not None and response.status == 405
    assert page.get_by_role("navigation", name="Navigation für Mitarbeitende").count() == 1
    back = page.get_by_role("link", name="Zurück zur vorigen Seite")
    assert back.get_attribute("href") == "/mitarbeitende/datenschutz/protokoll/"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Diese Adresse gehört zu einem Formular"
    )
    assert page.get_by_role("link", name="Zur Startseite").get_attribute("href") == (
        "/mitarbeitende/"
    )
    tab.assert_accessible()
    tab.assert_no_csp_violation()
    tab.screenshot("method-not-allowed-1280-de")
