"""German first, English always: every string translated, the catalogue compiled, the switch working."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils.translation.template import templatize

LOCALE = Path(settings.BASE_DIR) / "locale"
ROOT = Path(settings.BASE_DIR)
# Arabic, Ukrainian and Turkish cover the public navigator and the chrome around it.
WIZARD_TEMPLATES = ("start", "question", "summary", "result", "counsellor", "base")
WIZARD_PARTIALS = ("_pathway", "_list", "_contact", "_delete")
PUBLIC_TEMPLATES = [
    *(
        ROOT / "templates" / "navigator" / f"{name}.html"
        for name in WIZARD_TEMPLATES + WIZARD_PARTIALS
    ),
    ROOT / "templates" / "base.html",
    ROOT / "templates" / "language_switch.html",
    ROOT / "templates" / "portal" / "base.html",
    ROOT / "templates" / "portal" / "home.html",
    # The print documents a person of the public takes away (the navigator's result as PDF).
    # The committee report is German only (it goes to the councils' committees).
    *sorted(
        path
        for path in (ROOT / "templates" / "print").glob("*.html")
        if path.name != "committee_report.html"
    ),
    # Appointment booking: its pages and the mails to the requester.
    *sorted((ROOT / "templates" / "portal" / "booking").glob("*.html")),
    *(
        path
        for path in sorted((ROOT / "templates" / "emails").glob("*booking*.txt"))
        if "staff" not in path.name
    ),
    # The cooperation-partner directory "Wer noch helfen kann".
    *(
        ROOT / "templates" / "partners" / f"{name}.html"
        for name in ("directory", "detail", "_cards")
    ),
]
PUBLIC_MODULES = [
    *sorted((ROOT / "wcr" / "navigator" / "wizard").glob("*.py")),
    ROOT / "wcr" / "navigator" / "views.py",
    ROOT / "wcr" / "portal" / "booking" / "views.py",
    ROOT / "wcr" / "portal" / "booking" / "checks.py",
    ROOT / "wcr" / "partners" / "views.py",
]
_TEMPLATE_CALL = re.compile(r"gettext\(u?('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\)")
_GETTEXT_NAMES = {"_", "gettext", "gettext_lazy"}


def public_msgids() -> set[str]:
    """Every msgid of the public navigator's templates and modules and of the page chrome."""
    ids: set[str] = set()
    for path in PUBLIC_TEMPLATES:
        text = templatize(path.read_text(encoding="utf-8"))
        ids |= {ast.literal_eval(literal) for literal in _TEMPLATE_CALL.findall(text)}
    for path in PUBLIC_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in _GETTEXT_NAMES
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                ids.add(node.args[0].value)
    return ids


class CatalogueTests(TestCase):
    def test_every_german_string_is_translated_and_compiled(self) -> None:
        po = polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po"))
        untranslated = [entry.msgid for entry in po.untranslated_entries()]
        fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
        self.assertEqual(untranslated, [])
        self.assertEqual(fuzzy, [])
        # Keyed by context too: "To" of a period and "To" of a referral's recipient differ.
        compiled = {
            (entry.msgctxt, entry.msgid): entry.msgstr
            for entry in polib.mofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.mo"))
        }
        stale = [
            e.msgid
            for e in po
            if not e.msgid_plural and compiled.get((e.msgctxt, e.msgid)) != e.msgstr
        ]
        self.assertEqual(stale, [], "run `make messages` to compile the catalogue")

    def test_arabic_ukrainian_and_turkish_cover_the_navigator_and_the_chrome(self) -> None:
        wanted = public_msgids()
        self.assertIn("Which citizenship do you have?", wanted)
        self.assertIn("Skip to content", wanted)
        for language in ("ar", "uk", "tr"):
            with self.subTest(language=language):
                po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
                translated = {e.msgid for e in po.translated_entries() if "fuzzy" not in e.flags}
                self.assertEqual(sorted(wanted - translated), [])
                self.assertIn("machine-assisted", po.header.lower())
                compiled = {
                    e.msgid: e.msgstr
                    for e in polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
                }
                stale = [m for m in wanted if compiled.get(m) != po.find(m).msgstr]
                self.assertEqual(stale, [], "compile the catalogue (compilemessages)")


class LanguageTests(TestCase):
    def test_the_portal_speaks_german_by_default(self) -> None:
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, '<html lang="de"')
        self.assertContains(response, "Zum Inhalt springen")
        self.assertContains(response, "Unser Angebot")

    def test_the_portal_speaks_english_to_english_browsers(self) -> None:
        response = self.client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, '<html lang="en"')
        self.assertContains(response, "Skip to content")

    def test_the_language_switch_remembers_the_choice(self) -> None:
        response = self.client.post(
            reverse("set_language"), {"language": "en", "next": reverse("portal:home")}
        )
        self.assertRedirects(response, reverse("portal:home"))
        response = self.client.get(reverse("portal:home"))
        self.assertContains(response, "What we offer")
        response = self.client.post(reverse("set_language"), {"language": "de", "next": "/"})
        self.assertContains(self.client.get("/"), "Unser Angebot")

    def test_the_login_page_is_german_and_english(self) -> None:
        self.assertContains(
            self.client.get(reverse("account_login")), "Anmeldung für Mitarbeitende"
        )
        self.assertContains(
            self.client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en"), "Staff login"
        )
