"""German first, English always: every string translated, the catalogue compiled, the switch working."""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.test import TestCase
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale"


class CatalogueTests(TestCase):
    def test_every_german_string_is_translated_and_compiled(self) -> None:
        po = polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po"))
        untranslated = [entry.msgid for entry in po.untranslated_entries()]
        fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
        self.assertEqual(untranslated, [])
        self.assertEqual(fuzzy, [])
        compiled = {
            entry.msgid: entry.msgstr
            for entry in polib.mofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.mo"))
        }
        stale = [e.msgid for e in po if not e.msgid_plural and compiled.get(e.msgid) != e.msgstr]
        self.assertEqual(stale, [], "run `make messages` to compile the catalogue")


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
