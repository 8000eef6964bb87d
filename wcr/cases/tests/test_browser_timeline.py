"""The case timeline and the data protection officer's logs in a real browser: sentences in the
reader's language, newest first, axe-core (WCAG 2.1 A/AA) at phone and desktop width in German,
English and Arabic (the staff area speaks German and English, so an Arabic reader gets the German
page, marked as such), no sideways scrolling. ``WCR_SCREENSHOTS=<dir>`` saves what was checked.

Run with ``make test-browser``; fixtures in ``wcr/core/testing/browser.py``.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from wcr.accounts.models import Role, User
from wcr.cases import services
from wcr.cases.tests.test_browser_workbench import Workbench, sign_in_tab, workbench
from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
__all__ = ["workbench"]  # the fixture, used by name

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ARABIC_NOTE = "تمت مناقشة الشهادات (Zeugnisse) والترجمة"

OPENED = {"de": "Fall eröffnet von Clara Becker", "en": "Case opened by Clara Becker"}
STATUS = {"de": "Status: neu → in Beratung", "en": "Status: new → in counselling"}


def busy_case(workbench: Workbench) -> None:
    """The fixture's case after a day's work: a status change, a procedure, a contact with a
    note in Arabic."""
    case = workbench.case
    services.case_change_status(
        actor=workbench.counsellor,
        case=case,
        expected_version=case.version,
        status="counselling",
    )
    services.procedure_start(
        actor=workbench.counsellor,
        case=case,
        template="recognition",
        started_on=timezone.localdate(),
    )
    services.contact_log(
        actor=workbench.counsellor,
        case=case,
        happened_on=timezone.localdate(),
        duration_minutes=35,
        channel="phone",
        language="ar",
        interpreter=True,
        topics=[workbench.topic],
        note=ARABIC_NOTE,
    )


def use_language(tab: Tab, language: str) -> None:
    tab.page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": tab.base_url}]
    )


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_the_timeline_reads_in_sentences_and_is_accessible(
    tab: Tab, workbench: Workbench, language: str
) -> None:
    busy_case(workbench)
    sign_in_tab(tab, workbench.counsellor)
    use_language(tab, language)
    page = tab.page
    shown = "en" if language == "en" else "de"
    for name, size in (("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        tab.visit(reverse("cases:detail", args=[workbench.case.code]))
        assert tab.lang() == shown
        items = page.locator(".wcr-timeline__item").all_inner_texts()
        text = "\n".join(items)
        assert OPENED[shown] in text
        assert STATUS[shown] in text
        assert "case.opened" not in text and "counsellor.a" not in text
        # Newest first: the contact logged last is above the status change, the opening last.
        contact = next(i for i, t in enumerate(items) if ARABIC_NOTE in t)
        status = next(i for i, t in enumerate(items) if STATUS[shown] in t)
        assert contact < status < len(items) - 1
        assert OPENED[shown] in items[-1]
        # The Arabic note runs right to left inside the German or English page.
        assert page.locator(".wcr-note").first.get_attribute("dir") == "auto"
        tab.assert_accessible()
        tab.assert_no_horizontal_scrolling()
        page.locator("#timeline-heading").scroll_into_view_if_needed()
        tab.screenshot(f"timeline-{name}-{language}")
    tab.assert_no_csp_violation()


def data_protection_officer(workbench: Workbench) -> User:
    dpo: User = UserFactory(username="dpo.a", first_name="Dana", last_name="Schutz")
    MembershipFactory(user=dpo, organisation=workbench.organisation, role=Role.DATA_PROTECTION)
    return dpo


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_officers_logs_read_in_words_filter_and_are_accessible(
    tab: Tab, workbench: Workbench, language: str
) -> None:
    busy_case(workbench)
    sign_in_tab(tab, workbench.counsellor)
    tab.visit(reverse("cases:detail", args=[workbench.case.code]))  # an access-log entry
    sign_in_tab(tab, data_protection_officer(workbench))
    use_language(tab, language)
    page = tab.page
    today = timezone.localdate().isoformat()
    for name, size in (("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        tab.visit(reverse("privacy:audit_trail"))
        assert tab.lang() == "de"
        table = page.locator("table").inner_text()
        assert "Fall eröffnet von Clara Becker" in table
        assert "cases.case" not in table and "case.opened" not in table
        tab.assert_accessible()
        tab.assert_no_horizontal_scrolling()
        tab.screenshot(f"audit-trail-{name}-{language}")

        # Filter by kind and period with the form; the pager and the form keep the choice.
        page.select_option("#id_kind", "case.status_changed")
        page.fill("#id_date_from", today)
        with page.expect_navigation():
            page.locator("form.wcr-filters button[type=submit]").click()
        rows = page.locator("tbody tr").all_inner_texts()
        assert len(rows) == 1 and "Status: neu → in Beratung" in rows[0]
        assert page.input_value("#id_date_from") == today

        # A reversed period names the field and keeps what was typed.
        yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
        page.fill("#id_date_to", yesterday)
        with page.expect_navigation():
            page.locator("form.wcr-filters button[type=submit]").click()
        assert page.locator("#id_date_to-error").inner_text().startswith("Bis:")
        assert page.input_value("#id_date_to") == yesterday
        tab.assert_accessible()
        tab.screenshot(f"audit-trail-error-{name}-{language}")

        tab.visit(reverse("privacy:access_log"))
        table = page.locator("table").inner_text()
        assert "Datensatz geöffnet" in table and "Clara Becker" in table
        tab.assert_accessible()
        tab.assert_no_horizontal_scrolling()
        tab.screenshot(f"access-log-{name}-{language}")
    tab.assert_no_csp_violation()
