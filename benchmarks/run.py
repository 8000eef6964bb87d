"""`make bench`: benchmarks on generated data, each against a bare-SQL baseline in the same run.

Runs on a separate database: ``<DATABASE_URL's database>_bench`` on PostgreSQL (created if
missing), ``var/bench.sqlite3`` otherwise. Prints one line per benchmark:

    BENCH name=… rows=… p50_ms=… p95_ms=… baseline=bare_sql baseline_p95_ms=… ratio=…
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "300"))


def bench_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        (ROOT / "var").mkdir(exist_ok=True)
        path = ROOT / "var" / "bench.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "wcr") + "_bench"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50 * 1000, p95 * 1000


def measure(func: Callable[[], object], samples: int) -> tuple[float, float]:
    timings = []
    for _ in range(samples):
        start = time.perf_counter()
        func()
        timings.append(time.perf_counter() - start)
    return percentiles(timings)


def report(
    name: str, rows: int, result: tuple[float, float], baseline: tuple[float, float]
) -> None:
    p50, p95 = result
    ratio = p95 / baseline[1] if baseline[1] else float("inf")
    print(
        f"BENCH name={name} rows={rows} p50_ms={p50:.2f} p95_ms={p95:.2f} "
        f"baseline=bare_sql baseline_p95_ms={baseline[1]:.2f} ratio={ratio:.2f}",
        flush=True,
    )


def main() -> None:
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wcr.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from wcr.accounts.models import Organisation
    from wcr.privacy.chain import GENESIS, HASHED_FIELDS, entry_hash, verify
    from wcr.privacy.models import AccessLog, ChainHead

    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(slug="bench", name="Bench", kind="other")
    other = Organisation.objects.create(slug="bench-other", name="Bench other", kind="other")

    # Generated data: ROWS access-log entries, properly chained, bulk-inserted.
    started = time.perf_counter()
    prev = GENESIS
    batch = []
    now = timezone.now()
    for seq in range(1, ROWS + 1):
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
        name="access", defaults={"last_seq": ROWS, "last_hash": prev}
    )
    print(
        f"# generated {ROWS} access-log entries in {time.perf_counter() - started:.1f} s "
        f"on {connection.vendor}",
        flush=True,
    )

    # 1. Logging one read (chained append in its own transaction) vs a bare INSERT.
    from django.test import RequestFactory

    from wcr.accounts.models import User
    from wcr.privacy.services import access_log_read

    reader = User.objects.create(username="bench-reader")
    request = RequestFactory().get("/mitarbeitende/personen/x/")
    request.user = reader
    request.organisation = org  # type: ignore[attr-defined]

    def append() -> None:
        with transaction.atomic():
            access_log_read(request, other, owner=other)  # type: ignore[arg-type]

    table = AccessLog._meta.db_table
    counter = iter(range(10_000_000, 20_000_000))

    def bare_insert() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (seq, at, actor_label, object_type, object_code, via, "
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
                    org.pk,
                    other.pk,
                ],
            )

    report("access_log_append", ROWS, measure(append, SAMPLES), measure(bare_insert, SAMPLES))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE seq >= 10000000")

    # 2. Verifying the whole chain vs reading the same rows with bare SQL.
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


if __name__ == "__main__":
    main()
