"""The duplicate warning of the person form in a real browser, in German, English and for an
Arabic-speaking browser (the staff area answers it in German, with the Arabic-script names as
typed): focus on the warning, the choice within reach of it, nothing typed lost, axe-core clean,
on a desktop and on a phone.

Run with ``make test-browser``; ``WCR_SCREENSHOTS=/some/dir`` saves the screenshots.
"""

from __future__ import annotations

import pytest

from wcr.cases.models import Person
from wcr.cases.tests.test_browser_workbench import (  # noqa: F401 (the fixture)
    Workbench,
    sign_in_tab,
    workbench,
)
from wcr.core.testing.browser import Tab

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WORDS = {
    # language: (page language, a reason in words, the "different person" button)
    "de": ("de", "Vorname ähnlich geschrieben", "Das ist eine andere Person: trotzdem speichern"),
    "en": ("en", "Given name spelt similarly", "This is a different person: save anyway"),
    # The staff area speaks German and English (settings.STAFF_LANGUAGES): an Arabic browser
    # gets German, with the Arabic-script names shown as typed.
    "ar": ("de", "Vorname ähnlich geschrieben", "Das ist eine andere Person: trotzdem speichern"),
}


def fill_the_person_form(tab: Tab) -> None:
    page = tab.page
    page.fill("#id_given_name", "Muhammad")
    page.fill("#id_family_name", "Hasan")
    page.fill("#id_native_given_name", "محمد")
    page.fill("#id_native_family_name", "حسن")
    page.fill("#id_birth_date", "1991-03-14")
    page.fill("#id_nationalities", "SY")
    page.fill("#id_phone", "0241 123456")


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_the_duplicate_warning_explains_itself_and_offers_the_choice_beside_it(
    tab: Tab,
    workbench: Workbench,  # noqa: F811 (the fixture imported above)
    language: str,
) -> None:
    page_language, reason, different = WORDS[language]
    page = tab.page
    sign_in_tab(tab, workbench.counsellor)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": tab.base_url}])
    page.set_extra_http_headers({"Accept-Language": language})
    tab.visit("/mitarbeitende/personen/neu/")
    assert tab.lang() == page_language
    fill_the_person_form(tab)
    with page.expect_response(lambda r: r.request.method == "POST" and r.status == 409):
        page.locator("#person-form button[type=submit]").click()
    page.wait_for_load_state()

    warning = page.locator("#duplicates")
    heading = warning.locator("#dup-heading")
    # The warning has the focus: a screen reader starts there.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'dup-heading'")
    assert reason in warning.inner_text()
    assert "given_name_variant" not in warning.inner_text()
    assert "محمد الحسن" in warning.inner_text() and "محمد حسن" in warning.inner_text()
    # Nothing typed is lost.
    assert page.input_value("#id_given_name") == "Muhammad"
    assert page.input_value("#id_native_given_name") == "محمد"
    assert page.input_value("#id_phone") == "0241 123456"

    button = warning.get_by_role("button", name=different)
    assert button.count() == 1
    for viewport, size, limit in (("desktop", DESKTOP, 600), ("phone", PHONE, 1600)):
        page.set_viewport_size(size)
        tab.screenshot(f"duplicate-warning-{viewport}-{language}")
        top, below = heading.bounding_box(), button.bounding_box()
        assert top is not None and below is not None
        assert 0 < below["y"] - top["y"] < limit, (viewport, top, below)
        tab.assert_no_horizontal_scrolling()
        tab.assert_accessible()
    page.set_viewport_size(DESKTOP)

    # With the keyboard: from the warning's heading, Tab reaches "open the existing record",
    # then the "different person" button; Enter saves the form as typed.
    open_link = warning.locator(f"a[href='/mitarbeitende/personen/{workbench.person.code}/']")
    assert open_link.count() == 1
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('name') === 'confirm_new'"):
            break
    else:
        pytest.fail("Tab from the warning does not reach the 'different person' button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    created = Person.objects.get(given_name="Muhammad", family_name="Hasan")
    assert tab.path() == "/mitarbeitende/faelle/neu/"
    assert created.phone == "0241 123456"
    assert created.names.get().given_name == "محمد"
    tab.assert_no_csp_violation()
