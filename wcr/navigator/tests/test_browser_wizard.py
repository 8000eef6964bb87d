"""The public navigator in a real browser: axe-core (WCAG 2.1 A/AA) on every wizard step and the
result page in all five languages, and a walk-through with the keyboard only.

Run with ``make test-browser``; fixtures in ``wcr/core/testing/browser.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from wcr.core.testing.browser import Tab, assert_accessible
from wcr.core.testing.factories import LocationFactory

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ("de", "en", "ar", "uk", "tr")
# A path through every kind of screen: country selects, radios, numbers, a two-field question,
# an amount, a shared postal code with its follow-up question, and "I don't know".
ANSWERS: dict[str, dict[str, str] | None] = {
    "nationality": {"answer": "IN"},
    "residence": {"answer": "IN"},
    "goal": {"answer": "employment"},
    "age": {"answer": "46"},
    "qualification_level": {"answer": "academic"},
    "qualification_occupation": {"answer": "engineering"},
    "qualification_country": {"answer": "IN"},
    "qualification_duration": {"answer": "4"},
    "qualification_state_recognised": {"answer": "yes"},
    "qualification_completed": {"answer": "2015"},
    "german_recognition": {"answer": "none"},
    "qualification_regulated": None,
    "experience": {"answer": "3", "last_7": "5"},
    "german_level": {"answer": "B1"},
    "english_level": {"answer": "C1"},
    "job_offer": {"answer": "yes"},
    "job_type": {"answer": "engineer"},
    "salary": {"answer": "61000"},
    "job_qualified": {"answer": "yes"},
    "collective_agreement": None,
    "job_duration": {"answer": "24"},
    "job_location": {"answer": "52525"},
    "job_municipality": {"answer": "05370016"},
    "stay": {"answer": "0"},
    "pension": {"answer": "yes"},
    "anerkennungspartnerschaft": {"answer": "no"},
}


@pytest.fixture
def locations() -> None:
    LocationFactory(slug="aachen", name="WCR Aachen", email="aachen@example.org")
    LocationFactory(slug="moenchengladbach", name="WCR Mönchengladbach")
    LocationFactory(slug="neuss", name="WCR Neuss")


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """One context for the whole walk (the session carries the answers)."""
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def _fill(page: Page, question_id: str, answer: dict[str, str] | None) -> None:
    form = page.locator("form.wcr-form")
    if answer is None:
        with page.expect_navigation():
            form.locator("button[value=unknown]").click()
        return
    for name, value in answer.items():
        field = form.locator(f"[name={name}]")
        kind = field.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if kind == "select:select-one":
            field.select_option(value)
        elif kind.endswith(":radio"):
            form.locator(f"[name={name}][value='{value}']").check()
        else:
            field.fill(value)
    with page.expect_navigation():
        form.locator("button[value=next]").click()


def _set_language(page: Page, base_url: str, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])


def test_every_wizard_step_and_the_result_are_accessible_in_all_languages(
    page: Page, locations: None
) -> None:
    base_url = page.base_url
    checked = []
    for language in LANGUAGES:
        _set_language(page, base_url, language)
        page.goto(base_url + "/navigator/")
        assert page.get_attribute("html", "lang") == language
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
        assert_accessible(page)
        if language == "de":
            # Answer once; the other languages revisit the same screens with the answers kept.
            page.locator("#mode-self").check()
            with page.expect_navigation():
                page.locator("form.wcr-form button[type=submit]").click()
            while "/frage/" in page.url:
                question_id = page.url.rstrip("/").rsplit("/", 1)[-1]
                assert question_id in ANSWERS, f"unexpected question {question_id}"
                assert_accessible(page)
                checked.append(question_id)
                _fill(page, question_id, ANSWERS[question_id])
            assert page.url.endswith("/navigator/zusammenfassung/")
        else:
            for question_id in checked:
                page.goto(f"{base_url}/navigator/frage/{question_id}/")
                assert f"/frage/{question_id}/" in page.url
                assert_accessible(page)
            page.goto(base_url + "/navigator/zusammenfassung/")
        assert_accessible(page)
        page.goto(base_url + "/navigator/ergebnis/")
        assert page.locator("h1").count() == 1
        assert_accessible(page)
        page.locator("details.wcr-nav-details summary").first.click()
        assert_accessible(page)
        page.goto(base_url + "/navigator/beratung/")
        assert_accessible(page)
    assert set(checked) == set(ANSWERS)


def test_an_error_message_is_accessible(page: Page) -> None:
    base_url = page.base_url
    page.goto(base_url + "/navigator/")
    with page.expect_navigation():
        page.locator("form.wcr-form button[type=submit]").click()
    page.goto(base_url + "/navigator/frage/job_offer/")
    _fill(page, "job_offer", {"answer": "yes"})
    page.goto(base_url + "/navigator/frage/salary/")
    page.fill("input[name=answer]", "viel")
    with page.expect_navigation():
        page.locator("button[value=next]").click()
    assert page.locator("[role=alert]").count() == 1
    assert page.input_value("input[name=answer]") == "viel"
    assert_accessible(page)


def _tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector} on {page.url}")


def test_a_keyboard_only_walk_reaches_the_result(tab: Tab, locations: None) -> None:
    page = tab.page
    tab.visit("/navigator/")
    _tab_to(page, "#mode-self")
    page.keyboard.press("Space")
    _tab_to(page, "form.wcr-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    steps = 0
    while "/frage/" in page.url:
        steps += 1
        assert steps < 40
        question_id = page.url.rstrip("/").rsplit("/", 1)[-1]
        if question_id == "nationality":
            # A select: focus it and type the first letters of the country.
            _tab_to(page, "select[name=answer]")
            page.keyboard.type("Indien")
            _tab_to(page, "button[value=next]")
        elif question_id == "job_offer":
            _tab_to(page, "input[name=answer]")
            page.keyboard.press("Space")  # the first radio: yes
            _tab_to(page, "button[value=next]")
        elif question_id == "salary":
            _tab_to(page, "input[name=answer]")
            page.keyboard.type("52000")
            _tab_to(page, "button[value=next]")
        else:
            _tab_to(page, "button[value=unknown]")
        with page.expect_navigation():
            page.keyboard.press("Enter")

    assert tab.path() == "/navigator/zusammenfassung/"
    _tab_to(page, "a[href='/navigator/ergebnis/'].kern-btn")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert tab.path() == "/navigator/ergebnis/"
    assert page.locator("h1").inner_text() == "Ihr Ergebnis"
    _tab_to(page, "details.wcr-nav-details summary")
    page.keyboard.press("Enter")
    assert page.locator("details.wcr-nav-details[open]").count() == 1
    tab.assert_no_csp_violation()


def test_the_arabic_result_mirrors_the_layout(tab: Tab) -> None:
    page = tab.page
    tab.visit("/navigator/")
    tab.switch_language("العربيّة")
    assert tab.lang() == "ar"
    with page.expect_navigation():
        page.locator("form.wcr-form button[type=submit]").click()
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    forward = page.locator("button[value=next]").bounding_box()
    back = page.locator("button[value=back]").bounding_box()
    assert forward is not None and back is not None
    # Right to left: the first button ("next") sits at the right, "back" further left.
    assert forward["x"] > back["x"], (forward, back)
    tab.assert_accessible()
    tab.assert_no_csp_violation()


def test_the_wizard_and_the_result_fit_a_narrow_phone_screen(tab: Tab) -> None:
    page = tab.page
    page.set_viewport_size({"width": 375, "height": 812})
    for language in ("de", "ar"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": tab.base_url}]
        )
        tab.visit("/navigator/")
        with page.expect_navigation():
            page.locator("form.wcr-form button[type=submit]").click()
        tab.assert_no_horizontal_scrolling()
        tab.visit("/navigator/ergebnis/")
        tab.screenshot(f"navigator-result-375-{language}")
        tab.assert_no_horizontal_scrolling()
    tab.assert_no_csp_violation()
