"""The platform administrator configures and never reads case content or secrets.

Signed in as an administrator with every permission, no admin page shows a TOTP secret, a recovery
seed, a session key, an API token's hash, or anything of a queued mail (the reset link, a client's
name, a case link, the recipient); and no task row in the database holds them either.
"""

from __future__ import annotations

import datetime
import json
import re

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.sessions.models import Session
from django.test import Client, TransactionTestCase, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from wcr.accounts.models import ApiToken, Membership, Role, User
from wcr.api.tokens import api_token_create
from wcr.cases import services as case_services
from wcr.cases.digest import digest_send_all
from wcr.core.mail import mail_unseal
from wcr.core.testing.base import WcrTestCase, give_totp, sign_in
from wcr.core.testing.smtp import smtp_settings, smtp_sink
from wcr.core.testing.tasks import run_worker
from wcr.privacy.models import AuditEvent

TODAY = datetime.date(2026, 11, 24)
CLIENT_NAME = "Brzęczyszczykiewicz"


def _all_task_rows() -> str:
    return json.dumps(
        [
            [row.args_kwargs, row.return_value, row.traceback, row.exception_class_path]
            for row in DBTaskResult.objects.all()
        ],
        ensure_ascii=False,
    )


class AdminShowsNoSecretsTests(TransactionTestCase):
    """A TransactionTestCase: the real worker (``db_worker``) sends the mail, as in production."""

    # the personas of WcrTestCase, built per test (a TransactionTestCase has no class data)
    __annotations__ = WcrTestCase.__annotations__
    _persona = WcrTestCase.__dict__["_persona"]

    def sign_in(self, user: User) -> Client:
        return sign_in(self.client, user)

    def setUp(self) -> None:
        WcrTestCase.setUpTestData.__func__(type(self))
        self.administrator.is_superuser = True  # the strongest case: every permission
        self.administrator.save(update_fields=["is_superuser"])
        self.counsellor.email = "counsellor.a@example.org"
        self.counsellor.save(update_fields=["email"])
        self.totp_secret = give_totp(self.counsellor)
        RecoveryCodes.activate(self.counsellor)
        recovery = Authenticator.objects.get(
            user=self.counsellor, type=Authenticator.Type.RECOVERY_CODES
        )
        self.recovery_seed = recovery.data["seed"]
        self.recovery_code = RecoveryCodes(recovery).get_unused_codes()[0]
        token, self.raw_token = api_token_create(
            actor=self.team_lead, membership=Membership.objects.get(user=self.counsellor)
        )
        self.token_hash = ApiToken.objects.get(pk=token.pk).secret_hash
        other = sign_in(Client(), self.counsellor)
        self.session_key = other.session.session_key
        person = case_services.person_create(
            actor=self.counsellor,
            organisation=self.org_a,
            data=case_services.PersonInput(given_name="Olena", family_name=CLIENT_NAME),
        )
        self.case = case_services.case_open(
            actor=self.counsellor,
            organisation=self.org_a,
            person=person,
            counsellor=self.counsellor,
        )
        case_services.task_create(
            actor=self.counsellor,
            case=self.case,
            title="Zeugnis anfordern",
            assignee=self.counsellor,
            due_on=TODAY,
        )

    def queue_and_send_mail(self) -> tuple[str, str]:
        """A password-reset mail and a digest mail, through the worker to the SMTP sink; answer
        (reset link, case link)."""
        Client().post(reverse("account_reset_password"), {"email": self.counsellor.email})
        digest_send_all(today=TODAY, base_url="https://wcr.example.org")
        rows = list(DBTaskResult.objects.all())
        self.assertEqual(len(rows), 2)
        sealed_bodies = [mail_unseal(row.args_kwargs["kwargs"]["sealed"])["body"] for row in rows]
        reset = re.search(r"/accounts/password/reset/key/(\S+?)/", " ".join(sealed_bodies))
        assert reset is not None, sealed_bodies
        reset_link = reset.group(0)
        case_link = f"/mitarbeitende/faelle/{self.case.code}/"
        queued = _all_task_rows()
        for secret in (reset.group(1), CLIENT_NAME, str(self.case.code), self.counsellor.email):
            self.assertNotIn(secret, queued)  # sealed while queued
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            run_worker()
        self.assertEqual(len(received), 2)
        delivered = " ".join(m.get_body(("plain",)).get_content() for m in received)
        self.assertIn(reset_link, delivered)  # the mail still arrives, link and all
        self.assertIn(CLIENT_NAME, delivered)
        self.assertIn(case_link, delivered)
        self.assertEqual({row.status for row in DBTaskResult.objects.all()}, {"SUCCESSFUL"})
        for row in DBTaskResult.objects.all():
            self.assertEqual(row.args_kwargs["kwargs"]["sealed"], "")  # purged once sent
        return reset.group(1), case_link

    def admin_pages(self) -> list[str]:
        membership = Membership.objects.get(user=self.counsellor)
        pages = [
            reverse("admin:index"),
            reverse("admin:accounts_user_changelist"),
            reverse("admin:accounts_user_change", args=[self.counsellor.pk]),
            reverse("admin:accounts_membership_changelist"),
            reverse("admin:accounts_membership_change", args=[membership.pk]),
            reverse("admin:mfa_authenticator_changelist"),
            reverse("admin:accounts_apitoken_changelist"),
            reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        ]
        pages += [
            reverse("admin:mfa_authenticator_change", args=[a.pk])
            for a in Authenticator.objects.all()
        ]
        pages += [
            reverse("admin:accounts_apitoken_change", args=[t.pk]) for t in ApiToken.objects.all()
        ]
        pages += [
            reverse("admin:django_tasks_database_dbtaskresult_change", args=[r.pk])
            for r in DBTaskResult.objects.all()
        ]
        return pages

    def test_no_admin_page_and_no_task_row_shows_a_secret_or_a_mail(self) -> None:
        reset_key, case_link = self.queue_and_send_mail()
        secrets = {
            "TOTP secret": self.totp_secret,
            "recovery seed": self.recovery_seed,
            "recovery code": self.recovery_code,
            "session key": self.session_key,
            "token hash": self.token_hash,
            "raw token": self.raw_token,
            "reset key": reset_key,
            "client name": CLIENT_NAME,
            "case link": case_link,
        }
        self.assertNotIn(reset_key, _all_task_rows())
        self.assertNotIn(CLIENT_NAME, _all_task_rows())
        self.sign_in(self.administrator)
        for url in self.admin_pages():
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            page = response.content.decode()
            for label, secret in secrets.items():
                with self.subTest(url=url, secret=label):
                    self.assertNotIn(secret, page)
        for url in self.admin_pages():
            if "dbtaskresult" in url:
                self.assertNotIn(self.counsellor.email, self.client.get(url).content.decode())


