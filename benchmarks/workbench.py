"""The case workbench on synthetic persons: one function per benchmark.

Each acts as a counsellor of the organisation with the most persons, checks first that the
application code and its bare-SQL baseline give the same answer for every sample (the run stops if
not), warms both up, then times both in the same run on the same data (``common.compare_and_measure``).
"""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass
from typing import Any

from common import (
    SAMPLES,
    as_date,
    as_datetime,
    compare_and_measure,
    cycled,
    fetch,
    fetch_tuples,
    local_date,
    measure,
    note,
    placeholders,
    report,
    uuid_param,
    warm_up,
)


@dataclass(frozen=True)
class Workbench:
    """Who the benchmarks act as, on what data."""

    rows: int  # persons in the database
    today: datetime.date
    org: Any
    membership: Any
    user: Any
    org_persons: int
    org_cases: int


def code_text(value: Any) -> str:
    """A UUID column's value as the application writes it (SQLite returns 32 hex digits)."""
    return str(uuid.UUID(str(value)))


def table(model: Any) -> str:
    return model._meta.db_table  # type: ignore[no-any-return]


def setup() -> Workbench:
    from django.db.models import Count
    from django.utils import timezone

    from wcr.accounts.models import Membership, Organisation, Role
    from wcr.cases.models import Case, Person

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
    bench = Workbench(
        rows=Person.objects.count(),
        today=timezone.localdate(),
        org=org,
        membership=membership,
        user=membership.user,
        org_persons=Person.objects.filter(organisation=org).count(),
        org_cases=Case.objects.filter(organisation=org).count(),
    )
    note(
        f"acting as {bench.user.username} of {org.slug}: {bench.org_persons} persons, "
        f"{bench.org_cases} cases"
    )
    return bench


# --- Case list ------------------------------------------------------------------------------------


def bare_access_entry(
    bench: Workbench,
    *,
    object_type: str,
    object_code: str,
    via: str,
    purpose: str,
    subjects: list[tuple[str, str, int]] | None = None,
) -> None:
    """An access-log entry chained as ``privacy.chain.append`` does it (lock the head, hash,
    insert the entry and its subjects, move the head), in bare SQL."""
    from django.db import connection, transaction
    from django.utils import timezone

    from wcr.privacy.chain import entry_hash
    from wcr.privacy.models import AccessLog, AccessLogSubject, ChainHead
    from wcr.privacy.services import _actor_label

    for_update = " FOR UPDATE" if connection.features.has_select_for_update else ""
    values: dict[str, Any] = {
        "at": timezone.now(),
        "actor_id": bench.user.pk,
        "actor_label": _actor_label(bench.user),
        "organisation_id": bench.org.pk,
        "object_type": object_type,
        "object_code": object_code,
        "via": via,
        "owner_organisation_id": bench.org.pk,
        "cross_organisation": False,
        "purpose": purpose,
    }
    if subjects:
        values["subjects"] = sorted([list(row) for row in subjects])
    fields = [
        "seq", "at", "actor_id", "actor_label", "organisation_id", "object_type", "object_code",
        "via", "owner_organisation_id", "cross_organisation", "purpose",
    ]  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT last_seq, last_hash FROM {table(ChainHead)} WHERE name = 'access'{for_update}"
        )
        last_seq, last_hash = cursor.fetchone()
        values["seq"] = last_seq + 1
        digest = entry_hash("access", last_hash, values)
        cursor.execute(
            f"INSERT INTO {table(AccessLog)} ({', '.join(fields)}, prev_hash, hash) "
            f"VALUES ({placeholders(fields)}, %s, %s) RETURNING id",
            [*(values[field] for field in fields), last_hash, digest],
        )
        (entry_id,) = cursor.fetchone()
        if subjects:
            cursor.execute(
                f"INSERT INTO {table(AccessLogSubject)} "
                "(entry_id, object_type, object_code, organisation_id) VALUES "
                + ", ".join(["(%s, %s, %s, %s)"] * len(subjects)),
                [value for row in subjects for value in (entry_id, *row)],
            )
        cursor.execute(
            f"UPDATE {table(ChainHead)} SET last_seq = %s, last_hash = %s WHERE name = 'access'",
            [values["seq"], digest],
        )


