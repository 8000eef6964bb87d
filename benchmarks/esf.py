"""The ESF+ report on a million participants: ``esf_report`` against one hand-written aggregate.

Data: ``BENCH_PARTICIPANTS`` participations (1 000 000 on PostgreSQL, 200 000 on SQLite),
bulk-inserted here rather than through ``generate_synthetic`` (a million participations would need
some 1.4 million generated cases): each row drawn by ``wcr.reporting.synthetic.draw_participation``
(the generator's own distributions, columns derived by ``Participation.derive``, Art. 9 items
sealed), entered on a day of the last 900 days, 35 % of them left 10-300 days later, spread over
the generated network's organisations, written with ``COPY`` on PostgreSQL and ``bulk_create`` on
SQLite. They belong to the persons already in the database (several participations per person
when there are fewer persons than participations); when there are fewer than one person per four
participations, minimal persons are added. The participation table is the benchmark's: it is
emptied before generating. What was generated is recorded in ``bench_esf_generated``;
``BENCH_REUSE=1`` keeps it when participants and seed match.

Lines (``BENCH_ESF_SAMPLES`` timed runs each, default 20):

- ``esf_report``: ``esf_report(start=, end=)`` for the year up to the generation's day, the whole
  network (the aggregate, the sealed Art. 9 items opened in Python, EECO18/EECO19, the incomplete
  list) against ONE bare SQL aggregate (``COUNT(*) FILTER (WHERE …)`` per indicator and gender)
  of the indicators SQL can count; the two must give the same numbers (the run stops if not).
- ``esf_report_org``: the same for the organisation with the most participations.
- ``esf_report_sealed``: the Art. 9 part alone (fetch and open the sealed values of the complete
  participants who entered in the period, count EECO12 and EECO15) against the bare fetch of the
  same column.
- ``esf_dashboard``: the statistics dashboard page of the organisation with the most participants
  (signed-in client, every figure and chart) against computing its figures alone.

A ``#`` line gives the median of each part of the report (aggregate, sealed items, entity counts,
incomplete list).
"""

from __future__ import annotations

import datetime
import json
import os
import random
import time
from collections.abc import Callable
from typing import Any

from common import measure, note, report

MARKER = "bench_esf_generated"
PARTICIPANTS_POSTGRES = 1_000_000
PARTICIPANTS_SQLITE = 200_000
PER_PERSON = 4  # at most this many participations per person before persons are added
CHUNK = 50_000
SAMPLES = int(os.environ.get("BENCH_ESF_SAMPLES", "20"))


def settings_from_environment(postgres: bool) -> int:
    default = PARTICIPANTS_POSTGRES if postgres else PARTICIPANTS_SQLITE
    return int(os.environ.get("BENCH_PARTICIPANTS", str(default)))


# --- Data -----------------------------------------------------------------------------------------


def _marker(participants: int, seed: int) -> dict[str, Any] | None:
    from django.db import connection

    if MARKER not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT counts FROM {MARKER} WHERE participants = %s AND seed = %s",
            [participants, seed],
        )
        row = cursor.fetchone()
    return None if row is None else json.loads(row[0])  # type: ignore[no-any-return]


def prepare(*, participants: int, seed: int, reuse: bool) -> dict[str, Any]:
    """The benchmark's participations (generated, or reused); what they are."""
    from django.db import connection

    from wcr.reporting.models import Participation

    found = _marker(participants, seed) if reuse else None
    if found is not None and Participation.objects.count() == found["participations"]:
        note(
            f"reused {found['participations']} participations (seed {seed}), generated in "
            f"{found['seconds']:.1f} s on {found['today']}"
        )
        return found
    started = time.perf_counter()
    counts = generate(participants=participants, seed=seed)
    counts["seconds"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} (participants integer, seed integer, "
            "counts text, generated_at text)"
        )
        cursor.execute(f"DELETE FROM {MARKER}")
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s, %s)",
            [
                participants,
                seed,
                json.dumps(counts),
                datetime.datetime.now(datetime.UTC).isoformat(),
            ],
        )
    note(
        f"generated {counts['participations']} participations ({counts['persons_added']} persons "
        f"added, {counts['persons']} persons hold them) in {counts['seconds']:.1f} s on "
        f"{connection.vendor} (seed {seed})"
    )
    return counts


