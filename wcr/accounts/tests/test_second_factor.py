"""Staff log in with password and a second factor; without it they reach nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from wcr.core.testing.base import WcrTestCase, give_totp, totp_code
from wcr.core.testing.factories import TEST_PASSWORD, MembershipFactory, UserFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


class SecondFactorTests(WcrTestCase):
    def password_login(self, username: str, password: str = TEST_PASSWORD) -> Response:
        return self.client.post(reverse("account_login"), {"login": username, "password": password})

    def test_it_refuses_the_staff_area_after_a_password_only_login(self) -> None:
        give_totp(self.counsellor)
        response = self.password_login("counsellor.a")
        self.assertRedirects(response, reverse("mfa_authenticate"), fetch_redirect_response=False)
        response = self.client.get(reverse("staff:home"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_it_lets_the_user_in_with_password_and_totp_code(self) -> None:
        secret = give_totp(self.counsellor)
        self.password_login("counsellor.a")
        response = self.client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        self.assertEqual(response.status_code, 302)
        response = self.client.get(reverse("staff:home"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Organisation A")

    def test_it_rejects_a_wrong_totp_code(self) -> None:
        give_totp(self.counsellor)
        self.password_login("counsellor.a")
        response = self.client.post(reverse("mfa_authenticate"), {"code": "000000"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 302)

    def test_it_accepts_a_recovery_code_once(self) -> None:
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

        give_totp(self.counsellor)
        codes = RecoveryCodes.activate(self.counsellor).get_unused_codes()
        self.password_login("counsellor.a")
        self.client.post(reverse("mfa_authenticate"), {"code": codes[0]})
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 200)
        self.client.post(reverse("account_logout"))
        self.password_login("counsellor.a")
        response = self.client.post(reverse("mfa_authenticate"), {"code": codes[0]})
        self.assertEqual(response.status_code, 200)  # form again: the code is used up
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 302)

    def test_it_signs_out_a_user_without_second_factor_and_closed_enrolment(self) -> None:
        response = self.password_login("counsellor.a")
        response = self.client.get(reverse("staff:home"), follow=True)
        self.assertContains(response, "Frist zur Einrichtung ist abgelaufen")
        self.assertFalse(response.context["user"].is_authenticated)

    @override_settings(DEMO_MODE=True)
    def test_it_lets_demo_users_in_with_the_password_alone_in_demo_mode(self) -> None:
        self.password_login("counsellor.a")
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 200)

    def test_it_throttles_failed_logins_per_account(self) -> None:
        for _ in range(5):
            response = self.password_login("counsellor.a", "wrong-password-123")
            self.assertEqual(response.status_code, 200)
        response = self.password_login("counsellor.a")
        self.assertContains(response, "Zu viele Fehlversuche", status_code=200)


class SecondFactorEnrolmentTests(TransactionTestCase):
    """Real commits: allauth marks the activation after the transaction has committed."""

    def test_it_sends_a_user_in_the_enrolment_window_to_set_up_totp(self) -> None:
        user = MembershipFactory(
            user=UserFactory(
                username="newcomer", mfa_enrolment_deadline=timezone.now() + timedelta(hours=1)
            )
        ).user
        self.client.post(reverse("account_login"), {"login": "newcomer", "password": TEST_PASSWORD})
        response = self.client.get(reverse("staff:home"))
        self.assertRedirects(response, reverse("mfa_activate_totp"), fetch_redirect_response=False)
        page = self.client.get(reverse("mfa_activate_totp"))
        self.assertEqual(page.status_code, 200)
        secret = self.client.session["mfa.totp.secret"]
        response = self.client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Authenticator.objects.filter(user=user).exists())
        self.assertEqual(self.client.get(reverse("staff:home")).status_code, 200)
