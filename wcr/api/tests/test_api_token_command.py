from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import CommandError, call_command
from django.utils import timezone

from wcr.accounts.models import ApiToken, Membership, Organisation
from wcr.api.tests.base import ApiTestCase
from wcr.core.testing.factories import OrganisationFactory
from wcr.privacy.models import AuditEvent


def run(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


class ApiTokenCommandTest(ApiTestCase):
    def test_it_prints_only_a_working_token(self) -> None:
        output = run("counsellor.a")
        self.assertEqual(output.count("\n"), 1)
        token = output.strip()
        self.assertTrue(token.startswith("wcr_"))
        response = self.get("/api/v1/cases", token)
        self.assertEqual(response.status_code, 200)
        stored = ApiToken.objects.get(prefix=token.split("_")[1])
        self.assertEqual(stored.user, self.counsellor)
        self.assertEqual(stored.membership.organisation, self.org_a)
        self.assertNotIn(token.split("_", 2)[2], stored.secret_hash)
        self.assertTrue(
            AuditEvent.objects.filter(
                action="api_token.created", object_code=str(stored.code)
            ).exists()
        )

    def test_it_acts_for_the_organisation_given(self) -> None:
        Membership.objects.create(user=self.counsellor, organisation=self.org_b, role="team_lead")
        token = run("counsellor.a", "--org", "org-b").strip()
        self.assertEqual(
            ApiToken.objects.get(prefix=token.split("_")[1]).membership.organisation, self.org_b
        )

    def test_it_fails_clearly(self) -> None:
        inactive_org: Organisation = OrganisationFactory(slug="closed", is_active=False)
        Membership.objects.create(
            user=self.other_team_lead, organisation=inactive_org, role="counsellor"
        )
        Membership.objects.filter(user=self.dpo).update(is_active=False)
        for args, message in (
            (("ghost",), "No user named “ghost”"),
            (("nobody",), "has no active membership"),
            (("dpo.a",), "has no active membership"),
            (("counsellor.a", "--org", "nowhere"), "No organisation with the code “nowhere”"),
            (("counsellor.a", "--org", "org-b"), "has no membership in “org-b”"),
            (("lead.b", "--org", "closed"), "organisation “closed” is inactive"),
            (("dpo.a", "--org", "org-a"), "membership of “dpo.a” in “org-a” is inactive"),
        ):
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                run(*args)
        self.assertEqual(ApiToken.objects.count(), len(self.tokens))

    def test_an_inactive_user_gets_no_token(self) -> None:
        self.counsellor.is_active = False
        self.counsellor.save(update_fields=["is_active"])
        with self.assertRaisesMessage(CommandError, "is inactive"):
            run("counsellor.a")

    def test_it_revokes_a_token_by_its_prefix(self) -> None:
        token = run("counsellor.a").strip()
        prefix = token.split("_")[1]
        self.assertEqual(run("counsellor.a", "--revoke", prefix), "")
        self.assertEqual(self.get("/api/v1/cases", token).status_code, 401)
        self.assertTrue(AuditEvent.objects.filter(action="api_token.revoked").exists())
        with self.assertRaisesMessage(CommandError, "already revoked"):
            run("counsellor.a", "--revoke", prefix)
        with self.assertRaisesMessage(CommandError, "has no token"):
            run("lead.a", "--revoke", self.tokens["counsellor"].split("_")[1])

    def test_it_makes_a_read_write_token_for_90_days_by_default(self) -> None:
        before = timezone.now()
        stored = ApiToken.objects.get(prefix=run("counsellor.a").split("_")[1])
        self.assertEqual(stored.scope, ApiToken.Scope.WRITE)
        self.assertGreaterEqual(stored.expires_at, before + datetime.timedelta(days=90))
        self.assertLessEqual(stored.expires_at, timezone.now() + datetime.timedelta(days=90))

    def test_it_makes_a_read_only_token_for_the_days_given(self) -> None:
        token = run("counsellor.a", "--read-only", "--days", "7", "--name", " CRM export ").strip()
        stored = ApiToken.objects.get(prefix=token.split("_")[1])
        self.assertEqual(stored.scope, ApiToken.Scope.READ)
        self.assertEqual(stored.name, "CRM export")
        self.assertLessEqual(stored.expires_at, timezone.now() + datetime.timedelta(days=7))
        self.assertGreater(stored.expires_at, timezone.now() + datetime.timedelta(days=6))
        self.assertEqual(self.get("/api/v1/cases", token).status_code, 200)
        self.assertEqual(self.post("/api/v1/companies", {"name": "X"}, token).status_code, 403)

    def test_it_refuses_more_than_a_year_or_less_than_a_day(self) -> None:
        for days in ("366", "0", "-5"):
            with self.subTest(days=days), self.assertRaisesMessage(CommandError, "--days:"):
                run("counsellor.a", "--days", days)
        with self.assertRaisesMessage(CommandError, "--name: "):
            run("counsellor.a", "--name", "x" * 101)
        self.assertEqual(ApiToken.objects.count(), len(self.tokens))
        self.assertTrue(run("counsellor.a", "--days", "365").startswith("wcr_"))
