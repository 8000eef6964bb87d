"""Browser tests in Debian's headless Chromium (``make test-browser``): fixtures and checks.

Loaded as a pytest plugin by ``wcr/conftest.py``. Playwright is imported only when a browser test
asks for a fixture, so the rest of the suite neither needs nor starts a browser. Playwright never
downloads a browser: it drives the Chromium installed by ``scripts/ensure-chromium``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
# The acceptance criterion: no WCAG 2.1 level A or AA violation.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Playwright's sync API keeps an event loop running in the test's thread; Django refuses ORM calls
# from such a thread unless told that it is safe (it is: nothing else runs in that loop).
_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@dataclass
class Tab:
    """A browser page on the live server, with everything its console said."""

    page: Page
    base_url: str
    console: list[str] = field(default_factory=list)

    def visit(self, path: str) -> Any:
        """Open ``path`` on the live server; answer Playwright's response."""
        return self.page.goto(self.base_url + path)

    def path(self) -> str:
        return str(self.page.evaluate("location.pathname"))

    def lang(self) -> str | None:
        return self.page.get_attribute("html", "lang")

    def switch_language(self, name: str) -> None:
        """Press the button of the page's own language switch labelled ``name``."""
        with self.page.expect_navigation():
            self.page.locator(".wcr-lang").get_by_role("button", name=name).click()

    def assert_accessible(self) -> None:
        """axe-core finds no WCAG 2.1 A/AA violation on the current page."""
        assert_accessible(self.page)

    def assert_no_horizontal_scrolling(self) -> None:
        """Nothing is wider than the viewport (WCAG 1.4.10 Reflow at narrow widths)."""
        scroll, client = self.page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            pytest.fail(f"{self.page.url} scrolls sideways: {scroll}px of content in {client}px")

    def assert_no_csp_violation(self) -> None:
        """The browser reported no Content Security Policy violation since the tab opened."""
        reports = [line for line in self.console if "Content Security Policy" in line]
        if reports:
            pytest.fail("CSP violations reported by the browser:\n" + "\n".join(reports))

    def screenshot(self, name: str) -> None:
        """Save a full-page screenshot when ``WCR_SCREENSHOTS`` names a directory (never in git)."""
        directory = os.environ.get("WCR_SCREENSHOTS")
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def axe_report(page: Page) -> str:
    """axe-core's WCAG 2.1 A/AA violations on ``page``, one readable block per rule; empty if none."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            lines.append(f"        {node['failureSummary'].replace(chr(10), ' ')}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    report = axe_report(page)
    if report:
        lang = page.get_attribute("html", "lang")
        pytest.fail(f"axe-core: WCAG 2.1 A/AA violations on {page.url} (lang={lang}):\n{report}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"Chromium not found at {CHROMIUM}: run scripts/ensure-chromium")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get(_ASYNC_UNSAFE)
    os.environ[_ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop(_ASYNC_UNSAFE, None)
        else:
            os.environ[_ASYNC_UNSAFE] = previous


@pytest.fixture
def tab(browser: Browser, live_server: Any) -> Iterator[Tab]:
    """A fresh browser context (no cookies) and page on the live server, German first."""
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    result = Tab(page=page, base_url=live_server.url)

    def record(message: ConsoleMessage) -> None:
        result.console.append(f"[{message.type}] {message.text}")

    page.on("console", record)
    page.on("pageerror", lambda error: result.console.append(f"[pageerror] {error}"))
    yield result
    context.close()