def _persons(needed: int, now: datetime.datetime) -> tuple[list[tuple[int, int]], int]:
    """(person id, organisation id) of every person, after adding minimal ones up to ``needed``."""
    from wcr.cases.models import Person
    from wcr.cases.synthetic import ensure_network

    existing = Person.objects.count()
    if existing < needed:
        organisations = ensure_network()[0]
        Person.objects.bulk_create(
            [
                Person(
                    organisation=organisations[index % len(organisations)],
                    given_name="ESF",
                    family_name=f"Teilnehmende {index}",
                    birth_date_precision="unknown",
                    created_at=now,
                    updated_at=now,
                )
                for index in range(existing, needed)
            ],
            batch_size=5000,
        )
    persons = list(Person.objects.order_by("id").values_list("id", "organisation_id"))
    return persons, max(0, needed - existing)


def generate(*, participants: int, seed: int) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from wcr.reporting.models import Participation
    from wcr.reporting.synthetic import draw_participation

    rng = random.Random(f"esf:{seed}")  # noqa: S311 (synthetic data)
    today, now = timezone.localdate(), timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {Participation._meta.db_table}")
        else:
            cursor.execute(f"DELETE FROM {Participation._meta.db_table}")
    persons, added = _persons(-(-participants // PER_PERSON), now)
    fields = [field for field in Participation._meta.concrete_fields if not field.primary_key]
    for chunk_start in range(0, participants, CHUNK):
        rows = []
        for index in range(chunk_start, min(participants, chunk_start + CHUNK)):
            person_id, organisation_id = persons[index % len(persons)]
            entry = today - datetime.timedelta(days=rng.randint(0, 900))
            left = (
                min(today, entry + datetime.timedelta(days=rng.randint(10, 300)))
                if rng.random() < 0.35
                else None
            )
            rows.append(
                draw_participation(
                    rng,
                    organisation_id=organisation_id,
                    person_id=person_id,
                    case_id=None,
                    entry_date=entry,
                    exit_date=left,
                    today=today,
                    now=now,
                )
            )
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _copy(rows, fields)
            else:
                Participation.objects.bulk_create(rows, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Participation._meta.db_table}")
    return {
        "participations": participants,
        "persons": min(len(persons), participants),
        "persons_added": added,
        "today": today.isoformat(),
    }


def _copy(rows: list[Any], fields: list[Any]) -> None:
    """``COPY … FROM STDIN`` of the rows' columns (psycopg 3)."""
    from django.db import connection

    from wcr.reporting.models import Participation

    columns = ", ".join(f'"{field.column}"' for field in fields)
    raw = connection.connection
    assert raw is not None
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {Participation._meta.db_table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(
                [
                    json.dumps(row.nationalities)
                    if field.attname == "nationalities"
                    else getattr(row, field.attname)
                    for field in fields
                ]
            )


# --- The bare aggregate ---------------------------------------------------------------------------

# The SQL-countable indicators: scope (entered / left in the period) and condition, written by hand
# from the spec (not generated from indicators.py, so a slip there shows as a difference).
BARE_OUTPUT = {
    "EECO01": "labour_status IN ('unemployed', 'long_term_unemployed', 'inactive', 'employed', "
    "'self_employed')",
    "EECO02": "labour_status IN ('unemployed', 'long_term_unemployed')",
    "EECO03": "labour_status = 'long_term_unemployed'",
    "EECO04": "labour_status = 'inactive'",
    "EECO05": "labour_status IN ('employed', 'self_employed')",
    "EECO06": "age_at_entry < 18",
    "EECO07": "age_at_entry BETWEEN 18 AND 29",
    "EECO08": "age_at_entry >= 55",
    "EECO09": "isced <= 2",
    "EECO10": "isced BETWEEN 3 AND 4",
    "EECO11": "isced BETWEEN 5 AND 8",
    "EECO13": "third_country",
    "EECO14": "foreign_background",
    "EECO16": "homeless",
    "EECO17": "rural",
}
BARE_RESULT = {
    "EECR01": "exit_job_searching",
    "EECR02": "exit_education_training",
    "EECR03": "exit_qualification_gained",
    "EECR04": "(exit_employed OR exit_self_employed)",
    "EECR05": "status_6m IN ('employed', 'self_employed')",
}
GROUPS = {"total": "", "women": " AND gender = 'f'", "men": " AND gender = 'm'",
          "non_binary": " AND gender = 'd'"}  # fmt: skip


def bare_sql(organisation_id: int | None) -> str:
    from wcr.reporting.models import Participation

    entered = "complete AND entry_date BETWEEN %(start)s AND %(end)s"
    left = "complete AND exit_date BETWEEN %(start)s AND %(end)s"
    columns = [
        f'COUNT(*) FILTER (WHERE {scope} AND {condition}{gender}) AS "{code}__{group}"'
        for scope, conditions in ((entered, BARE_OUTPUT), (left, BARE_RESULT))
        for code, condition in conditions.items()
        for group, gender in GROUPS.items()
    ]
    where = "(entry_date BETWEEN %(start)s AND %(end)s OR exit_date BETWEEN %(start)s AND %(end)s)"
    if organisation_id is not None:
        where += " AND organisation_id = %(org)s"
    return f"SELECT {', '.join(columns)} FROM {Participation._meta.db_table} WHERE {where}"


def bare_counts(
    start: datetime.date, end: datetime.date, organisation_id: int | None
) -> dict[str, dict[str, int]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            bare_sql(organisation_id), {"start": start, "end": end, "org": organisation_id}
        )
        names = [col[0] for col in cursor.description]
        values = dict(zip(names, cursor.fetchone(), strict=True))
    return {
        code: {group: values[f"{code}__{group}"] for group in GROUPS}
        for code in [*BARE_OUTPUT, *BARE_RESULT]
    }


# --- The benchmark --------------------------------------------------------------------------------


def run(*, seed: int, reuse: bool, chosen: list[str]) -> None:
    from django.db import connection
    from django.db.models import Count

    from wcr.accounts.models import Organisation
    from wcr.reporting import indicators
    from wcr.reporting.models import Participation

    participants = settings_from_environment(connection.vendor == "postgresql")
    counts = prepare(participants=participants, seed=seed, reuse=reuse)
    end = datetime.date.fromisoformat(counts["today"])
    start = end - datetime.timedelta(days=364)
    org_id = (
        Participation.objects.values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation_id")[0]["organisation_id"]
    )
    org = Organisation.objects.get(pk=org_id)
    rows = Participation.objects.count()
    for name, organisation in (("esf_report", None), ("esf_report_org", org)):
        if name not in chosen:
            continue
        scope = indicators.participations_in(start, end, organisation)
        note(
            f"{name}: {start} to {end}, {org.slug if organisation else 'whole network'}: "
            f"{scope.count()} participations in the period, "
            f"{scope.filter(complete=True, entry_date__range=(start, end)).count()} complete "
            f"entered, {scope.filter(complete=True, exit_date__range=(start, end)).count()} "
            f"complete left, {scope.filter(complete=False).count()} incomplete"
        )
        bench_report(name, rows, start, end, organisation)
    if "esf_report_sealed" in chosen:
        bench_sealed(rows, start, end)
    if "esf_dashboard" in chosen:
        bench_dashboard(rows, start, end, org)


def bench_dashboard(rows: int, start: datetime.date, end: datetime.date, org: Any) -> None:
    """The statistics dashboard of the organisation with the most participants, through the
    whole stack (signed-in ``django.test.Client``: middleware, session, every figure, the SVG
    charts, the template), against computing its figures alone (the selectors, no page)."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from wcr.accounts.models import Membership, Role, User
    from wcr.core.testing.base import sign_in
    from wcr.reporting import statistics

    user, _created = User.objects.get_or_create(username="bench.dashboard")
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": Role.TEAM_LEAD})
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = sign_in(Client(), user)
    url = reverse("reporting:statistics") + f"?start={start}&end={end}"
    filters = statistics.Filters(start=start, end=end, organisation_id=org.pk)
    specs = statistics.figure_specs(network=False, filters=filters)

    def page() -> object:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    def figures() -> object:
        return statistics.figures(specs, filters, suppress=False)

    for func in (page, figures):
        func()
    report("esf_dashboard", rows, measure(page, SAMPLES), measure(figures, SAMPLES))


def bench_report(
    name: str, rows: int, start: datetime.date, end: datetime.date, organisation: Any
) -> None:
    from wcr.reporting import indicators

    org_id = None if organisation is None else organisation.pk

    def app() -> dict[str, Any]:
        return indicators.esf_report(start=start, end=end, organisation=organisation)

    def bare() -> dict[str, dict[str, int]]:
        return bare_counts(start, end, org_id)

    got, expected = app()["indicators"], bare()
    differing = [code for code in expected if got[code] != expected[code]]
    if differing:
        raise SystemExit(
            f"{name}: esf_report and the bare aggregate differ for {', '.join(differing)}:\n"
            + "\n".join(f"  {code}: app {got[code]} bare {expected[code]}" for code in differing)
        )
    for func in (app, bare, app, bare):  # warm up: caches, plans
        func()
    report(name, rows, measure(app, SAMPLES), measure(bare, SAMPLES))
    parts = _parts(start, end, organisation)
    note(f"{name} parts (p50 / p95 ms): " + ", ".join(
        f"{part} {p50:.1f} / {p95:.1f}" for part, (p50, p95) in parts.items()
    ))  # fmt: skip


def _parts(start: datetime.date, end: datetime.date, organisation: Any) -> dict[str, Any]:
    """Each part of ``esf_report`` timed alone, as the function runs it."""
    from wcr.reporting import indicators

    scope = indicators.participations_in(start, end, organisation)

    def aggregate() -> object:
        return indicators.participant_counts(start, end, organisation)

    def sealed() -> object:
        rows = indicators.special_in(start, end, organisation).values_list(
            "code", "gender", "special_categories"
        )
        return indicators._special_counts(rows.iterator(chunk_size=5000))

    def entities() -> object:
        return (
            indicators.public_bodies_supported(start, end, organisation),
            indicators.smes_supported(start, end, organisation),
        )

    def incomplete() -> object:
        return [
            indicators._missing(*row[2:])
            for row in scope.filter(complete=False)
            .order_by("entry_date", "id")
            .values_list("code", "entry_date", "gender", "date_of_birth", "labour_status", "isced")
        ]

    runs = max(5, SAMPLES // 2)
    parts: dict[str, Callable[[], object]] = {
        "aggregate": aggregate,
        "sealed": sealed,
        "entities": entities,
        "incomplete": incomplete,
    }
    return {part: measure(func, runs) for part, func in parts.items()}


def bench_sealed(rows: int, start: datetime.date, end: datetime.date) -> None:
    """The Art. 9 indicators: fetch and open every sealed value in the period (whole network)."""
    from django.db import connection

    from wcr.reporting import indicators
    from wcr.reporting.models import Participation

    scope = indicators.special_in(start, end, None)
    opened = scope.count()

    def app() -> object:
        rows = scope.values_list("code", "gender", "special_categories")
        return indicators._special_counts(rows.iterator(chunk_size=5000))

    sql = (
        f"SELECT code, gender, special_categories FROM {Participation._meta.db_table} "
        "WHERE complete AND entry_date BETWEEN %s AND %s AND special_categories IS NOT NULL"
    )

    def bare() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, [start, end])
            return len(cursor.fetchall())

    if bare() != opened:
        raise SystemExit("esf_report_sealed: the bare fetch reads other rows")
    app(), bare()
    result, baseline = measure(app, SAMPLES), measure(bare, SAMPLES)
    report("esf_report_sealed", rows, result, baseline)
    opening = (result[0] - baseline[0]) / opened * 1000 if opened else 0.0
    note(
        f"esf_report_sealed: {opened} sealed values opened per report; opening costs about "
        f"{opening:.1f} µs each above the fetch (p50)"
    )