class AdminMembershipTests(WcrTestCase):
    def setUp(self) -> None:
        self.administrator.is_superuser = True
        self.administrator.save(update_fields=["is_superuser"])
        self.session_key = sign_in(Client(), self.counsellor).session.session_key

    def test_sessions_and_the_admin_log_are_not_in_the_admin(self) -> None:
        self.assertTrue(Session.objects.filter(session_key=self.session_key).exists())
        self.sign_in(self.administrator)
        for url in ("/admin/sessions/session/", "/admin/admin/logentry/"):
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (404, 302))
                self.assertNotIn(self.session_key, self.client.get(url).content.decode())

    def test_the_admin_grants_a_membership_through_the_audited_service(self) -> None:
        self.sign_in(self.administrator)
        response = self.client.post(
            reverse("admin:accounts_membership_add"),
            {
                "user": self.other_counsellor.pk,
                "organisation": self.org_a.pk,
                "role": Role.COUNSELLOR,
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        membership = Membership.objects.get(user=self.other_counsellor, organisation=self.org_a)
        event = AuditEvent.objects.get(action="membership.granted")
        self.assertEqual(event.actor, self.administrator)
        self.assertEqual(event.organisation, self.org_a)
        response = self.client.post(
            reverse("admin:accounts_membership_change", args=[membership.pk]),
            {"role": Role.TEAM_LEAD, "is_active": "on"},
        )
        self.assertEqual(response.status_code, 302)
        membership.refresh_from_db()
        self.assertEqual(membership.role, Role.TEAM_LEAD)
        self.assertTrue(AuditEvent.objects.filter(action="membership.role_changed").exists())
        response = self.client.post(
            reverse("admin:accounts_membership_changelist"),
            {"action": "end_memberships", "_selected_action": [membership.pk]},
        )
        membership.refresh_from_db()
        self.assertFalse(membership.is_active)
        self.assertTrue(AuditEvent.objects.filter(action="membership.ended").exists())

    def test_the_admin_cannot_grant_themselves_a_membership(self) -> None:
        self.sign_in(self.administrator)
        response = self.client.post(
            reverse("admin:accounts_membership_add"),
            {"user": self.administrator.pk, "organisation": self.org_b.pk, "role": Role.COUNSELLOR},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(
            Membership.objects.filter(user=self.administrator, organisation=self.org_b).exists()
        )
        self.assertFalse(AuditEvent.objects.filter(action="membership.granted").exists())

    def test_the_user_page_has_no_membership_form(self) -> None:
        self.sign_in(self.administrator)
        response = self.client.get(reverse("admin:accounts_user_change", args=[self.counsellor.pk]))
        self.assertNotContains(response, "memberships-TOTAL_FORMS")
        self.assertContains(
            response,
            reverse(
                "admin:accounts_membership_change",
                args=[Membership.objects.get(user=self.counsellor).pk],
            ),
        )


class AdminAccountTakeoverTests(WcrTestCase):
    """The administrator cannot take over an existing account (and through it read its cases):
    no password form, the email and user name stay, and every change they make is audited."""

    def setUp(self) -> None:
        self.administrator.is_superuser = True
        self.administrator.save(update_fields=["is_superuser"])
        sign_in(self.client, self.administrator)

    def change_url(self) -> str:
        return reverse("admin:accounts_user_change", args=[self.counsellor.pk])

    def test_the_admin_cannot_set_another_accounts_password(self) -> None:
        url = reverse("admin:auth_user_password_change", args=[self.counsellor.pk])
        self.assertEqual(self.client.get(url).status_code, 403)
        response = self.client.post(
            url, {"password1": "Another-password-123", "password2": "Another-password-123"}
        )
        self.assertEqual(response.status_code, 403)
        self.counsellor.refresh_from_db()
        self.assertFalse(self.counsellor.check_password("Another-password-123"))

    def test_the_email_and_user_name_of_an_existing_account_are_read_only(self) -> None:
        old_email = self.counsellor.email
        page = self.client.get(self.change_url()).content.decode()
        self.assertNotIn('name="email"', page)
        self.assertNotIn('name="username"', page)
        self.client.post(
            self.change_url(),
            {
                "username": "taken",
                "email": "attacker@example.org",
                "first_name": "Neu",
                "last_name": self.counsellor.last_name,
                "preferred_language": self.counsellor.preferred_language,
                "is_active": "on",
            },
        )
        self.counsellor.refresh_from_db()
        self.assertEqual(self.counsellor.email, old_email)
        self.assertNotEqual(self.counsellor.username, "taken")
        self.assertEqual(self.counsellor.first_name, "Neu")
        event = AuditEvent.objects.filter(action="user.changed").latest("seq")
        self.assertEqual(event.actor, self.administrator)
        self.assertIn("first_name", event.changes)
