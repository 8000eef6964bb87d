"""The navigator's result page in a real browser, for a graduate whose degree still needs its
comparability statement: axe-core (WCAG 2.1 A/AA) in German, English and Arabic, the explanation
sentences and steps still to take on screen, no sideways scrolling on a phone, screenshots at
390 px and 1280 px (``WCR_SCREENSHOTS=/tmp/shots-… make test-browser``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from wcr.core.testing.browser import Tab
from wcr.core.testing.factories import LocationFactory

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GRADUATE: dict[str, dict[str, str] | None] = {
    "nationality": {"answer": "IN"},
    "residence": {"answer": "IN"},
    "goal": {"answer": "employment"},
    "age": {"answer": "31"},
    "qualification_level": {"answer": "academic"},
    "qualification_occupation": {"answer": "it"},
    "qualification_country": {"answer": "IN"},
    "qualification_duration": {"answer": "4"},
    "qualification_state_recognised": {"answer": "yes"},
    "qualification_completed": {"answer": "2018"},
    "german_recognition": {"answer": "none"},
    "qualification_regulated": {"answer": "no"},
    "experience": {"answer": "4", "last_7": "6"},
    "german_level": {"answer": "A2"},
    "english_level": {"answer": "C1"},
    "job_offer": {"answer": "yes"},
    "job_type": {"answer": "it"},
    "salary": {"answer": "60000"},
    "job_qualified": {"answer": "yes"},
    "collective_agreement": {"answer": "no"},
    "job_duration": {"answer": "0"},
    "job_location": {"answer": "52062"},
    "stay": {"answer": "0"},
    "anerkennungspartnerschaft": {"answer": "no"},
}


def _fill(page: Page, answer: dict[str, str] | None) -> None:
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


def _walk(tab: Tab) -> None:
    page = tab.page
    tab.visit("/navigator/")
    page.locator("#mode-self").check()
    with page.expect_navigation():
        page.locator("form.wcr-form button[type=submit]").click()
    while "/frage/" in page.url:
        question_id = page.url.rstrip("/").rsplit("/", 1)[-1]
        assert question_id in GRADUATE, f"unexpected question {question_id}"
        _fill(page, GRADUATE[question_id])
    assert tab.path() == "/navigator/zusammenfassung/"


@pytest.fixture
def location() -> None:
    LocationFactory(slug="aachen", name="WCR Aachen", email="aachen@example.org")


def test_the_result_explains_itself_accessibly_in_german_english_and_arabic(
    tab: Tab, location: None
) -> None:
    page = tab.page
    _walk(tab)
    expected = {
        "de": ("Passt, sobald ein Schritt erledigt ist", "60.000\u00a0€ im Jahr sind mindestens"),
        "en": ("Fits once a step is taken", "€60,000 a year is at least the"),
        "ar": ("يناسب بعد اتخاذ خطوة واحدة", "لا يقل عن الحد المطلوب لعام"),
    }
    for language, (status, sentence) in expected.items():
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": tab.base_url}]
        )
        for width, height in ((1280, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            tab.visit("/navigator/ergebnis/")
            assert tab.lang() == language
            text = page.locator("main").inner_text()
            assert status in text
            assert sentence in text
            assert ">=" not in text and "≥" not in text
            tab.assert_no_horizontal_scrolling()
            tab.assert_accessible()
            if language in ("de", "ar"):
                tab.screenshot(f"navigator-result-{width}-{language}")
        page.locator("details.wcr-nav-details summary").first.click()
        tab.assert_accessible()
    tab.assert_no_csp_violation()


def test_on_the_arabic_result_numbers_keep_their_order(tab: Tab, location: None) -> None:
    page = tab.page
    _walk(tab)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": tab.base_url}])
    tab.visit("/navigator/ergebnis/")
    amount = page.locator("bdi[dir=ltr]", has_text="60,000").first
    assert amount.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert amount.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"


def test_an_arabic_source_title_stays_one_line_of_text(tab: Tab, location: None) -> None:
    """KERN links are inline-flex: isolated runs must not become columns of their own."""
    page = tab.page
    _walk(tab)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": tab.base_url}])
    page.set_viewport_size({"width": 390, "height": 844})
    tab.visit("/navigator/ergebnis/")
    link = page.locator("a[href$='__18g.html']").first
    children = link.evaluate("e => e.children.length")
    assert children == 1
    box = link.bounding_box()
    assert box is not None
    # Four short lines at most, not a column per word run.
    assert box["height"] < 4 * 32, box
