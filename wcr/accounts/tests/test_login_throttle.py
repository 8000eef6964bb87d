"""The login throttle: per address, per account across user name and email, with the time to
retry, a mail to the owner, and a way in for the owner's own browser while someone guesses."""

from __future__ import annotations

import datetime
import re

from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wcr.accounts.throttle import DEVICE_COOKIE
from wcr.core.mail import mail_unseal
from wcr.core.testing.base import WcrTestCase
from wcr.core.testing.factories import TEST_PASSWORD

WRONG = "wrong-password-123"


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class LoginThrottleTests(WcrTestCase):
    """A fast hasher: these tests sign in some thirty times."""

    def setUp(self) -> None:
        self.counsellor.email = "Counsellor.A@example.org"
        for user in (self.counsellor, self.team_lead):
            user.set_password(TEST_PASSWORD)
            user.save()

    def login(self, client: Client, login: str, password: str = TEST_PASSWORD) -> object:
        return client.post(reverse("account_login"), {"login": login, "password": password})

    def assert_throttled_with_time(
        self, response: object, minutes: tuple[int, int] = (4, 7)
    ) -> None:
        content = response.content.decode()
        found = re.search(
            r"Zu viele Fehlversuche\. Bitte versuchen Sie es um (\d\d):(\d\d) Uhr erneut\.", content
        )
        assert found is not None, re.findall(r'role="alert".{0,300}', content, re.S)
        now = timezone.localtime()
        at = now.replace(
            hour=int(found.group(1)), minute=int(found.group(2)), second=0, microsecond=0
        )
        if at < now - datetime.timedelta(hours=12):
            at += datetime.timedelta(days=1)
        self.assertGreater(at, now + datetime.timedelta(minutes=minutes[0]))
        self.assertLess(at, now + datetime.timedelta(minutes=minutes[1]))

    def test_user_name_and_email_count_as_one_account_and_the_message_names_the_time(self) -> None:
        for login in ("counsellor.a", "COUNSELLOR.A", "counsellor.a@example.org"):
            self.assertNotContains(self.login(self.client, login, WRONG), "Fehlversuche")
        for login in ("Counsellor.A@example.org", "counsellor.a"):
            self.assertNotContains(self.login(self.client, login, WRONG), "Fehlversuche")
        response = self.login(self.client, "counsellor.a@example.org")  # the right password
        self.assert_throttled_with_time(response)
        self.assertNotIn("_auth_user_id", self.client.session)  # not signed in

    def test_the_owner_is_mailed_once_per_throttle_window(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            for _ in range(5):
                self.login(self.client, "counsellor.a", WRONG)
            self.assertFalse(DBTaskResult.objects.exists())
            for _ in range(3):
                self.assert_throttled_with_time(self.login(self.client, "counsellor.a", WRONG))
        row = DBTaskResult.objects.get()
        message = mail_unseal(row.args_kwargs["kwargs"]["sealed"])
        self.assertEqual(message["to"], ["Counsellor.A@example.org"])
        self.assertIn("Anmeldeversuche", message["subject"])
        self.assertRegex(message["body"], r"bis \d\d:\d\d")

    def test_someone_guessing_does_not_lock_the_owner_out_of_their_own_browser(self) -> None:
        owner = Client()
        self.assertEqual(self.login(owner, "counsellor.a").status_code, 302)
        self.assertIn(DEVICE_COOKIE, owner.cookies)
        owner.post(reverse("account_logout"))
        stranger = Client()
        for _ in range(5):
            self.login(stranger, "counsellor.a", WRONG)
        self.assert_throttled_with_time(self.login(stranger, "counsellor.a"))
        # the owner's browser still signs in, with the right password
        self.assertEqual(self.login(owner, "counsellor.a").status_code, 302)

    def test_a_device_cookie_of_another_account_does_not_help(self) -> None:
        browser = Client()
        self.assertEqual(self.login(browser, "lead.a").status_code, 302)
        browser.post(reverse("account_logout"))
        for _ in range(5):
            self.login(Client(), "counsellor.a", WRONG)
        self.assert_throttled_with_time(self.login(browser, "counsellor.a"))

    def test_the_client_address_is_throttled_strictly(self) -> None:
        for index in range(10):
            self.login(self.client, f"nobody-{index}", WRONG)
        # 10 per minute per address: open again within two minutes
        self.assert_throttled_with_time(self.login(self.client, "counsellor.a"), minutes=(0, 2))
