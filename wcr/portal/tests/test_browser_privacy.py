"""The versioned privacy notice in a real browser: the version in force with its date, the
list of earlier versions and an earlier version's page pass axe-core (WCAG 2.1 A/AA) in German,
English and Arabic (right to left), also at phone width."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from wcr.core.testing.browser import Tab
from wcr.portal.models import PrivacyNotice

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGE_BUTTONS = {"en": "English", "ar": "العربيّة"}


@pytest.fixture
def version_2() -> PrivacyNotice:
    text = '<h2 class="kern-heading-medium">{}</h2><p class="kern-body">{}</p>'
    notice: PrivacyNotice = PrivacyNotice.objects.create(
        version="2",
        published_on=timezone.localdate() - datetime.timedelta(days=1),
        bodies={
            "de": text.format("Verantwortliche Stelle", "Fassung zwei."),
            "en": text.format("Who is responsible", "Version two."),
            "ar": text.format("الجهة المسؤولة", "الإصدار الثاني."),
        },
    )
    return notice


@pytest.mark.parametrize("width", [375, 1280])
def test_the_privacy_notice_and_an_earlier_version_are_accessible(
    tab: Tab, version_2: PrivacyNotice, width: int
) -> None:
    tab.page.set_viewport_size({"width": width, "height": 900})
    tab.visit("/datenschutz/")
    assert tab.lang() == "de"
    assert "Fassung 2, gültig seit" in tab.page.get_by_test_id("notice-version").inner_text()
    tab.assert_accessible()
    tab.assert_no_horizontal_scrolling()
    for language, button in LANGUAGE_BUTTONS.items():
        tab.switch_language(button)
        assert tab.lang() == language
        tab.assert_accessible()
        tab.assert_no_horizontal_scrolling()
    assert tab.page.get_attribute("html", "dir") == "rtl"
    tab.screenshot(f"privacy-ar-{width}")
    tab.page.get_by_test_id("notice-versions").get_by_role("link").first.click()
    tab.page.wait_for_url("**/datenschutz/fassung/1/")
    assert tab.lang() == "ar"
    tab.assert_accessible()
    tab.screenshot(f"privacy-v1-ar-{width}")
    tab.assert_no_csp_violation()
