"""German pages address the reader as "Sie" throughout, also allauth's (login, logout, password
reset, second factor); empty choices read "– Bitte wählen –"; the login field is for user names
(issue #9)."""

from __future__ import annotations

import re
from pathlib import Path

import allauth
import polib
from django.urls import reverse
from django.utils import translation

from wcr.core.testing.base import WcrTestCase

ALLAUTH_DE = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
# The parts of allauth the platform uses (no sign-up, social accounts, passkeys or identity provider).
USED = re.compile(
    r"^(account/(adapter|forms)\.py|mfa/|templates/account/(login|logout|password_|reauthenticate"
    r"|base_|messages/(logged|password)|email/(base_|password_))|templates/mfa/)"
)
# "du"-forms: pronouns, possessives and the verb forms and imperatives allauth's German uses.
DU = re.compile(
    r"\b(du|dich|dir|dein\w*|hast|bist|kannst|musst|möchtest|solltest|erhältst|gib|bestätige|"
    r"kontaktiere|versuche|wähle|habe Geduld|lass|überprüfe|klick\w*)\b",
    re.IGNORECASE,
)


def used_allauth_entries() -> list[polib.POEntry]:
    return [
        entry
        for entry in polib.pofile(str(ALLAUTH_DE))
        if not entry.obsolete
        and entry.msgstr
        and any(USED.match(path) for path, _line in entry.occurrences)
    ]


class FormOfAddressTests(WcrTestCase):
    def test_the_logout_message_says_sie(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(reverse("account_logout"), follow=True)
        self.assertContains(response, "Sie haben sich abgemeldet.")
        self.assertNotContains(response, "Du hast")

    def test_the_logout_page_asks_with_sie(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("account_logout"))
        self.assertContains(response, "Möchten Sie sich wirklich abmelden?")

    def test_allauths_messages_in_the_platforms_flows_say_sie(self) -> None:
        entries = used_allauth_entries()
        self.assertGreater(len(entries), 100)
        with_du = [e for e in entries if DU.search(e.msgstr)]
        self.assertGreater(len(with_du), 10, "allauth's German still says du: the test has teeth")
        with translation.override("de"):
            for entry in with_du:
                with self.subTest(msgid=entry.msgid[:60]):
                    if entry.msgctxt:
                        text = translation.pgettext(entry.msgctxt, entry.msgid)
                    else:
                        text = translation.gettext(entry.msgid)
                    self.assertIsNone(DU.search(text), text)
                    self.assertNotEqual(text, entry.msgid)


class EmptyChoiceTests(WcrTestCase):
    def test_an_empty_choice_reads_bitte_waehlen(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("cases:person_new"))
        self.assertContains(response, "– Bitte wählen –")
        self.assertNotContains(response, "Select an option")


class LoginFieldTests(WcrTestCase):
    def test_the_login_field_is_for_a_user_name_or_email(self) -> None:
        response = self.client.get(reverse("account_login"))
        html = response.content.decode()
        field = re.search(r'<input[^>]*name="login"[^>]*>', html)
        assert field is not None
        self.assertIn('autocomplete="username"', field.group(0))
        self.assertIn("Benutzername oder E-Mail", html)

    def test_signing_in_by_user_name_still_works(self) -> None:
        self.counsellor.set_password("Lang-genug-9!")
        self.counsellor.save()
        with self.settings(DEMO_MODE=True):
            response = self.client.post(
                reverse("account_login"), {"login": "counsellor.a", "password": "Lang-genug-9!"}
            )
        self.assertEqual(response.status_code, 302)
