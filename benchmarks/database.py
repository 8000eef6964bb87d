"""The benchmark database: created, migrated and filled with synthetic data - or reused.

``<DATABASE_URL's database>_bench`` on PostgreSQL, ``var/bench.sqlite3`` otherwise. Generating
the case workbench's persons takes minutes (about 10 for 1 000 000 on PostgreSQL), so with
``BENCH_REUSE=1`` a database that already holds the data of the same ``BENCH_PERSONS`` and
``BENCH_SEED`` is kept and only migrated (new migrations, new indexes apply to it); without it,
or when the database holds other data, it is dropped and generated afresh.

What was generated is recorded in the table ``bench_generated`` (outside the application's
models): persons, seed, the counts and the seconds generation took, written only once the
generation finished - an interrupted generation is never reused.

Generating is Python-bound (about 2 000 persons a second on an idle core): on a busy machine
1 000 000 take more than an hour. ``BENCH_COPIES=4`` generates a quarter of ``BENCH_PERSONS`` and
copies every generated person with their names, companies, cases (with topics), contacts,
milestones and tasks three more times in SQL, under new ids and codes, in the same organisation
(PostgreSQL only); ``BENCH_TEMPLATE=<database>`` starts from a copy of an earlier benchmark
database that holds that quarter (same seed) instead of generating it again. The copies have the
same names and dates as their originals: the plans and the rows read grow as with generated
persons, but every person has exact twins (the duplicate check finds them).

``python benchmarks/database.py`` prepares the database and stops (to generate ahead of a run).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
# Persons for the case-workbench part. 250 000 is the target scale; SQLite gets a smaller default
# (generating 250 000 persons there takes several minutes and its plans do not change with size).
PERSONS_POSTGRES = 250_000
PERSONS_SQLITE = 50_000
MARKER = "bench_generated"


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def copies_from_environment() -> tuple[int, str]:
    """``BENCH_COPIES`` (1: no copies) and ``BENCH_TEMPLATE`` (empty: none)."""
    return int(os.environ.get("BENCH_COPIES", "1")), os.environ.get("BENCH_TEMPLATE", "")


def settings_from_environment() -> tuple[int, int, bool]:
    """``BENCH_PERSONS``, ``BENCH_SEED``, ``BENCH_REUSE``."""
    default = PERSONS_POSTGRES if on_postgres() else PERSONS_SQLITE
    persons = int(os.environ.get("BENCH_PERSONS", str(default)))
    seed = int(os.environ.get("BENCH_SEED", "1"))
    reuse = os.environ.get("BENCH_REUSE", "").lower() in {"1", "true", "yes"}
    return persons, seed, reuse


def _marker_matches(rows: list[tuple[int, int]], persons: int, seed: int) -> bool:
    return (persons, seed) in [tuple(row) for row in rows]


def bench_database_url(
    *, persons: int, seed: int, reuse: bool, workbench: bool = True
) -> tuple[str, bool]:
    """The benchmark database's URL, and whether it already holds the generated data.

    Without ``workbench`` (no line needs the generated persons), ``reuse`` keeps any existing
    benchmark database as it is (the ESF+ lines check their own data, ``benchmarks/esf.py``)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        (ROOT / "var").mkdir(exist_ok=True)
        path = ROOT / "var" / "bench.sqlite3"
        if reuse and not workbench and path.exists():
            return f"sqlite:///{path}", False
        if reuse and path.exists():
            with sqlite3.connect(path) as conn:
                try:
                    rows = conn.execute(f"SELECT persons, seed FROM {MARKER}").fetchall()
                except sqlite3.OperationalError:
                    rows = []
            if _marker_matches(rows, persons, seed):
                return f"sqlite:///{path}", True
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}", False
    import psycopg

    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "wcr") + "_bench"
    bench_url = urlunsplit(parts._replace(path=f"/{name}"))
    if reuse:
        try:
            with psycopg.connect(bench_url) as conn:
                if not workbench:
                    return bench_url, False
                rows = conn.execute(f"SELECT persons, seed FROM {MARKER}").fetchall()
            if _marker_matches(rows, persons, seed):
                return bench_url, True
        except psycopg.Error:
            pass  # no such database, or no marker: generate
    admin = urlunsplit(parts._replace(path="/postgres"))
    template = copies_from_environment()[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if template:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}"')
    return bench_url, False


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wcr.settings")
    import django

    django.setup()
    from django.conf import settings

    # Measure as production runs: no query log (DEBUG only made the settings load without secrets).
    settings.DEBUG = False


