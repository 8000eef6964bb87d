"""Session lifetime, password rules, and a password reset that does not bypass the second factor."""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from wcr.core.middleware import LAST_SEEN_KEY, LOGIN_AT_KEY
from wcr.core.testing.base import WcrTestCase, give_totp
from wcr.core.testing.factories import MembershipFactory, UserFactory
from wcr.core.testing.smtp import smtp_settings, smtp_sink
from wcr.core.testing.tasks import run_worker


class SessionLifetimeTests(WcrTestCase):
    def age_session(self, key: str, seconds: int) -> None:
        session = self.client.session
        session[key] = timezone.now().timestamp() - seconds
        session.save()

    def test_it_keeps_an_active_session(self) -> None:
        self.sign_in(self.counsellor)
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 200)
        self.age_session(LAST_SEEN_KEY, 29 * 60)
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 200)

    def test_it_ends_a_session_after_30_minutes_without_activity(self) -> None:
        self.sign_in(self.counsellor)
        self.client.get(reverse("staff:home"))
        self.age_session(LAST_SEEN_KEY, 31 * 60)
        response = self.client.get(reverse("staff:home"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 302)

    def test_it_ends_a_session_12_hours_after_login_however_active(self) -> None:
        self.sign_in(self.counsellor)
        self.client.get(reverse("staff:home"))
        self.age_session(LOGIN_AT_KEY, 12 * 3600 + 1)
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 302)

    @override_settings(SESSION_IDLE_TIMEOUT=60)
    def test_the_idle_timeout_is_a_setting(self) -> None:
        self.sign_in(self.counsellor)
        self.client.get(reverse("staff:home"))
        self.age_session(LAST_SEEN_KEY, 61)
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 302)


class PasswordRuleTests(WcrTestCase):
    def test_it_requires_at_least_12_characters(self) -> None:
        with self.assertRaises(ValidationError):
            validate_password("Kurz-9-Abc!")  # 11 characters
        validate_password("Lang-genug-9!")

    def test_it_rejects_common_passwords(self) -> None:
        with self.assertRaises(ValidationError):
            validate_password("password1234")

    def test_signup_is_closed(self) -> None:
        response = self.client.get(reverse("account_signup"))
        self.assertNotContains(response, 'name="password1"')


class PasswordResetTests(TransactionTestCase):
    def test_a_reset_sends_a_mail_and_still_requires_the_second_factor(self) -> None:
        user = MembershipFactory(
            user=UserFactory(username="resetme", email="reset@example.org")
        ).user
        give_totp(user)
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            self.client.post(reverse("account_reset_password"), {"email": "reset@example.org"})
            run_worker()
        self.assertEqual(len(received), 1)
        body = received[0].get_body(("plain",)).get_content()
        link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", body)
        assert link is not None, body
        response = self.client.get(link.group(1), follow=True)
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
        new_password = "Ganz-neues-Passwort-2026"
        response = self.client.post(
            form_url, {"password1": new_password, "password2": new_password}
        )
        self.assertEqual(response.status_code, 302)
        # Not signed in by the reset …
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 302)
        # … and the new password alone is not enough.
        response = self.client.post(
            reverse("account_login"), {"login": "resetme", "password": new_password}
        )
        self.assertRedirects(response, reverse("mfa_authenticate"), fetch_redirect_response=False)
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 302)

    def test_a_too_short_new_password_is_refused_with_a_message(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            validate_password("abc")
        self.assertTrue(any("12" in message for message in caught.exception.messages))
