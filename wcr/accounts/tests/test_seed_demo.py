"""seed_demo creates the demo network of specs/interfaces.md, idempotently."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from wcr.accounts.models import Location, Membership, Organisation, Role, User

ORG_CODES = {"whkt", "hwk-aachen", "kia", "vuv", "stadt-aachen", "ihk-mn"}


@override_settings(DEBUG=True, DEMO_MODE=True, DEMO_PASSWORD="Demo-Passwort-2026")
class SeedDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = StringIO()
        call_command("seed_demo", stdout=cls.output)

    def test_it_creates_the_organisations_locations_and_users_of_the_spec(self) -> None:
        self.assertEqual(set(Organisation.objects.values_list("slug", flat=True)), ORG_CODES)
        self.assertEqual(Organisation.objects.get(is_lead=True).slug, "whkt")
        self.assertEqual(
            set(Location.objects.values_list("slug", flat=True)),
            {"aachen", "moenchengladbach", "neuss"},
        )
        for org in ORG_CODES:
            self.assertTrue(
                Membership.objects.filter(
                    user__username=f"berater.{org}", organisation__slug=org, role=Role.COUNSELLOR
                ).exists()
            )
            self.assertTrue(
                Membership.objects.filter(
                    user__username=f"leitung.{org}", organisation__slug=org, role=Role.TEAM_LEAD
                ).exists()
            )
        self.assertEqual(
            Membership.objects.get(user__username="koordination").role, Role.COORDINATOR
        )
        self.assertEqual(
            set(
                Membership.objects.filter(user__username="datenschutz").values_list(
                    "role", flat=True
                )
            ),
            {Role.DATA_PROTECTION},
        )
        admin = User.objects.get(username="admin")
        self.assertTrue(admin.is_staff)
        self.assertFalse(admin.is_superuser)

    def test_every_demo_case_has_a_reference_with_its_organisations_prefix(self) -> None:
        from wcr.cases.models import Case

        prefixes = dict(Organisation.objects.values_list("slug", "reference_prefix"))
        self.assertEqual(
            prefixes,
            {
                "whkt": "WHKT",
                "hwk-aachen": "HWK",
                "kia": "KIA",
                "vuv": "VUV",
                "stadt-aachen": "STADT",
                "ihk-mn": "IHK",
            },
        )
        from wcr.privacy.models import AuditEvent

        cases = list(Case.objects.select_related("organisation"))
        self.assertTrue(cases)
        # A transferred case keeps the reference it was opened with (read out on the phone).
        opened_by = {
            event.object_code: event.changes["organisation"]["old"]
            for event in AuditEvent.objects.filter(action="case.transferred")
        }
        for case in cases:
            with self.subTest(case=case.reference):
                prefix = prefixes[opened_by.get(str(case.code), case.organisation.slug)]
                self.assertRegex(case.reference, rf"^{prefix}-{case.opened_on.year}-\d{{4}}$")

    def test_it_prints_the_logins_and_the_password(self) -> None:
        output = self.output.getvalue()
        self.assertIn("berater.kia", output)
        self.assertIn("Demo-Passwort-2026", output)

    def test_it_is_idempotent(self) -> None:
        counts = (User.objects.count(), Membership.objects.count(), Organisation.objects.count())
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual(
            (User.objects.count(), Membership.objects.count(), Organisation.objects.count()), counts
        )

    def test_a_demo_counsellor_logs_in_with_the_password_alone(self) -> None:
        response = self.client.post(
            reverse("account_login"), {"login": "berater.kia", "password": "Demo-Passwort-2026"}
        )
        self.assertEqual(response.status_code, 302)
        response = self.client.get(reverse("staff:home"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "KIA")

    def test_remove_deactivates_every_demo_account(self) -> None:
        call_command("seed_demo", "--remove", stdout=StringIO())
        self.assertFalse(User.objects.filter(is_demo=True, is_active=True).exists())

    def test_the_demo_administrator_manages_users_and_sees_failed_tasks(self) -> None:
        self.client.post(
            reverse("account_login"), {"login": "admin", "password": "Demo-Passwort-2026"}
        )
        for url in (
            "/admin/accounts/user/",
            "/admin/accounts/organisation/",
            "/admin/region/municipality/",
            "/admin/django_tasks_database/dbtaskresult/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
