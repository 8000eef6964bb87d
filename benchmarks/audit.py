"""The audit chain: appending one access-log entry, and verifying the whole chain.

``BENCH_ROWS`` (default 100 000) properly chained access-log entries are bulk-inserted first, each
run afresh (the table is emptied: a reused database keeps the entries earlier runs logged).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

from common import SAMPLES, measure, note, report

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))


@dataclass(frozen=True)
class AuditBench:
    org: Any
    other: Any
    rows: int


def setup(rows: int = ROWS) -> AuditBench:
    from django.db import connection, transaction
    from django.utils import timezone

    from wcr.accounts.models import Organisation
    from wcr.privacy.chain import GENESIS, HASHED_FIELDS, entry_hash
    from wcr.privacy.guard import log_deletion_allowed
    from wcr.privacy.models import AccessLog, ChainHead

    org, _ = Organisation.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "kind": "other"}
    )
    other, _ = Organisation.objects.get_or_create(
        slug="bench-other", defaults={"name": "Bench other", "kind": "other"}
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # TRUNCATE, not DELETE: the log is append-only (no row may be deleted); a benchmark
        # database starts its log afresh.
        table = AccessLog._meta.db_table
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table} CASCADE")  # with the subjects of bulk reads
        else:
            for model in AccessLog._meta.related_objects:  # the subjects of bulk reads first
                cursor.execute(f"DELETE FROM {model.related_model._meta.db_table}")
            cursor.execute(f"DELETE FROM {table}")
    # The chain head is guarded like the log (never removed or moved back) except inside the one
    # privileged path; a benchmark database starts its access chain afresh through it.
    with transaction.atomic(), log_deletion_allowed(connection):
        ChainHead.objects.filter(name="access").delete()
    prev = GENESIS
    batch = []
    now = timezone.now()
    for seq in range(1, rows + 1):
        entry = AccessLog(
            seq=seq,
            at=now,
            actor_label=f"user{seq % 97}",
            organisation_id=org.pk,
            object_type="cases.person",
            object_code=f"{seq:032x}",
            via="GET /mitarbeitende/personen/ (cases:person_detail)",
            owner_organisation_id=other.pk if seq % 10 == 0 else org.pk,
            cross_organisation=seq % 10 == 0,
        )
        values = {field: getattr(entry, field) for field in HASHED_FIELDS["access"]}
        entry.prev_hash = prev
        entry.hash = prev = entry_hash("access", entry.prev_hash, values)
        batch.append(entry)
        if len(batch) == 5000:
            AccessLog.objects.bulk_create(batch)
            batch = []
    AccessLog.objects.bulk_create(batch)
    ChainHead.objects.update_or_create(
        name="access", defaults={"last_seq": rows, "last_hash": prev}
    )
    note(
        f"generated {rows} access-log entries in {time.perf_counter() - started:.1f} s "
        f"on {connection.vendor}"
    )
    return AuditBench(org=org, other=other, rows=rows)


def bench_access_log_append(bench: AuditBench) -> None:
    """Logging one read (a chained append in its own transaction) vs a bare ``INSERT``."""
    from django.db import connection, transaction
    from django.test import RequestFactory
    from django.utils import timezone

    from wcr.accounts.models import User
    from wcr.privacy.chain import GENESIS
    from wcr.privacy.models import AccessLog
    from wcr.privacy.services import access_log_read

    reader, _ = User.objects.get_or_create(username="bench-reader")
    request = RequestFactory().get("/mitarbeitende/personen/x/")
    request.user = reader
    request.organisation = bench.org  # type: ignore[attr-defined]

    def append() -> None:
        with transaction.atomic():
            access_log_read(request, bench.other, owner=bench.other)  # type: ignore[arg-type]

    # The baseline writes into a copy of the table (same columns and indexes): its entries are
    # not chained, and the log itself refuses to lose rows.
    table = AccessLog._meta.db_table
    copy = "bench_access_copy"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {copy}")
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE {copy} (LIKE {table} INCLUDING ALL)")
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [table]
            )
            for (statement,) in cursor.fetchall():  # the table and its indexes, renamed
                cursor.execute(
                    statement.replace(f'"{table}"', copy).replace('INDEX "', f'INDEX "{copy}_')
                )
    counter = iter(range(10_000_000, 20_000_000))

    def bare_insert() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {copy} (seq, at, actor_label, object_type, object_code, via, "
                "cross_organisation, purpose, prev_hash, hash, organisation_id, owner_organisation_id) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    next(counter),
                    timezone.now(),
                    "bench-reader",
                    "accounts.organisation",
                    "x",
                    "GET /x",
                    True,
                    "",
                    GENESIS,
                    GENESIS,
                    bench.org.pk,
                    bench.other.pk,
                ],
            )

    report("access_log_append", bench.rows, measure(append, SAMPLES), measure(bare_insert, SAMPLES))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {copy}")


def bench_chain_verify(bench: AuditBench) -> None:
    """Verifying the whole access-log chain vs reading the same rows with bare SQL."""
    from django.db import connection

    from wcr.privacy.chain import verify
    from wcr.privacy.models import AccessLog

    table = AccessLog._meta.db_table
    runs = max(3, SAMPLES // 100)

    def verify_all() -> None:
        _checked, problem = verify("access")
        assert problem is None, problem

    def bare_scan() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT seq, at, actor_id, actor_label, organisation_id, object_type, "
                f"object_code, via, owner_organisation_id, cross_organisation, purpose, "
                f"prev_hash, hash FROM {table} ORDER BY seq"
            )
            while cursor.fetchmany(5000):
                pass

    report(
        "audit_chain_verify",
        AccessLog.objects.count(),
        measure(verify_all, runs),
        measure(bare_scan, runs),
    )
