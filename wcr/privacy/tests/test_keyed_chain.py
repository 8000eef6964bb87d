"""The chain is keyed (HMAC-SHA-256 under AUDIT_CHAIN_KEY), its keys rotate, the entries written
before keys stay valid but sealed, and the database refuses UPDATE and DELETE."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tempfile
from io import StringIO

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.utils import timezone

from wcr.accounts.models import Membership
from wcr.core.testing.base import WcrTestCase
from wcr.privacy.chain import (
    GENESIS,
    HASHED_FIELDS,
    LEGACY,
    ExpectedHead,
    entry_hash,
    key_id_of,
    verify,
    verify_chain,
)
from wcr.privacy.guard import log_deletion_allowed
from wcr.privacy.models import AuditEvent, ChainHead
from wcr.privacy.services import audit_record
from wcr.privacy.tests.tampering import tamper
from wcr.settings import audit_chain_keys

K1 = {"k1": b"first-secret-" + b"1" * 32}
K2 = {"k2": b"second-secret-" + b"2" * 32}


def verify_command(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit_chain", *args, stdout=out)
    return out.getvalue()


class KeyedChainTestCase(WcrTestCase):
    def record(self, count: int, action: str = "test.changed") -> None:
        membership = Membership.objects.get(user=self.counsellor)
        for number in range(count):
            audit_record(
                actor=self.counsellor,
                organisation=self.org_a,
                action=action,
                obj=membership,
                changes={"n": {"old": number, "new": number + 1}},
            )


class KeyedChainTests(KeyedChainTestCase):
    def test_each_entry_is_signed_with_the_configured_key(self) -> None:
        with override_settings(AUDIT_CHAIN_KEYS=K1):
            self.record(2)
        self.assertEqual(
            [key_id_of(mac) for mac in AuditEvent.objects.values_list("hash", flat=True)],
            ["k1", "k1"],
        )
        self.assertTrue(AuditEvent.objects.get(seq=1).hash.startswith("k1$"))

    def test_verify_passes_then_fails_under_another_key(self) -> None:
        with override_settings(AUDIT_CHAIN_KEYS=K1):
            self.record(3)
            self.assertIn("key k1: 3 entries", verify_command())
        other_secret = {"k1": b"an-attackers-guess-" + b"x" * 32}
        with override_settings(AUDIT_CHAIN_KEYS=other_secret), self.assertRaises(CommandError) as c:
            verify_command()
        caught = c
        self.assertEqual(caught.exception.returncode, 1)
        self.assertIn("audit chain, entry #1: content was altered", str(caught.exception))
        with (
            override_settings(AUDIT_CHAIN_KEYS=K2),
            self.assertRaisesMessage(
                CommandError, "audit chain, entry #1: signed with key 'k1', which is not configured"
            ),
        ):
            verify_command()

    def test_a_rewrite_without_the_key_is_found(self) -> None:
        # Whoever can write to the database, but has no key, rewrites an entry and recomputes
        # what they can: an unkeyed hash of the forged content.
        self.record(3)
        event = AuditEvent.objects.filter(seq=2).values(*HASHED_FIELDS["audit"], "prev_hash").get()
        event["action"] = "test.forged"
        forged = entry_hash("audit", event["prev_hash"], event, key_id=LEGACY)
        tamper(
            "UPDATE privacy_auditevent SET action = %s, hash = %s WHERE seq = 2",
            ["test.forged", forged],
        )
        self.assertEqual(
            str(verify("audit")[1]),
            "audit chain, entry #2: unkeyed (sha256-legacy) entry where keyed entries are required",
        )

    def test_rotation_verifies_old_entries_with_the_retired_key(self) -> None:
        with override_settings(AUDIT_CHAIN_KEYS=K1):
            self.record(2)
        with override_settings(AUDIT_CHAIN_KEYS=K2 | K1):  # k2 signs, k1 only verifies
            self.record(3)
            report = verify_chain("audit")
            self.assertIsNone(report.problem)
            self.assertEqual(dict(report.keys), {"k1": 2, "k2": 3})
            output = verify_command()
        self.assertIn("key k1: 2 entries", output)
        self.assertIn("key k2: 3 entries", output)
        with override_settings(AUDIT_CHAIN_KEYS=K2):  # k1 removed too early
            self.assertEqual(
                str(verify("audit")[1]),
                "audit chain, entry #1: signed with key 'k1', which is not configured "
                "(AUDIT_CHAIN_KEY or AUDIT_CHAIN_OLD_KEYS)",
            )

    def test_an_entry_cannot_be_moved_to_the_other_chain(self) -> None:
        self.record(1)
        values = AuditEvent.objects.values(*HASHED_FIELDS["audit"]).get()
        self.assertNotEqual(
            entry_hash("audit", GENESIS, values), entry_hash("access", GENESIS, values)
        )


class ExpectedHeadTests(KeyedChainTestCase):
    def cut_tail(self, keep: int) -> None:
        """Remove the entries after ``keep`` and move the head back, as an attacker could."""
        kept = AuditEvent.objects.get(seq=keep)
        tamper("DELETE FROM privacy_auditevent WHERE seq > %s", [keep])
        tamper(
            "UPDATE privacy_chainhead SET last_seq = %s, last_hash = %s WHERE name = 'audit'",
            [keep, kept.hash],
        )

    def test_a_cut_tail_is_found_against_the_mailed_head(self) -> None:
        self.record(5)
        mailed = ChainHead.objects.get(name="audit")
        head = f"audit:{mailed.last_seq}:{mailed.last_hash}"
        self.assertIn("holds the expected head #5", verify_command("--expect-head", head))
        self.cut_tail(keep=3)
        self.assertIn("audit: 3 entries intact", verify_command())  # undetectable alone
        with self.assertRaisesMessage(
            CommandError,
            "audit chain, entry #5: is missing: the chain ends before the head mailed earlier",
        ):
            verify_command("--expect-head", head)

    def test_a_replaced_entry_at_the_mailed_head_is_found(self) -> None:
        self.record(3)
        head = ExpectedHead("audit", 2, "k9$" + "0" * 64)
        self.assertEqual(
            str(verify_chain("audit", expect=head).problem),
            "audit chain, entry #2: does not match the head mailed earlier",
        )

    def test_it_refuses_a_malformed_expected_head_naming_the_option(self) -> None:
        for value in ("audit", "nochain:1:k1$00", "audit:x:k1$00", "audit:3:"):
            with self.subTest(value), self.assertRaisesMessage(CommandError, "--expect-head"):
                verify_command("--expect-head", value)


class LegacyEntryTests(KeyedChainTestCase):
    """Entries written before keys (unkeyed SHA-256), sealed by migration 0004."""

    def write_legacy_entries(self, count: int) -> None:
        membership = Membership.objects.get(user=self.counsellor)
        prev = GENESIS
        now = timezone.now()
        for seq in range(1, count + 1):
            event = AuditEvent(
                seq=seq,
                at=now,
                actor_label="counsellor.a",
                organisation=self.org_a,
                object_type="accounts.membership",
                object_code=str(membership.code),
                action="old.entry",
            )
            values = {name: getattr(event, name) for name in HASHED_FIELDS["audit"]}
            event.prev_hash = prev
            event.hash = prev = entry_hash("audit", prev, values, key_id=LEGACY)
            AuditEvent.objects.bulk_create([event])
        ChainHead.objects.create(name="audit", last_seq=count, last_hash=prev)

    def seal(self) -> None:
        """What migration 0004 did on a database with these entries (before the triggers)."""
        migration = importlib.import_module("wcr.privacy.migrations.0004_seal_unkeyed_entries")
        with log_deletion_allowed(connection):
            migration.seal_unkeyed_entries(apps, None)

    def test_sealed_legacy_entries_verify_before_keyed_ones(self) -> None:
        self.write_legacy_entries(3)
        self.seal()
        self.record(2)
        report = verify_chain("audit")
        self.assertIsNone(report.problem)
        self.assertEqual(dict(report.keys), {LEGACY: 3, "test": 2})
        self.assertIn(f"key {LEGACY}: 3 entries", verify_command())

    def test_legacy_entries_without_a_seal_are_refused(self) -> None:
        self.write_legacy_entries(2)
        self.assertEqual(
            str(verify("audit")[1]),
            "audit chain, entry #1: unkeyed (sha256-legacy) entry where keyed entries are required",
        )

    def test_a_forged_seal_is_refused(self) -> None:
        self.write_legacy_entries(2)
        self.seal()
        tamper("UPDATE privacy_chainhead SET legacy_seal = %s", ["test$" + "0" * 64])
        self.assertEqual(
            str(verify("audit")[1]),
            "audit chain, entry #2: the seal of the entries written before keys does not match",
        )

    def test_an_altered_legacy_entry_is_still_found(self) -> None:
        self.write_legacy_entries(3)
        self.seal()
        self.record(1)
        tamper("UPDATE privacy_auditevent SET action = %s WHERE seq = 2", ["old.forged"])
        self.assertIn("entry #2: content was altered", str(verify("audit")[1]))


class DatabaseTriggerTests(KeyedChainTestCase):
    """UPDATE and DELETE fail in the database itself (PostgreSQL and SQLite alike)."""

    def assert_refused(self, sql: str, params: list[object]) -> None:
        with (
            self.assertRaises(DatabaseError) as caught,
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
        self.assertRegex(
            str(caught.exception), "append-only|never removed|only moves forward|anchor"
        )

    def test_the_database_refuses_update_and_delete_of_entries(self) -> None:
        from wcr.privacy.services import access_log_bulk_read

        self.record(2)
        request = RequestFactory().get("/mitarbeitende/personen/")
        request.user = self.counsellor
        request.organisation = self.org_a
        access_log_bulk_read(request, [Membership.objects.get(user=self.counsellor)])
        for table in ("privacy_auditevent", "privacy_accesslog"):
            with self.subTest(table):
                self.assert_refused(f"UPDATE {table} SET actor_label = %s", ["x"])  # noqa: S608
                self.assert_refused(f"DELETE FROM {table} WHERE seq = %s", [1])  # noqa: S608
                self.assert_refused(f"DELETE FROM {table}", [])  # noqa: S608
        self.assert_refused("UPDATE privacy_accesslogsubject SET object_code = %s", ["x"])
        self.assert_refused("DELETE FROM privacy_accesslogsubject", [])
        self.assertEqual(verify("audit"), (2, None))
        self.assertEqual(verify("access"), (1, None))

    def test_the_database_keeps_the_chain_head_moving_forward(self) -> None:
        self.record(3)
        self.assert_refused("UPDATE privacy_chainhead SET last_seq = 1 WHERE name = 'audit'", [])
        self.assert_refused("UPDATE privacy_chainhead SET anchor_seq = 2 WHERE name = 'audit'", [])
        self.assert_refused("DELETE FROM privacy_chainhead", [])
        self.record(1)  # appending still moves it
        self.assertEqual(ChainHead.objects.get(name="audit").last_seq, 4)


class AuditChainKeySettingTests(SimpleTestCase):
    def test_it_parses_the_signing_key_first_and_the_old_keys(self) -> None:
        keys = audit_chain_keys("k2:" + "b" * 32, "k1:" + "a" * 32 + ", k0:" + "c" * 40)
        self.assertEqual(list(keys), ["k2", "k1", "k0"])
        self.assertEqual(keys["k1"], b"a" * 32)

    def test_it_refuses_bad_keys_naming_the_variable(self) -> None:
        from django.core.exceptions import ImproperlyConfigured

        cases = [
            ("no-colon-" + "a" * 40, "", "AUDIT_CHAIN_KEY"),
            ("k1:short", "", "AUDIT_CHAIN_KEY"),
            ("bad id!:" + "a" * 40, "", "AUDIT_CHAIN_KEY"),
            ("k1:" + "a" * 40, "k0:short", "AUDIT_CHAIN_OLD_KEYS"),
            ("k1:" + "a" * 40, "k1:" + "b" * 40, "given twice"),
        ]
        for current, old, message in cases:
            with self.subTest(current), self.assertRaisesMessage(ImproperlyConfigured, message):
                audit_chain_keys(current, old)

    def test_it_refuses_to_start_without_a_key_outside_debug(self) -> None:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AUDIT_CHAIN_", "DEBUG", "DEMO_"))
        }
        env |= {"DEBUG": "false", "SECRET_KEY": "s" * 60, "ALLOWED_HOSTS": "wcr.example.org"}
        result = subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("Set: AUDIT_CHAIN_KEY (or AUDIT_CHAIN_KEY_FILE)", result.stderr)
        with tempfile.NamedTemporaryFile("w", suffix=".key") as key_file:
            key_file.write("k1:" + "f" * 40 + "\n")
            key_file.flush()
            result = subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "shell",
                    "-c",
                    "from django.conf import settings; print(list(settings.AUDIT_CHAIN_KEYS))",
                ],
                cwd=settings.BASE_DIR,
                env=env | {"AUDIT_CHAIN_KEY_FILE": key_file.name},
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        self.assertEqual(result.stdout.strip().splitlines()[-1], "['k1']", result.stderr)


class EmptyKeyedChainTests(TestCase):
    def test_an_empty_chain_verifies(self) -> None:
        self.assertEqual(verify("access"), (0, None))


class ChainCheckPageTests(KeyedChainTestCase):
    def test_the_dpo_page_compares_with_a_mailed_head(self) -> None:
        self.record(3)
        mailed = ChainHead.objects.get(name="audit")
        head = f"audit:{mailed.last_seq}:{mailed.last_hash}"
        self.sign_in(self.dpo)
        response = self.client.post(
            "/mitarbeitende/datenschutz/pruefung/", {"expected_heads": head}
        )
        self.assertNotContains(response, "kern-alert--danger")
        self.assertContains(response, head)
        self.assertContains(response, "Schlüssel test: 3 Einträge")
        ExpectedHeadTests.cut_tail(self, keep=2)
        response = self.client.post(
            "/mitarbeitende/datenschutz/pruefung/", {"expected_heads": head}
        )
        self.assertContains(response, "kern-alert--danger")
        self.assertContains(response, "entry #3: is missing")

    def test_a_malformed_head_is_a_400_naming_the_field(self) -> None:
        self.sign_in(self.dpo)
        for value in ("audit:3", "x" * 1001 + ":1:k$1"):
            with self.subTest(value[:10]):
                response = self.client.post(
                    "/mitarbeitende/datenschutz/pruefung/", {"expected_heads": value}
                )
                self.assertContains(
                    response, "Protokollstände aus einer früheren Mail", status_code=400
                )