def bench_case_list(
    bench: Workbench, *, name: str = "case_list", shared: tuple[int, ...] = ()
) -> None:
    """The case list page's data: a status and a topic filter (12 combinations), on the first
    page and on a page 2 000 cases deep (``after`` a case there): 50 cases with person, company,
    counsellor, location, the overdue flag and the topics, the count up to 1 000, and the
    access-log entry naming the cases, persons and companies shown. ``shared``: keys of other
    organisations' cases shared with the organisation (``bench_case_list_shared``); the
    application looks them up once per request as a page does, the bare SQL is given them."""
    from django.test import RequestFactory
    from django.urls import resolve, reverse

    from wcr.accounts.models import Location, User
    from wcr.cases import selectors
    from wcr.cases.models import Case, Company, Milestone, Person, Task, Topic
    from wcr.privacy.services import access_log_bulk_read

    t_case, t_person, t_company = table(Case), table(Person), table(Company)
    t_user, t_location, t_topic = table(User), table(Location), table(Topic)
    t_milestone, t_task = table(Milestone), table(Task)
    t_case_topics = table(Case.topics.through)
    limit = selectors.COUNT_LIMIT
    topic_slugs = list(Topic.objects.order_by("position", "slug").values_list("slug", flat=True))
    filters = [
        (status, topic)
        for status in ("counselling", "accompaniment", "new")
        for topic in topic_slugs[:4]
    ]
    samples: list[tuple[str, str, str]] = []
    for status, topic in filters:
        listed = selectors.case_list(
            bench.membership, selectors.CaseFilters(status=status, topic=topic), today=bench.today
        )
        deep = listed.values_list("code", flat=True)[1999:2000]
        samples.append((status, topic, ""))
        samples.append((status, topic, str(deep[0]) if deep else ""))
    request = RequestFactory().get(reverse("cases:list"))
    request.user = bench.user
    request.membership = bench.membership  # type: ignore[attr-defined]
    request.organisation = bench.org  # type: ignore[attr-defined]
    via = "GET /mitarbeitende/faelle/ (cases:list)"
    request.resolver_match = resolve(request.path)

    def app(sample: tuple[str, str, str]) -> object:
        status, topic, after = sample
        # A new request: the shared cases are looked up again (selectors.shared_with).
        bench.membership.__dict__.pop("_wcr_shared_with", None)
        queryset = selectors.case_list(
            bench.membership, selectors.CaseFilters(status=status, topic=topic), today=bench.today
        )
        page = selectors.case_list_page(queryset, after=after, size=50)
        access_log_bulk_read(request, selectors.shown_in_case_rows(page.cases), purpose="list")
        return (
            page.count,
            page.more,
            page.next_after,
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
                for case in page.cases
            ],
        )

    def bare(sample: tuple[str, str, str]) -> object:
        status, topic, after = sample
        owner = (
            f"(c.organisation_id = %s OR c.id IN ({placeholders(shared)}))"
            if shared
            else ("c.organisation_id = %s")
        )
        where = (
            f"{owner} AND c.status = %s AND EXISTS (SELECT 1 FROM {t_case_topics} ct "
            f"WHERE ct.case_id = c.id AND ct.topic_id = (SELECT id FROM {t_topic} WHERE slug = %s))"
        )
        params: list[Any] = [bench.org.pk, *shared, status, topic]
        total = fetch_tuples(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {t_case} c WHERE {where} "
            "ORDER BY c.opened_on DESC, c.id DESC LIMIT %s) n",
            [*params, limit + 1],
        )[0][0]
        seek, seek_params = "", []
        if after:
            cursor = fetch_tuples(
                f"SELECT opened_on, id FROM {t_case} c WHERE {where} AND c.code = %s",
                [*params, uuid_param(after)],
            )
            if cursor:
                seek, seek_params = " AND (c.opened_on, c.id) < (%s, %s)", list(cursor[0])
        # The page first (LIMIT in a subquery), then the overdue flags for its rows only.
        page = fetch(
            f"SELECT c.*, p.*, co.*, u.*, l.*, "
            f"(EXISTS (SELECT 1 FROM {t_milestone} m WHERE m.case_id = c.id AND m.done_on IS NULL "
            f"AND m.due_on < %s) OR EXISTS (SELECT 1 FROM {t_task} t WHERE t.case_id = c.id "
            f"AND t.done_at IS NULL AND t.due_on < %s)) AS is_overdue, "
            f"p.family_name AS p_family, co.name AS co_name, u.username AS u_username, "
            f"l.slug AS l_slug, c.id AS c_id, c.code AS c_code, p.code AS p_code, "
            f"co.code AS co_code "
            f"FROM (SELECT * FROM {t_case} c WHERE {where}{seek} "
            f"ORDER BY c.opened_on DESC, c.id DESC LIMIT 51) c "
            f"LEFT JOIN {t_person} p ON p.id = c.person_id "
            f"LEFT JOIN {t_company} co ON co.id = c.company_id "
            f"LEFT JOIN {t_user} u ON u.id = c.counsellor_id "
            f"LEFT JOIN {t_location} l ON l.id = c.location_id "
            f"ORDER BY c.opened_on DESC, c.id DESC",
            [bench.today, bench.today, *params, *seek_params],
        )
        more_rows = len(page) > 50
        page = page[:50]
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
        shown = [("cases.case", str(row["c_code"]), bench.org.pk) for row in page]
        shown += [
            ("cases.person", str(row["p_code"]), bench.org.pk) for row in page if row["p_code"]
        ]
        shown += [
            ("cases.company", str(row["co_code"]), bench.org.pk) for row in page if row["co_code"]
        ]
        if shown:
            bare_access_entry(
                bench,
                object_type="several" if len({row[0] for row in shown}) > 1 else shown[0][0],
                object_code="",
                via=via,
                purpose="list",
                subjects=shown,
            )
        return (
            min(total, limit),
            total > limit,
            code_text(page[-1]["c_code"]) if page and more_rows else "",
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

    compare_and_measure(name, bench.rows, app, bare, samples)


SHARED_CASES = 200


def bench_case_list_shared(bench: Workbench) -> None:
    """The case list of an organisation that 200 open cases of other organisations are shared
    with (active ``CaseShare`` grants): the same pages as ``case_list``, now with
    ``organisation_id = … OR id IN (…)``. The grants are removed afterwards."""
    from django.utils import timezone

    from wcr.cases.models import Case, CaseShare

    others = list(
        Case.objects.exclude(organisation=bench.org)
        .exclude(status="closed")
        .order_by("id")
        .values_list("id", flat=True)[:SHARED_CASES]
    )
    now = timezone.now()
    grants = CaseShare.objects.bulk_create(
        CaseShare(case_id=case_id, organisation=bench.org, granted_at=now) for case_id in others
    )
    try:
        note(f"case_list_shared: {len(grants)} cases of other organisations shared")
        bench_case_list(bench, name="case_list_shared", shared=tuple(others))
    finally:
        CaseShare.objects.filter(pk__in=[g.pk for g in grants]).delete()
        bench.membership.__dict__.pop("_wcr_shared_with", None)


# --- Name search ----------------------------------------------------------------------------------


def bench_name_search(bench: Workbench) -> None:
    """``selectors.person_search`` for names in other order, spelling or script, first 50."""
    from wcr.cases import names as name_matching
    from wcr.cases import selectors
    from wcr.cases.models import Person

    t_person = table(Person)
    picked = list(
        Person.objects.filter(organisation=bench.org)
        .order_by("id")
        .values_list("given_name", "family_name")[
            : bench.org_persons : max(1, bench.org_persons // 12)
        ]
    )
    samples = [
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
    keys_of = {query: name_matching.search_keys(query) for query in samples}

    def app(query: str) -> object:
        return [p.pk for p in selectors.person_search(bench.membership, query)]

    def bare(query: str) -> object:
        keys = keys_of[query]
        likes = " AND ".join(["search_keys LIKE %s"] * len(keys))
        return [
            row[0]
            for row in fetch_tuples(
                f"SELECT * FROM {t_person} WHERE organisation_id = %s AND {likes} "
                "ORDER BY family_name, given_name, id LIMIT 50",
                [bench.org.pk, *(f"% {key} %" for key in keys)],
            )
        ]

    found = [len(app(query)) for query in samples]
    note(
        f"name_search: {len(samples)} queries, {min(found)}-{max(found)} results each (at most 50)"
    )
    compare_and_measure("name_search", bench.rows, app, bare, samples)


# --- Case page ------------------------------------------------------------------------------------


def case_page_samples(bench: Workbench) -> list[str]:
    """40 case codes: 20 of cases with milestones, 20 of any case, spread over the organisation."""
    from wcr.cases.models import Case

    with_work = list(
        Case.objects.filter(organisation=bench.org, milestones__isnull=False)
        .order_by("id")
        .values_list("code", flat=True)
        .distinct()[:2000:100]
    )
    any_case = list(
        Case.objects.filter(organisation=bench.org)
        .order_by("id")
        .values_list("code", flat=True)[: bench.org_cases : max(1, bench.org_cases // 20)]
    )
    return [str(code) for code in [*with_work, *any_case]]


def case_page_app(bench: Workbench) -> Any:
    """The case page's data as the view loads it: the gate (with its access-log entry), then
    ``selectors.case_page`` (timeline, milestones, checklist with documents, open tasks, worker
    cases)."""
    from django.test import RequestFactory
    from django.urls import reverse

    from wcr.cases import selectors
    from wcr.cases.access import access_case

    factory = RequestFactory()

    def page_request(code: str) -> Any:
        request = factory.get(reverse("cases:detail", args=[code]))
        request.user = bench.user
        request.membership = bench.membership  # type: ignore[attr-defined]
        request.organisation = bench.org  # type: ignore[attr-defined]
        return request

    def app(code: str) -> object:
        case = access_case(page_request(code), code)
        page = selectors.case_page(case)
        return (
            case.pk,
            case.person.family_name if case.person else None,
            [(e.on, e.kind, e.sort_key) for e in page.timeline],
            [m.pk for m in page.milestones],
            [(row.item.pk, sorted(d.pk for d in row.documents)) for row in page.checklist],
            sorted(t.pk for t in page.open_tasks),
            sorted(w.pk for w in page.worker_cases),
        )

    return app


def case_page_bare(bench: Workbench) -> Any:
    """The same rows in bare queries, the access-log entry chained in bare SQL."""
    from django.db import connection, transaction
    from django.utils import timezone

    from wcr.accounts.models import Location, Organisation, User
    from wcr.cases.models import (
        Case,
        ChecklistItem,
        Company,
        Contact,
        Document,
        Milestone,
        Person,
        Procedure,
        Task,
        Topic,
    )
    from wcr.privacy.chain import entry_hash
    from wcr.privacy.models import AccessLog, AuditEvent, ChainHead
    from wcr.privacy.services import _actor_label

    t_case, t_person, t_company = table(Case), table(Person), table(Company)
    t_user, t_location, t_org = table(User), table(Location), table(Organisation)
    t_milestone, t_task, t_contact = table(Milestone), table(Task), table(Contact)
    t_contact_topics, t_topic = table(Contact.topics.through), table(Topic)
    t_document, t_checklist, t_procedure = table(Document), table(ChecklistItem), table(Procedure)
    t_audit, t_access, t_head = table(AuditEvent), table(AccessLog), table(ChainHead)
    org_id, user = bench.org.pk, bench.user
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

    def bare(code: str) -> object:
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
        values = {
            "at": timezone.now(),
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
                [*(values[field] for field in access_fields), last_hash, digest],
            )
            cursor.execute(
                f"UPDATE {t_head} SET last_seq = %s, last_hash = %s WHERE name = 'access'",
                [values["seq"], digest],
            )
        entries: list[tuple[Any, ...]] = []
        contacts = fetch_tuples(
            f"SELECT ct.id, ct.happened_on, ct.created_at, ct.*, u.*, l.* FROM {t_contact} ct "
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
            entries.append((on, "contact", (on, as_datetime(row[2]), 3, row[0])))
        related = [case_id] + ([case["c_recruitment"]] if case["c_recruitment"] else [])
        milestones = fetch_tuples(
            f"SELECT m.id, m.case_id, m.done_on, m.due_on, m.created_at, m.procedure_id, "
            f"m.position, m.updated_at, m.*, c.*, pr.* FROM {t_milestone} m JOIN {t_case} c ON c.id = m.case_id "
            f"LEFT JOIN {t_procedure} pr ON pr.id = m.procedure_id "
            f"WHERE m.case_id IN ({placeholders(related)})",
            related,
        )
        for row in milestones:
            on = as_date(row[2] or row[3]) if (row[2] or row[3]) else local_date(row[4])
            at = as_datetime(row[7] if row[2] else row[4])
            entries.append((on, "milestone", (on, at, 2, row[0])))
        tasks = fetch_tuples(
            f"SELECT t.id, t.due_on, t.done_at, t.created_at, t.*, u.* FROM {t_task} t "
            f"JOIN {t_user} u ON u.id = t.assignee_id WHERE t.case_id = %s",
            [case_id],
        )
        for row in tasks:
            on = as_date(row[1])
            entries.append((on, "task", (on, as_datetime(row[3]), 1, row[0])))
        documents: dict[int, list[int]] = {}
        for row in fetch_tuples(
            f"SELECT d.id, d.created_at, d.checklist_item_id, d.*, u.* FROM {t_document} d "
            f"LEFT JOIN {t_user} u ON u.id = d.uploaded_by_id WHERE d.case_id = %s",
            [case_id],
        ):
            on = local_date(row[1])
            entries.append((on, "document", (on, as_datetime(row[1]), 4, row[0])))
            if row[2] is not None:
                documents.setdefault(row[2], []).append(row[0])
        for row in fetch_tuples(
            f"SELECT seq, at, changes, a.* FROM {t_audit} a WHERE object_code = %s "
            f"AND action IN ({placeholders(shown)}) ORDER BY seq",
            [code, *shown],
        ):
            on = local_date(row[1])
            changes = json.loads(row[2]) if isinstance(row[2], str) else row[2]
            kind = "status" if "status" in changes else "other"
            entries.append((on, kind, (on, as_datetime(row[1]), 5, row[0])))
        entries.sort(key=lambda entry: entry[2], reverse=True)
        checklist = fetch_tuples(
            f"SELECT id, * FROM {t_checklist} WHERE case_id = %s ORDER BY id", [case_id]
        )
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

    return bare


def bench_case_page_sql(bench: Workbench) -> None:
    """The case page's data (``case_page``) against the same rows in bare SQL."""
    compare_and_measure(
        "case_page",
        bench.rows,
        case_page_app(bench),
        case_page_bare(bench),
        case_page_samples(bench),
    )


def bench_case_page_rendered(bench: Workbench) -> None:
    """The same page through the whole stack (``django.test.Client`` signed in: middleware,
    session, access log, template rendering) against the bare SQL of its data, measured here."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from wcr.core.testing.base import sign_in
    from wcr.privacy.chain import verify

    samples = case_page_samples(bench)
    bare = case_page_bare(bench)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = sign_in(Client(), bench.user)

    def rendered(code: str) -> object:
        response = client.get(reverse("cases:detail", args=[code]))
        assert response.status_code == 200, response.status_code
        return response

    warm_up(rendered, bare, samples=samples)
    result = measure(cycled(rendered, samples), SAMPLES)
    baseline = measure(cycled(bare, samples), SAMPLES)
    report("case_page_render", bench.rows, result, baseline)
    problem = verify("access")[1]
    assert problem is None, problem  # the bare-SQL entries are proper chain entries too


# --- Duplicate check ------------------------------------------------------------------------------

Probe = tuple[str, str, datetime.date | None, str]


def bench_duplicate_check(bench: Workbench) -> None:
    """The person form's warning for the names and birth dates of 24 generated persons, every
    second one with given and family name swapped, scored by ``names.duplicate_score``."""
    from django.db import connection

    from wcr.cases import names as name_matching
    from wcr.cases import selectors
    from wcr.cases.models import Person, PersonName

    t_person, t_name = table(Person), table(PersonName)
    probes: list[Probe] = []
    for index, person in enumerate(
        Person.objects.filter(organisation=bench.org)
        .order_by("id")
        .only("given_name", "family_name", "birth_date", "birth_date_precision")[
            7 : bench.org_persons : max(1, bench.org_persons // 24)
        ]
    ):
        given, family = person.given_name, person.family_name
        if index % 2:
            given, family = family, given
        probes.append((given, family, person.birth_date, person.birth_date_precision))

    def app(probe: Probe) -> object:
        given, family, born, precision = probe
        return [
            (d.person.pk, d.score, d.reasons)
            for d in selectors.duplicate_candidates(
                bench.membership,
                given_name=given,
                family_name=family,
                birth_date=born,
                birth_date_precision=precision,
            )
        ]

    def bare_rows(probe: Probe) -> tuple[list[tuple[Any, ...]], dict[int, list[tuple[str, str]]]]:
        given, family, born, precision = probe
        family_keys = name_matching.search_keys(family)
        given_keys = name_matching.search_keys(given)
        params: list[Any] = [bench.org.pk]

        def shares(keys: list[str]) -> str:
            # As selectors.shares_a_key: the name-key GIN index on PostgreSQL, LIKE elsewhere.
            if not keys:
                return "FALSE"
            if connection.vendor == "postgresql":
                params.append(keys)
                return "string_to_array(btrim(search_keys), ' ') && %s::text[]"
            params.extend(f"% {key} %" for key in keys)
            return "(" + " OR ".join(["search_keys LIKE %s"] * len(keys)) + ")"

        if born is None:
            condition = shares(family_keys)
        else:
            year = [datetime.date(born.year, 1, 1), datetime.date(born.year, 12, 31)]
            if precision != "unknown":
                # Born that year and sharing a key, or without a date and sharing a family key:
                # only those can reach the threshold.
                any_key = f"({shares(family_keys)} OR {shares(given_keys)})"
                params.extend(year)
                no_date = "(birth_date IS NULL OR birth_date_precision = 'unknown')"
                condition = (
                    f"(({any_key} AND birth_date BETWEEN %s AND %s) "
                    f"OR ({no_date} AND {shares(family_keys)})"
                )
                if (
                    precision == "day"
                    and not name_matching.is_placeholder_date(born)
                    and family_keys
                    and given_keys
                ):
                    # The year mistyped by one digit: those exact dates, sharing both keys.
                    slipped = name_matching.slipped_dates(born)
                    params.extend(slipped)
                    condition += (
                        f" OR (birth_date IN ({placeholders(slipped)}) "
                        f"AND {shares(family_keys)} AND {shares(given_keys)})"
                    )
                condition += ")"
            else:
                condition = f"({shares(family_keys)} OR ({shares(given_keys)} "
                params.extend(year)
                condition += "AND birth_date BETWEEN %s AND %s))"
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

    def bare(probe: Probe) -> object:
        given, family, born, precision = probe
        candidates, variants = bare_rows(probe)
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

    sizes = [len(bare_rows(probe)[0]) for probe in probes]
    note(
        f"duplicate_check: {len(probes)} probes, {min(sizes)}-{max(sizes)} candidates each "
        "from SQL, scored by names.duplicate_score (in the baseline too)"
    )
    compare_and_measure("duplicate_check", bench.rows, app, bare, probes)
    sql_only = measure(cycled(bare_rows, probes), SAMPLES)
    note(f"duplicate_check: its bare SQL alone p50_ms={sql_only[0]:.2f} p95_ms={sql_only[1]:.2f}")