def prepare(*, persons: int, seed: int, reused: bool) -> None:
    """Migrate; generate the persons unless reused; say what the data is and how long it took."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    if reused:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT counts, seconds, generated_at FROM {MARKER} WHERE persons = %s "
                "AND seed = %s",
                [persons, seed],
            )
            counts, seconds, generated_at = cursor.fetchone()
        print(
            f"# reused {connection.settings_dict['NAME']}: {_describe(json.loads(counts))}, "
            f"generated in {seconds:.1f} s at {generated_at} (seed {seed}); "
            f"migrated in {migrated:.1f} s",
            flush=True,
        )
        return
    from django.utils import timezone

    from wcr.cases.synthetic import generate

    copies, template = copies_from_environment()
    if copies > 1 and connection.vendor != "postgresql":
        raise SystemExit("BENCH_COPIES: PostgreSQL only")
    if persons % copies:
        raise SystemExit(f"BENCH_COPIES: {persons} persons are not {copies} equal copies")
    generated_persons = persons // copies
    if template:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT counts, seconds FROM {MARKER} WHERE persons = %s AND seed = %s",
                [generated_persons, seed],
            )
            found = cursor.fetchone()
        if found is None:
            raise SystemExit(
                f"BENCH_TEMPLATE: {template} holds no finished generation of "
                f"{generated_persons} persons with seed {seed}"
            )
        counts, seconds = json.loads(found[0]), found[1]
        print(f"# copied {template}: {_describe(counts)}, generated in {seconds:.1f} s", flush=True)
    else:
        started = time.perf_counter()
        made = generate(persons=generated_persons, seed=seed, progress=None)
        seconds = time.perf_counter() - started
        counts = {
            "persons": made.persons,
            "names": made.names,
            "companies": made.companies,
            "cases": made.cases,
            "contacts": made.contacts,
            "milestones": made.milestones,
            "tasks": made.tasks,
        }
        print(
            f"# generated {_describe(counts)} in {seconds:.1f} s on {connection.vendor} "
            f"(seed {seed})",
            flush=True,
        )
    if copies > 1:
        started = time.perf_counter()
        multiply(copies)
        copied = time.perf_counter() - started
        counts = {key: value * copies for key, value in counts.items()}
        print(f"# copied to {_describe(counts)} in {copied:.1f} s ({copies} copies)", flush=True)
        counts["copies"] = copies
        seconds += copied
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")  # plans as on a database that has been running a while
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} (persons integer, seed integer, "
            "counts text, seconds double precision, generated_at text)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s, %s, %s)",
            [persons, seed, json.dumps(counts), seconds, timezone.now().isoformat()],
        )


def multiply(copies: int) -> None:
    """Copy the generated data ``copies - 1`` times in SQL: ids shifted by the table's largest
    id times the copy's number (foreign keys between copied tables shifted alike), new codes."""
    from django.db import connection, transaction

    from wcr.cases.models import Case, Company, Contact, Milestone, Person, PersonName, Task

    # Table -> its foreign keys to copied tables, parents first.
    plan: list[tuple[Any, dict[str, Any]]] = [
        (Person, {}),
        (PersonName, {"person_id": Person}),
        (Company, {}),
        (Case, {"person_id": Person, "company_id": Company, "recruitment_case_id": Case}),
        (Case.topics.through, {"case_id": Case}),
        (Contact, {"case_id": Case}),
        (Contact.topics.through, {"contact_id": Contact}),
        (Milestone, {"case_id": Case}),
        (Task, {"case_id": Case, "milestone_id": Milestone}),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        largest: dict[Any, int] = {}
        for model, _keys in plan:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            largest[model] = cursor.fetchone()[0]
        for model, keys in plan:
            name = model._meta.db_table
            cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = %s ORDER BY ordinal_position",
                [name],
            )
            columns = cursor.fetchall()
            for copy in range(1, copies):
                values = []
                for column, data_type in columns:
                    if column == "id":
                        values.append(f"id + {copy * largest[model]}")
                    elif column in keys:
                        values.append(f"{column} + {copy * largest[keys[column]]}")
                    elif data_type == "uuid":
                        values.append("gen_random_uuid()")
                    else:
                        values.append(f'"{column}"')
                listed = ", ".join(f'"{column}"' for column, _ in columns)
                cursor.execute(
                    f"INSERT INTO {name} ({listed}) SELECT {', '.join(values)} FROM {name} "
                    f"WHERE id <= {largest[model]}"
                )
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT MAX(id) FROM {name}))"
            )


def _describe(counts: dict[str, int]) -> str:
    return (
        f"{counts['persons']} persons ({counts['names']} names in other scripts), "
        f"{counts['companies']} companies, {counts['cases']} cases, {counts['contacts']} "
        f"contacts, {counts['milestones']} milestones, {counts['tasks']} tasks"
    )


def main() -> None:
    persons, seed, reuse = settings_from_environment()
    url, reused = bench_database_url(persons=persons, seed=seed, reuse=reuse)
    setup_django(url)
    prepare(persons=persons, seed=seed, reused=reused)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
