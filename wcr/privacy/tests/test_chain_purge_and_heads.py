"""The one path that removes log entries (the retention purge), and the daily heads."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, TransactionTestCase, override_settings
from django.utils import timezone

from wcr.accounts.models import Membership, Role
from wcr.core.testing.base import WcrTestCase
from wcr.core.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from wcr.core.testing.smtp import smtp_settings, smtp_sink
from wcr.core.testing.tasks import run_worker
from wcr.privacy.chain import verify, verify_chain
from wcr.privacy.models import AccessLog, AccessLogSubject, AuditEvent, ChainHead
from wcr.privacy.services import (
    access_log_bulk_read,
    audit_chain_heads_send,
    audit_purge_before,
    audit_record,
)
from wcr.privacy.tests.tampering import tamper

NOW = timezone.now()
OLD = NOW - datetime.timedelta(days=800)


class RetentionPurgeTests(WcrTestCase):
    def write(self, at: datetime.datetime, count: int) -> None:
        membership = Membership.objects.get(user=self.counsellor)
        request = RequestFactory().get("/mitarbeitende/personen/")
        request.user = self.counsellor
        request.organisation = self.org_a
        for _ in range(count):
            event = audit_record(
                actor=None, organisation=self.org_a, action="test.x", obj=membership
            )
            access_log_bulk_read(request, [membership, self.org_a])
            # Backdate: what the entries would say had they been written then (and re-chain).
            tamper("UPDATE privacy_auditevent SET at = %s WHERE seq = %s", [at, event.seq])
        self.rechain()

    def rechain(self) -> None:
        """Recompute every MAC after backdating (the test holds the key)."""
        from wcr.privacy.chain import CHAINS, GENESIS, HASHED_FIELDS, entry_hash

        for chain, model in CHAINS.items():
            prev = GENESIS
            for row in model.objects.order_by("seq").values("id", *HASHED_FIELDS[chain]):
                if chain == "access":
                    row["subjects"] = list(
                        AccessLogSubject.objects.filter(entry_id=row["id"]).values_list(
                            "object_type", "object_code", "organisation_id"
                        )
                    )
                mac = entry_hash(chain, prev, row)
                tamper(
                    f"UPDATE {model._meta.db_table} SET prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                    [prev, mac, row["id"]],
                )
                prev = mac
            tamper("UPDATE privacy_chainhead SET last_hash = %s WHERE name = %s", [prev, chain])

    def test_it_removes_old_entries_through_one_audited_path(self) -> None:
        self.write(OLD, 3)
        self.write(NOW, 2)
        tamper("UPDATE privacy_accesslog SET at = %s WHERE seq <= 3", [OLD])
        self.rechain()
        self.assertEqual((verify("audit")[1], verify("access")[1]), (None, None))

        removed = audit_purge_before(actor=self.dpo, before=NOW - datetime.timedelta(days=730))

        self.assertEqual(removed, {"audit": 3, "access": 3})
        self.assertEqual(
            list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)), [4, 5, 6]
        )
        self.assertEqual(AccessLog.objects.count(), 2)
        self.assertEqual(AccessLogSubject.objects.count(), 4)
        purge = AuditEvent.objects.get(action="audit.retention_purge")
        self.assertEqual(purge.actor, self.dpo)
        self.assertEqual(purge.changes["audit.removed_until_seq"], {"old": 0, "new": 3})
        self.assertEqual(purge.changes["access.removed_until_seq"], {"old": 0, "new": 3})
        audit = verify_chain("audit")
        self.assertIsNone(audit.problem)
        self.assertEqual((audit.start_seq, audit.checked), (3, 3))
        self.assertEqual(verify("access"), (2, None))
        output = StringIO()
        call_command("verify_audit_chain", stdout=output)
        self.assertIn("starts after entry #3 (retention purge)", output.getvalue())
        call_command("verify_audit_chain", "--expect-head", "audit:2:test$00", stdout=output)
        self.assertIn(
            "expected head #2 is older than the retention purge's anchor", output.getvalue()
        )
        mailed = ChainHead.objects.get(name="audit")
        call_command(
            "verify_audit_chain", "--expect-head", f"audit:3:{mailed.anchor_hash}", stdout=output
        )
        with self.assertRaisesMessage(CommandError, "entry #3: does not match the head mailed"):
            call_command("verify_audit_chain", "--expect-head", "audit:3:test$00", stdout=output)

    def test_a_moved_anchor_is_found(self) -> None:
        self.write(OLD, 2)
        self.write(NOW, 2)
        audit_purge_before(actor=None, before=NOW - datetime.timedelta(days=1))
        # Someone hides more entries by moving the starting point without the key.
        entry = AuditEvent.objects.get(seq=3)
        tamper(
            "UPDATE privacy_chainhead SET anchor_seq = 3, anchor_hash = %s WHERE name = 'audit'",
            [entry.hash],
        )
        self.assertEqual(
            str(verify("audit")[1]),
            "audit chain, entry #4: the chain's starting point (anchor after a retention purge) "
            "is not sealed",
        )

    def test_it_removes_nothing_when_nothing_is_old_enough(self) -> None:
        self.write(NOW, 2)
        before = AuditEvent.objects.count()
        self.assertEqual(
            audit_purge_before(actor=None, before=NOW - datetime.timedelta(days=30)),
            {"audit": 0, "access": 0},
        )
        self.assertEqual(AuditEvent.objects.count(), before)

    def test_it_refuses_a_future_or_naive_time(self) -> None:
        for before in (NOW + datetime.timedelta(days=1), datetime.datetime(2020, 1, 1)):  # noqa: DTZ001 (a naive time, refused)
            with self.subTest(before), self.assertRaises(ValueError):
                audit_purge_before(actor=None, before=before)


class ChainHeadsTests(WcrTestCase):
    def test_it_logs_the_heads(self) -> None:
        audit_record(actor=None, organisation=self.org_a, action="x", obj=self.org_a)
        head = ChainHead.objects.get(name="audit")
        with self.captureOnCommitCallbacks() as callbacks, self.assertLogs("wcr.audit") as logs:
            heads, mailed = audit_chain_heads_send()
        self.assertEqual([str(h) for h in heads], [f"audit:1:{head.last_hash}"])
        self.assertEqual(logs.output, [f"INFO:wcr.audit:audit chain head audit:1:{head.last_hash}"])
        self.assertEqual((mailed, len(callbacks)), (1, 1))  # the one data protection officer


class ChainHeadsMailTests(TransactionTestCase):
    """The daily command mails the heads to each data protection officer through the worker."""

    def test_the_heads_are_mailed_to_each_data_protection_officer(self) -> None:
        organisation = OrganisationFactory(slug="heads")
        officer = MembershipFactory(
            organisation=organisation,
            role=Role.DATA_PROTECTION,
            user=UserFactory(username="dpo.heads", email="dpo@example.org"),
        )
        MembershipFactory(
            organisation=organisation,
            role=Role.COUNSELLOR,
            user=UserFactory(username="c.heads", email="c@example.org"),
        )
        audit_record(actor=None, organisation=organisation, action="x", obj=officer)
        head = ChainHead.objects.get(name="audit")
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            out = StringIO()
            call_command("audit_chain_heads", stdout=out)
            run_worker()
        self.assertIn(f"audit:1:{head.last_hash}", out.getvalue())
        self.assertEqual([message["To"] for message in received], ["dpo@example.org"])
        body = received[0].get_body(("plain",)).get_content()
        self.assertIn(f"audit:1:{head.last_hash}", body)
        self.assertIn(f"--expect-head audit:1:{head.last_hash}", body)
        # The mailed head is what verify_audit_chain --expect-head takes.
        call_command("verify_audit_chain", "--expect-head", f"audit:1:{head.last_hash}", stdout=out)
        with self.assertRaises(CommandError):
            call_command("verify_audit_chain", "--expect-head", "audit:2:test$00", stdout=out)
