"""The audit trail and access log are hash-chained: any altered or deleted entry is found."""

from __future__ import annotations

import threading
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import RequestFactory, TestCase, TransactionTestCase

from wcr.accounts.models import Membership
from wcr.core.testing.base import WcrTestCase
from wcr.core.testing.factories import MembershipFactory, OrganisationFactory
from wcr.privacy.chain import verify
from wcr.privacy.models import AccessLog, AuditEvent
from wcr.privacy.services import access_log_read, audit_record
from wcr.privacy.tests.tampering import tamper


def verify_command() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


class AuditChainTests(WcrTestCase):
    def setUp(self) -> None:
        membership = Membership.objects.get(user=self.counsellor)
        for number in range(5):
            audit_record(
                actor=self.counsellor,
                organisation=self.org_a,
                action="test.changed",
                obj=membership,
                changes={"field": {"old": number, "new": number + 1}},
            )
        request = RequestFactory().get("/mitarbeitende/")
        request.user = self.counsellor
        request.organisation = self.org_a
        access_log_read(request, membership, owner=self.org_b)

    def test_it_reports_an_intact_chain(self) -> None:
        output = verify_command()
        self.assertIn("audit: 5 entries intact", output)
        self.assertIn("access: 1 entries intact", output)

    def test_it_finds_an_altered_entry(self) -> None:
        tamper("UPDATE privacy_auditevent SET action = %s WHERE seq = %s", ["test.forged", 3])
        with self.assertRaisesMessage(CommandError, "audit chain, entry #3: content was altered"):
            verify_command()

    def test_it_finds_altered_old_and_new_values(self) -> None:
        tamper(
            "UPDATE privacy_auditevent SET changes = %s WHERE seq = %s",
            ['{"field": {"old": 0, "new": 99}}', 1],
        )
        with self.assertRaisesMessage(CommandError, "entry #1: content was altered"):
            verify_command()

    def test_it_finds_a_deleted_entry(self) -> None:
        tamper("DELETE FROM privacy_auditevent WHERE seq = %s", [2])
        with self.assertRaisesMessage(CommandError, "audit chain, entry #2: entry is missing"):
            verify_command()

    def test_it_finds_a_deleted_newest_entry(self) -> None:
        tamper("DELETE FROM privacy_auditevent WHERE seq = %s", [5])
        with self.assertRaisesMessage(CommandError, "audit chain, entry #5: entry is missing"):
            verify_command()

    def test_it_finds_an_altered_access_log_entry(self) -> None:
        tamper("UPDATE privacy_accesslog SET via = %s WHERE seq = %s", ["nothing to see", 1])
        with self.assertRaisesMessage(CommandError, "access chain, entry #1: content was altered"):
            verify_command()

    def test_it_exits_with_status_1_when_broken(self) -> None:
        tamper("UPDATE privacy_auditevent SET actor_label = %s WHERE seq = %s", ["someone", 4])
        with self.assertRaises(CommandError) as caught:
            verify_command()
        self.assertEqual(caught.exception.returncode, 1)

    def test_it_refuses_updates_and_deletes_through_the_orm(self) -> None:
        event = AuditEvent.objects.get(seq=1)
        event.action = "changed"
        with self.assertRaises(PermissionError):
            event.save()
        with self.assertRaises(PermissionError):
            event.delete()
        with self.assertRaises(PermissionError):
            AuditEvent.objects.filter(seq=1).update(action="x")
        with self.assertRaises(PermissionError):
            AccessLog.objects.all().delete()

    def test_it_marks_a_read_by_another_organisation_as_cross_organisation(self) -> None:
        entry = AccessLog.objects.get(seq=1)
        self.assertTrue(entry.cross_organisation)
        self.assertEqual(entry.organisation, self.org_a)
        self.assertEqual(entry.owner_organisation, self.org_b)
        self.assertEqual(entry.actor_label, "counsellor.a")


class ChainConcurrencyTests(TransactionTestCase):
    """Writers in parallel threads (own connections) never fork the chain."""

    def test_it_keeps_the_chain_unbroken_under_concurrent_writers(self) -> None:
        # PostgreSQL: the chain head is locked with SELECT … FOR UPDATE; SQLite: IMMEDIATE
        # transactions serialise the writers.
        self._run_writers()

    def _run_writers(self) -> None:
        organisation = OrganisationFactory(slug="concurrency")
        membership = MembershipFactory(organisation=organisation)
        errors: list[BaseException] = []

        def write() -> None:
            try:
                for _ in range(10):
                    audit_record(
                        actor=None, organisation=organisation, action="bulk", obj=membership
                    )
            except BaseException as exc:  # collected for the assertion below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=write) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        checked, problem = verify("audit")
        self.assertIsNone(problem)
        self.assertEqual(checked, 40)


class PrivacyPageTests(WcrTestCase):
    def test_it_shows_the_dpo_only_their_organisations_entries(self) -> None:
        membership_a = Membership.objects.get(user=self.counsellor)
        membership_b = Membership.objects.get(user=self.other_counsellor)
        audit_record(
            actor=self.counsellor, organisation=self.org_a, action="a.visible", obj=membership_a
        )
        audit_record(
            actor=self.other_counsellor,
            organisation=self.org_b,
            action="b.hidden",
            obj=membership_b,
        )
        self.sign_in(self.dpo)
        response = self.client.get("/mitarbeitende/datenschutz/protokoll/")
        self.assertContains(response, "a.visible")
        self.assertNotContains(response, "b.hidden")

    def test_it_lets_the_dpo_verify_the_chain_from_the_page(self) -> None:
        audit_record(actor=None, organisation=self.org_a, action="x", obj=self.org_a)
        self.sign_in(self.dpo)
        response = self.client.post("/mitarbeitende/datenschutz/pruefung/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "1")
        self.assertNotContains(response, "kern-alert--danger")
        tamper("UPDATE privacy_auditevent SET action = %s WHERE seq = %s", ["forged", 1])
        response = self.client.post("/mitarbeitende/datenschutz/pruefung/")
        self.assertContains(response, "kern-alert--danger")

    def test_it_refuses_the_chain_check_to_other_roles(self) -> None:
        self.sign_in(self.counsellor)
        self.assertEqual(self.client.post("/mitarbeitende/datenschutz/pruefung/").status_code, 404)


class EmptyChainTests(TestCase):
    def test_it_accepts_an_empty_chain(self) -> None:
        self.assertEqual(verify("audit"), (0, None))
