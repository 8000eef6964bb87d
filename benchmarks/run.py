"""`make bench`: benchmarks on generated data, each against a bare-SQL baseline in the same run.

Runs on a separate database: ``<DATABASE_URL's database>_bench`` on PostgreSQL (recreated each
run), ``var/bench.sqlite3`` otherwise. Prints one line per benchmark:

    BENCH name=… rows=… p50_ms=… p95_ms=… baseline=bare_sql baseline_p95_ms=… ratio=…

Two parts: the audit chain on ``BENCH_ROWS`` access-log entries, and the case workbench (case list,
name search, case page, duplicate check) on ``BENCH_PERSONS`` synthetic persons built with
``wcr.cases.synthetic.generate`` (see ``docs/benchmarks.md``). Lines starting with ``#`` are
comments for people.
"""

from __future__ import annotations

import datetime
import itertools
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "300"))
# Persons for the case-workbench part. 250 000 is the target scale; SQLite gets a smaller default
# (generating 250 000 persons there takes several minutes and its plans do not change with size).
PERSONS_POSTGRES = 250_000
PERSONS_SQLITE = 50_000
SEED = int(os.environ.get("BENCH_SEED", "1"))


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
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wcr.settings")
    import django

    django.setup()
    from django.conf import settings

    # Measure as production runs: no query log (DEBUG only made the settings load without secrets).
    settings.DEBUG = False
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from wcr.accounts.models import Organisation
    from wcr.privacy.chain import GENESIS, HASHED_FIELDS, entry_hash, verify
    from wcr.privacy.models import AccessLog, ChainHead

    call_command("migrate", verbosity=0)
    import navigator as navigator_bench

    navigator_bench.main(os.environ["DATABASE_URL"], measure, percentiles)
    if os.environ.get("BENCH_ONLY") == "navigator":
        return
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

    # 3.-6. The case workbench on synthetic persons.
    default_persons = PERSONS_POSTGRES if on_postgres else PERSONS_SQLITE
    persons = int(os.environ.get("BENCH_PERSONS", str(default_persons)))
    if not on_postgres and "BENCH_PERSONS" not in os.environ:
        print(
            f"# SQLite: {persons} persons by default (250000 on PostgreSQL); "
            "BENCH_PERSONS=250000 for the full scale",
            flush=True,
        )
    run_workbench(persons=persons, seed=SEED, samples=SAMPLES, report=report, measure=measure)


# --- Case workbench -------------------------------------------------------------------------------
# Each benchmark checks first that the application code and its bare-SQL baseline give the same
# answer for every sample, then warms both up, then measures both on the same samples in turn.


def cycled(func: Callable[[Any], object], samples: list[Any]) -> Callable[[], object]:
    """``func`` applied to the samples in turn, one per call."""
    items = itertools.cycle(samples)
    return lambda: func(next(items))


def compare_and_measure(
    name: str,
    rows: int,
    app: Callable[[Any], object],
    bare: Callable[[Any], object],
    samples: list[Any],
    runs: int,
    report: Callable[..., None],
    measure: Callable[..., tuple[float, float]],
) -> tuple[float, float]:
    for sample in samples:
        got, expected = app(sample), bare(sample)
        if got != expected:
            raise SystemExit(
                f"{name}: answers differ for {sample!r}:\n  app  {got!r}\n  bare {expected!r}"
            )
    for _ in range(2):  # warm-up: caches, prepared plans, Python-level caches
        for sample in samples:
            app(sample)
            bare(sample)
    result = measure(cycled(app, samples), runs)
    baseline = measure(cycled(bare, samples), runs)
    report(name, rows, result, baseline)
    return baseline


def run_workbench(
    *,
    persons: int,
    seed: int,
    samples: int,
    report: Callable[..., None],
    measure: Callable[..., tuple[float, float]],
) -> None:
    import json

    from django.conf import settings
    from django.core.paginator import Paginator
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test import RequestFactory
    from django.urls import reverse
    from django.utils import timezone

    from wcr.accounts.models import Location, Membership, Organisation, Role, User
    from wcr.cases import names as name_matching
    from wcr.cases import selectors
    from wcr.cases.access import access_case
    from wcr.cases.models import (
        Case,
        ChecklistItem,
        Contact,
        Document,
        Milestone,
        Person,
        PersonName,
        Procedure,
        Task,
        Topic,
    )
    from wcr.cases.synthetic import generate
    from wcr.privacy.chain import entry_hash, verify
    from wcr.privacy.models import AccessLog, AuditEvent, ChainHead
    from wcr.privacy.services import _actor_label

    started = time.perf_counter()
    counts = generate(persons=persons, seed=seed, progress=False)
    print(
        f"# generated {counts.persons} persons ({counts.names} names in other scripts), "
        f"{counts.companies} companies, {counts.cases} cases, {counts.contacts} contacts, "
        f"{counts.milestones} milestones, {counts.tasks} tasks in "
        f"{time.perf_counter() - started:.1f} s on {connection.vendor} (seed {seed})",
        flush=True,
    )
    rows = Person.objects.count()
    today = timezone.localdate()

    # The organisation with the most persons (the generator spreads them over 6), acting as one
    # of its counsellors.
    org_id = (
        Person.objects.values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation_id")[0]["organisation_id"]
    )
    org = Organisation.objects.get(pk=org_id)
    membership = (
        Membership.objects.filter(
            organisation=org, role__in=[Role.COUNSELLOR, Role.TEAM_LEAD], is_active=True
        )
        .select_related("user", "organisation")
        .order_by("id")
        .first()
    )
    assert membership is not None
    user = membership.user
    org_persons = Person.objects.filter(organisation=org).count()
    org_cases = Case.objects.filter(organisation=org).count()
    print(
        f"# acting as {user.username} of {org.slug}: {org_persons} persons, {org_cases} cases",
        flush=True,
    )

    t_case = Case._meta.db_table
    t_case_topics = Case.topics.through._meta.db_table
    t_topic = Topic._meta.db_table
    t_person = Person._meta.db_table
    t_name = PersonName._meta.db_table
    t_company = Case._meta.get_field("company").related_model._meta.db_table
    t_user = User._meta.db_table
    t_location = Location._meta.db_table
    t_org = Organisation._meta.db_table
    t_milestone = Milestone._meta.db_table
    t_task = Task._meta.db_table
    t_contact = Contact._meta.db_table
    t_contact_topics = Contact.topics.through._meta.db_table
    t_document = Document._meta.db_table
    t_checklist = ChecklistItem._meta.db_table
    t_procedure = Procedure._meta.db_table
    t_audit = AuditEvent._meta.db_table
    t_access = AccessLog._meta.db_table

    def fetch(sql: str, params: list[Any]) -> list[dict[str, Any]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [col[0] for col in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def fetch_tuples(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def uuid_param(code: str) -> Any:  # SQLite stores UUIDs as 32 hex digits
        return uuid.UUID(code) if connection.vendor == "postgresql" else uuid.UUID(code).hex

    def placeholders(values: list[Any]) -> str:
        return ", ".join(["%s"] * len(values))

    def as_date(value: Any) -> datetime.date:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str):
            return datetime.date.fromisoformat(value[:10])
        return value

    # 3. The case list: status + topic filter, first page of 50 with everything the page shows.
    topic_slugs = list(Topic.objects.order_by("position", "slug").values_list("slug", flat=True))
    list_samples = [
        (status, topic)
        for status in ("counselling", "accompaniment", "new")
        for topic in topic_slugs[:4]
    ]

    def app_case_list(sample: tuple[str, str]) -> object:
        status, topic = sample
        filters = selectors.CaseFilters(status=status, topic=topic)
        page = Paginator(selectors.case_list(membership, filters, today=today), 50).get_page(1)
        return (
            page.paginator.count,
            [
                (
                    case.pk,
                    case.person.family_name if case.person else None,
                    case.company.name if case.company else None,
                    case.counsellor.username if case.counsellor else None,
                    case.location.slug if case.location else None,
                    bool(case.is_overdue),
                    tuple(t.slug for t in case.topics.all()),
                )
                for case in page.object_list
            ],
        )

    def bare_case_list(sample: tuple[str, str]) -> object:
        status, topic = sample
        where = (
            f"c.organisation_id = %s AND c.status = %s AND EXISTS (SELECT 1 FROM {t_case_topics} ct "
            f"WHERE ct.case_id = c.id AND ct.topic_id = (SELECT id FROM {t_topic} WHERE slug = %s))"
        )
        params = [org_id, status, topic]
        total = fetch_tuples(f"SELECT COUNT(*) FROM {t_case} c WHERE {where}", params)[0][0]
        # The page first (LIMIT in a subquery), then the overdue flags for its 50 rows only.
        page = fetch(
            f"SELECT c.*, p.*, co.*, u.*, l.*, "
            f"(EXISTS (SELECT 1 FROM {t_milestone} m WHERE m.case_id = c.id AND m.done_on IS NULL "
            f"AND m.due_on < %s) OR EXISTS (SELECT 1 FROM {t_task} t WHERE t.case_id = c.id "
            f"AND t.done_at IS NULL AND t.due_on < %s)) AS is_overdue, "
            f"p.family_name AS p_family, co.name AS co_name, u.username AS u_username, "
            f"l.slug AS l_slug, c.id AS c_id "
            f"FROM (SELECT * FROM {t_case} c WHERE {where} "
            f"ORDER BY c.opened_on DESC, c.id DESC LIMIT 50) c "
            f"LEFT JOIN {t_person} p ON p.id = c.person_id "
            f"LEFT JOIN {t_company} co ON co.id = c.company_id "
            f"LEFT JOIN {t_user} u ON u.id = c.counsellor_id "
            f"LEFT JOIN {t_location} l ON l.id = c.location_id "
            f"ORDER BY c.opened_on DESC, c.id DESC",
            [today, today, *params],
        )
        ids = [row["c_id"] for row in page]
        topics: dict[int, list[str]] = {}
        if ids:
            for case_id, slug in fetch_tuples(
                f"SELECT ct.case_id, t.slug FROM {t_case_topics} ct JOIN {t_topic} t "
                f"ON t.id = ct.topic_id WHERE ct.case_id IN ({placeholders(ids)}) "
                f"ORDER BY t.position, t.slug",
                ids,
            ):
                topics.setdefault(case_id, []).append(slug)
        return (
            total,
            [
                (
                    row["c_id"],
                    row["p_family"],
                    row["co_name"],
                    row["u_username"],
                    row["l_slug"],
                    bool(row["is_overdue"]),
                    tuple(topics.get(row["c_id"], ())),
                )
                for row in page
            ],
        )

    compare_and_measure(
        "case_list", rows, app_case_list, bare_case_list, list_samples, samples, report, measure
    )

    # 4. Name search: transliteration and order variants of names the generator uses, plus the
    # names of generated persons written "Family, Given".
    picked = list(
        Person.objects.filter(organisation=org)
        .order_by("id")
        .values_list("given_name", "family_name")[: org_persons : max(1, org_persons // 12)]
    )
    search_samples = [
        "Hassan, Muhammad",
        "Mohamed Al Hasan",
        "Schewtschenko, Olena",
        "Yusuf Nasser",
        "Kowalenko Dmitro",
        "محمد الحسن",
        "Мельник Юлія",
        "Ali Ben Ali",
        *(f"{family}, {given}" for given, family in picked),
    ]
    search_keys = {query: name_matching.search_keys(query) for query in search_samples}

    def app_name_search(query: str) -> object:
        return [p.pk for p in selectors.person_search(membership, query)]

    def bare_name_search(query: str) -> object:
        keys = search_keys[query]
        likes = " AND ".join(["search_keys LIKE %s"] * len(keys))
        return [
            row[0]
            for row in fetch_tuples(
                f"SELECT * FROM {t_person} WHERE organisation_id = %s AND {likes} "
                "ORDER BY family_name, given_name, id LIMIT 50",
                [org_id, *(f"% {key} %" for key in keys)],
            )
        ]

    found = [len(app_name_search(query)) for query in search_samples]
    print(
        f"# name_search: {len(search_samples)} queries, {min(found)}-{max(found)} results each "
        "(at most 50)",
        flush=True,
    )
    compare_and_measure(
        "name_search",
        rows,
        app_name_search,
        bare_name_search,
        search_samples,
        samples,
        report,
        measure,
    )

    # 5. The case page's data: the access gate (with its access-log entry), the timeline, the
    # milestones, checklist, open tasks and worker cases, as views._case_context loads them.
    with_work = list(
        Case.objects.filter(organisation=org, milestones__isnull=False)
        .order_by("id")
        .values_list("code", flat=True)
        .distinct()[:2000:100]
    )
    any_case = list(
        Case.objects.filter(organisation=org)
        .order_by("id")
        .values_list("code", flat=True)[: org_cases : max(1, org_cases // 20)]
    )
    page_samples = [str(code) for code in [*with_work, *any_case]]
    factory = RequestFactory()

    def page_request(code: str) -> Any:
        request = factory.get(reverse("cases:detail", args=[code]))
        request.user = user
        request.membership = membership  # type: ignore[attr-defined]
        request.organisation = org  # type: ignore[attr-defined]
        return request

    def app_case_page(code: str) -> object:
        case = access_case(page_request(code), code)
        timeline = selectors.case_timeline(case)
        milestones = list(
            Milestone.objects.filter(case=case)
            .select_related("procedure")
            .order_by("procedure_id", "position")
        )
        checklist = list(ChecklistItem.objects.filter(case=case).prefetch_related("documents"))
        tasks = list(case.tasks.filter(done_at__isnull=True).select_related("assignee"))
        worker_cases = list(case.worker_cases.select_related("person"))
        return (
            case.pk,
            case.person.family_name if case.person else None,
            [(e.on, e.kind, e.sort_key) for e in timeline],
            [m.pk for m in milestones],
            [(item.pk, sorted(d.pk for d in item.documents.all())) for item in checklist],
            sorted(t.pk for t in tasks),
            sorted(w.pk for w in worker_cases),
        )

    t_head = ChainHead._meta.db_table
    for_update = " FOR UPDATE" if connection.features.has_select_for_update else ""
    access_fields = [
        "seq", "at", "actor_id", "actor_label", "organisation_id", "object_type", "object_code",
        "via", "owner_organisation_id", "cross_organisation", "purpose",
    ]  # fmt: skip
    actor_label = _actor_label(user)
    shown = [
        "case.opened",
        "case.status_changed",
        "case.reopened",
        "case.assigned",
        "procedure.started",
        "case.updated",
    ]

    def bare_case_page(code: str) -> object:
        found_case = fetch(
            f"SELECT c.*, p.*, co.*, u.*, l.*, o.*, rc.*, c.id AS c_id, c.code AS c_code, "
            f"c.recruitment_case_id AS c_recruitment, p.family_name AS p_family "
            f"FROM {t_case} c LEFT JOIN {t_person} p ON p.id = c.person_id "
            f"LEFT JOIN {t_company} co ON co.id = c.company_id "
            f"LEFT JOIN {t_user} u ON u.id = c.counsellor_id "
            f"LEFT JOIN {t_location} l ON l.id = c.location_id "
            f"JOIN {t_org} o ON o.id = c.organisation_id "
            f"LEFT JOIN {t_case} rc ON rc.id = c.recruitment_case_id "
            f"WHERE c.organisation_id = %s AND c.code = %s",
            [org_id, uuid_param(code)],
        )
        case = found_case[0]
        case_id = case["c_id"]
        # The access-log entry, chained as access_log_read does it (lock the head, hash, insert,
        # move the head), in bare SQL.
        at = timezone.now()
        values = {
            "at": at,
            "actor_id": user.pk,
            "actor_label": actor_label,
            "organisation_id": org_id,
            "object_type": "cases.case",
            "object_code": code,
            "via": f"GET /mitarbeitende/faelle/{code}/",
            "owner_organisation_id": org_id,
            "cross_organisation": False,
            "purpose": "",
        }
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT last_seq, last_hash FROM {t_head} WHERE name = 'access'{for_update}"
            )
            last_seq, last_hash = cursor.fetchone()
            values["seq"] = last_seq + 1
            digest = entry_hash("access", last_hash, values)
            cursor.execute(
                f"INSERT INTO {t_access} (seq, at, actor_id, actor_label, organisation_id, "
                "object_type, object_code, via, owner_organisation_id, cross_organisation, "
                "purpose, prev_hash, hash) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    *(values[field] for field in access_fields),
                    last_hash,
                    digest,
                ],
            )
            cursor.execute(
                f"UPDATE {t_head} SET last_seq = %s, last_hash = %s WHERE name = 'access'",
                [values["seq"], digest],
            )
        entries: list[tuple[Any, ...]] = []
        contacts = fetch_tuples(
            f"SELECT ct.id, ct.happened_on, ct.*, u.*, l.* FROM {t_contact} ct "
            f"LEFT JOIN {t_user} u ON u.id = ct.counsellor_id "
            f"LEFT JOIN {t_location} l ON l.id = ct.location_id WHERE ct.case_id = %s",
            [case_id],
        )
        if contacts:
            ids = [row[0] for row in contacts]
            fetch_tuples(
                f"SELECT x.contact_id, t.* FROM {t_contact_topics} x JOIN {t_topic} t "
                f"ON t.id = x.topic_id WHERE x.contact_id IN ({placeholders(ids)})",
                ids,
            )
        for row in contacts:
            on = as_date(row[1])
            entries.append((on, "contact", (on, 3, row[0])))
        related = [case_id] + ([case["c_recruitment"]] if case["c_recruitment"] else [])
        milestones = fetch_tuples(
            f"SELECT m.id, m.case_id, m.done_on, m.due_on, m.created_at, m.procedure_id, "
            f"m.position, m.*, c.*, pr.* FROM {t_milestone} m JOIN {t_case} c ON c.id = m.case_id "
            f"LEFT JOIN {t_procedure} pr ON pr.id = m.procedure_id "
            f"WHERE m.case_id IN ({placeholders(related)})",
            related,
        )
        for row in milestones:
            on = as_date(row[2] or row[3] or row[4])
            entries.append((on, "milestone", (on, 2, row[0])))
        tasks = fetch_tuples(
            f"SELECT t.id, t.due_on, t.done_at, t.*, u.* FROM {t_task} t "
            f"JOIN {t_user} u ON u.id = t.assignee_id WHERE t.case_id = %s",
            [case_id],
        )
        for row in tasks:
            on = as_date(row[1])
            entries.append((on, "task", (on, 1, row[0])))
        for row in fetch_tuples(
            f"SELECT d.id, d.created_at, d.*, u.* FROM {t_document} d "
            f"LEFT JOIN {t_user} u ON u.id = d.uploaded_by_id WHERE d.case_id = %s",
            [case_id],
        ):
            on = as_date(row[1])
            entries.append((on, "document", (on, 4, row[0])))
        for row in fetch_tuples(
            f"SELECT seq, at, changes, a.* FROM {t_audit} a WHERE object_code = %s "
            f"AND action IN ({placeholders(shown)}) ORDER BY seq",
            [code, *shown],
        ):
            on = as_date(timezone.localtime(row[1]) if timezone.is_aware(row[1]) else row[1])
            changes = json.loads(row[2]) if isinstance(row[2], str) else row[2]
            entries.append((on, "status" if "status" in changes else "other", (on, 5, row[0])))
        entries.sort(key=lambda entry: entry[2], reverse=True)
        checklist = fetch_tuples(
            f"SELECT id, * FROM {t_checklist} WHERE case_id = %s ORDER BY id", [case_id]
        )
        documents: dict[int, list[int]] = {}
        if checklist:
            ids = [row[0] for row in checklist]
            for row in fetch_tuples(
                f"SELECT checklist_item_id, id, * FROM {t_document} "
                f"WHERE checklist_item_id IN ({placeholders(ids)})",
                ids,
            ):
                documents.setdefault(row[0], []).append(row[1])
        workers = fetch_tuples(
            f"SELECT c.id, c.*, p.* FROM {t_case} c LEFT JOIN {t_person} p ON p.id = c.person_id "
            f"WHERE c.recruitment_case_id = %s",
            [case_id],
        )
        own_milestones = sorted(
            (row for row in milestones if row[1] == case_id),
            key=lambda row: (row[5] is not None, row[5] or 0, row[6], row[0]),
        )
        return (
            case_id,
            case["p_family"],
            [(on, kind, key) for on, kind, key in entries],
            [row[0] for row in own_milestones],
            [(row[0], sorted(documents.get(row[0], []))) for row in checklist],
            sorted(row[0] for row in tasks if row[2] is None),
            sorted(row[0] for row in workers),
        )

    page_baseline = compare_and_measure(
        "case_page", rows, app_case_page, bare_case_page, page_samples, samples, report, measure
    )

    # 5b. The same page rendered through the full stack (middleware, session, template).
    from django.test import Client

    from wcr.core.testing.base import sign_in

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = sign_in(Client(), user)
    for code in page_samples:  # warm-up
        response = client.get(reverse("cases:detail", args=[code]))
        assert response.status_code == 200, response.status_code
    report(
        "case_page_render",
        rows,
        measure(
            cycled(lambda code: client.get(reverse("cases:detail", args=[code])), page_samples),
            samples,
        ),
        page_baseline,
    )
    problem = verify("access")[1]
    assert problem is None, problem  # the bare-SQL entries are proper chain entries too

    # 6. Duplicate check: the person form's warning for a realistic name and birth date - names
    # and dates of generated persons, half of them with given and family name swapped.
    probes = []
    for index, person in enumerate(
        Person.objects.filter(organisation=org)
        .order_by("id")
        .only("given_name", "family_name", "birth_date", "birth_date_precision")[
            7 : org_persons : max(1, org_persons // 24)
        ]
    ):
        given, family = person.given_name, person.family_name
        if index % 2:
            given, family = family, given
        probes.append((given, family, person.birth_date, person.birth_date_precision))

    def app_duplicates(probe: tuple[str, str, datetime.date | None, str]) -> object:
        given, family, born, precision = probe
        return [
            (d.person.pk, d.score, d.reasons)
            for d in selectors.duplicate_candidates(
                membership,
                given_name=given,
                family_name=family,
                birth_date=born,
                birth_date_precision=precision,
            )
        ]

    def bare_duplicate_rows(
        probe: tuple[str, str, datetime.date | None, str],
    ) -> tuple[list[tuple[Any, ...]], dict[int, list[tuple[str, str]]]]:
        given, family, born, precision = probe
        family_keys = name_matching.search_keys(family)
        given_keys = name_matching.search_keys(given)
        any_family = " OR ".join(["search_keys LIKE %s"] * len(family_keys)) or "FALSE"
        params: list[Any] = [org_id, *(f"% {key} %" for key in family_keys)]
        condition = f"({any_family})"
        if born is not None:
            year = [datetime.date(born.year, 1, 1), datetime.date(born.year, 12, 31)]
            any_given = " OR ".join(["search_keys LIKE %s"] * len(given_keys)) or "FALSE"
            condition = f"({condition} OR (({any_given}) AND birth_date BETWEEN %s AND %s))"
            params += [*(f"% {key} %" for key in given_keys), *year]
            if precision != "unknown":
                # Only an unknown date or the same year can reach the threshold.
                condition += (
                    " AND (birth_date IS NULL OR birth_date_precision = 'unknown' "
                    "OR birth_date BETWEEN %s AND %s)"
                )
                params += year
        candidates = fetch_tuples(
            "SELECT id, given_name, family_name, birth_date, birth_date_precision, * "
            f"FROM {t_person} WHERE organisation_id = %s AND {condition}",
            params,
        )
        variants: dict[int, list[tuple[str, str]]] = {}
        if candidates:
            ids = [row[0] for row in candidates]
            for person_id, variant_given, variant_family in fetch_tuples(
                f"SELECT person_id, given_name, family_name FROM {t_name} "
                f"WHERE person_id IN ({placeholders(ids)})",
                ids,
            ):
                variants.setdefault(person_id, []).append((variant_given, variant_family))
        return candidates, variants

    def bare_duplicates(probe: tuple[str, str, datetime.date | None, str]) -> object:
        given, family, born, precision = probe
        candidates, variants = bare_duplicate_rows(probe)
        record = name_matching.NameRecord(
            given_names=(given,),
            family_names=(family,),
            birth_date=born,
            birth_date_precision=precision,
        )
        found = []
        for row in candidates:
            other = variants.get(row[0], [])
            match = name_matching.duplicate_score(
                record,
                name_matching.NameRecord(
                    given_names=(row[1], *(g for g, _ in other if g)),
                    family_names=(row[2], *(f for _, f in other if f)),
                    birth_date=as_date(row[3]) if row[3] is not None else None,
                    birth_date_precision=row[4],
                ),
            )
            if match.score >= name_matching.DUPLICATE_THRESHOLD:
                found.append((row[0], match.score, match.reasons, row[2]))
        found.sort(key=lambda item: (-item[1], item[3], item[0]))
        return [(pk, score, reasons) for pk, score, reasons, _ in found[:10]]

    sizes = [len(bare_duplicate_rows(probe)[0]) for probe in probes]
    print(
        f"# duplicate_check: {len(probes)} probes, {min(sizes)}-{max(sizes)} candidates each "
        "from SQL, scored by names.duplicate_score (in the baseline too)",
        flush=True,
    )
    compare_and_measure(
        "duplicate_check", rows, app_duplicates, bare_duplicates, probes, samples, report, measure
    )
    sql_only = measure(cycled(bare_duplicate_rows, probes), samples)
    print(
        f"# duplicate_check: its bare SQL alone p50_ms={sql_only[0]:.2f} p95_ms={sql_only[1]:.2f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
