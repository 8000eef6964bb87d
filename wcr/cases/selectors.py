"""Reads of the case workbench. Each list costs the same number of queries for 10 rows or 10 000."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from wcr.accounts.models import Membership
from wcr.cases import names as name_matching
from wcr.cases.models import (
    Case,
    CaseShare,
    CaseStatus,
    ChecklistItem,
    Company,
    Contact,
    DatePrecision,
    Document,
    Milestone,
    Person,
    Task,
)
from wcr.privacy.models import AuditEvent
from wcr.privacy.sentences import Description, describe

# --- Visibility -----------------------------------------------------------------------------------
# A membership sees its own organisation's records and those of the cases shared with it (an
# active ``CaseShare`` of an open case): exactly these functions, used by every gate and list.
# The shared cases are looked up first (one indexed query; usually none), so a list of one's own
# cases keeps its plain ``organisation_id = …`` query and its index-ordered pages.


@dataclass(frozen=True)
class SharedWith:
    """What is shared with an organisation now: case, person and company keys."""

    cases: frozenset[int]
    persons: frozenset[int]
    companies: frozenset[int]


def active_shares(organisation_id: int) -> QuerySet[CaseShare]:
    """The grants in force for ``organisation_id``: not ended, of a case that is not closed."""
    return CaseShare.objects.filter(organisation_id=organisation_id, ended_at__isnull=True).exclude(
        case__status=CaseStatus.CLOSED
    )


def shared_with(membership: Membership) -> SharedWith:
    """What is shared with the membership's organisation, looked up once per membership object:
    the acting membership lives for one request (``wcr.accounts.middleware``), so a page that
    asks several times costs one query, and a grant or an end takes effect with the next
    request. Code that changes shares and reads again in one go passes a fresh membership."""
    cached: SharedWith | None = getattr(membership, "_wcr_shared_with", None)
    if cached is not None:
        return cached
    rows = list(
        active_shares(membership.organisation_id)
        .exclude(case__organisation_id=membership.organisation_id)
        .order_by()
        .values_list("case_id", "case__person_id", "case__company_id")
    )
    found = SharedWith(
        cases=frozenset(case for case, _p, _c in rows),
        persons=frozenset(person for _case, person, _c in rows if person is not None),
        companies=frozenset(company for _case, _p, company in rows if company is not None),
    )
    membership._wcr_shared_with = found  # type: ignore[attr-defined]
    return found


def cases_visible_to(membership: Membership) -> QuerySet[Case]:
    own = Q(organisation_id=membership.organisation_id)
    shared = shared_with(membership).cases
    return Case.objects.filter(own | Q(pk__in=shared) if shared else own)


def persons_visible_to(membership: Membership) -> QuerySet[Person]:
    own = Q(organisation_id=membership.organisation_id)
    shared = shared_with(membership).persons
    return Person.objects.filter(own | Q(pk__in=shared) if shared else own)


def companies_visible_to(membership: Membership) -> QuerySet[Company]:
    own = Q(organisation_id=membership.organisation_id)
    shared = shared_with(membership).companies
    return Company.objects.filter(own | Q(pk__in=shared) if shared else own)


def case_shares_in_force(case: Case) -> list[CaseShare]:
    """Who else sees the case now (for its owner's page)."""
    if case.status == CaseStatus.CLOSED:
        return []
    return list(
        CaseShare.objects.filter(case=case, ended_at__isnull=True)
        .select_related("organisation")
        .prefetch_related("documents")
        .order_by("granted_at", "id")
    )


def case_share_for(membership: Membership, case: Case) -> CaseShare | None:
    """The grant through which ``membership`` sees ``case``; None for the owner (sees all)."""
    if case.organisation_id == membership.organisation_id:
        return None
    return active_shares(membership.organisation_id).filter(case=case).first()


# --- Case lists -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    topic: str = ""
    location: str = ""
    counsellor: str = ""  # a user's code, or "none" for unassigned
    overdue: bool = False
    open_only: bool = False


def overdue_condition(today: datetime.date) -> Q:
    late_milestone = Milestone.objects.filter(
        case=OuterRef("pk"), done_on__isnull=True, due_on__lt=today
    )
    late_task = Task.objects.filter(case=OuterRef("pk"), done_at__isnull=True, due_on__lt=today)
    return Q(Exists(late_milestone)) | Q(Exists(late_task))


def case_list(
    membership: Membership, filters: CaseFilters, *, today: datetime.date
) -> QuerySet[Case]:
    cases = cases_visible_to(membership)
    if filters.status:
        cases = cases.filter(status=filters.status)
    elif filters.open_only:
        cases = cases.exclude(status=CaseStatus.CLOSED)
    if filters.topic:
        cases = cases.filter(topics__slug=filters.topic)
    if filters.location:
        cases = cases.filter(location__slug=filters.location)
    if filters.counsellor == "none":
        cases = cases.filter(counsellor__isnull=True)
    elif filters.counsellor:
        counsellor_code = _uuid_or_none(filters.counsellor)
        cases = cases.filter(counsellor__code=counsellor_code) if counsellor_code else cases.none()
    if filters.overdue:
        cases = cases.filter(overdue_condition(today))
    # ``is_overdue`` as "first late milestone/task IS NOT NULL" (scalar subqueries), not as EXISTS:
    # PostgreSQL may turn an EXISTS in the select list into a hashed subplan that reads every open
    # milestone and task of the database before the first row, even for a page of 50 cases; a
    # scalar subquery is evaluated only for the rows returned (an index lookup each).
    late_milestone = (
        Milestone.objects.filter(case=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
        .order_by()
        .values("pk")[:1]
    )
    late_task = (
        Task.objects.filter(case=OuterRef("pk"), done_at__isnull=True, due_on__lt=today)
        .order_by()
        .values("pk")[:1]
    )
    return (
        cases.select_related("person", "company", "counsellor", "location")
        .prefetch_related("topics")
        .alias(late_milestone=Subquery(late_milestone), late_task=Subquery(late_task))
        .annotate(
            is_overdue=ExpressionWrapper(
                Q(late_milestone__isnull=False) | Q(late_task__isnull=False),
                output_field=BooleanField(),
            )
        )
        .order_by("-opened_on", "-id")
    )


# A page of a list: seek pagination (the rows after, or before, the case named in the link), so a
# page costs the same on the first page and the thousandth, and a count that stops at
# COUNT_LIMIT + 1 rows ("more than 200"): counting every match would read the organisation's
# whole caseload for each page shown.
# Measured: counting to 1 000 through a topic filter cost 137 ms at 250 000 people.
COUNT_LIMIT = 200


@dataclass(frozen=True)
class CaseListPage:
    cases: list[Case]
    count: int  # the matching cases, at most COUNT_LIMIT
    more: bool  # more than COUNT_LIMIT match
    next_after: str  # the code to pass as ``after`` for the next page; "" on the last page
    previous_before: str  # the code to pass as ``before`` for the previous page; "" on the first

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_after or self.previous_before)


def case_list_page(
    cases: QuerySet[Case], *, after: str = "", before: str = "", size: int = 50
) -> CaseListPage:
    """One page of ``cases`` (a ``case_list``) in its order, newest first: the first page, the
    page after the case coded ``after`` or the page before the case coded ``before``. A code that
    is not (or no longer) in the list gives the first page."""
    cursor = _cursor(cases, after or before)
    forward = not (before and cursor)
    rows = cases
    if cursor is not None:
        opened_on, pk = cursor
        if forward:
            rows = rows.filter(opened_on__lte=opened_on).filter(
                Q(opened_on__lt=opened_on) | Q(pk__lt=pk)
            )
        else:
            rows = rows.filter(opened_on__gte=opened_on).filter(
                Q(opened_on__gt=opened_on) | Q(pk__gt=pk)
            )
            rows = rows.order_by("opened_on", "id")
    found = list(rows[: size + 1])
    extra = len(found) > size
    found = found[:size]
    if not forward:
        found.reverse()
    # In the list's order: the planner then walks the index of that order (case_org_status_opened
    # and the like) and stops after COUNT_LIMIT + 1 matches; without it, it may join all cases of
    # every organisation with their topics to find them.
    counted = cases.values("pk")[: COUNT_LIMIT + 1].count()
    if forward:
        has_next, has_previous = extra, cursor is not None
    else:
        has_next, has_previous = True, extra
    return CaseListPage(
        cases=found,
        count=min(counted, COUNT_LIMIT),
        more=counted > COUNT_LIMIT,
        next_after=str(found[-1].code) if found and has_next else "",
        previous_before=str(found[0].code) if found and has_previous else "",
    )


def shown_in_case_rows(cases: Iterable[Case]) -> list[Model]:
    """What rows of cases show, for the access log: the cases, and the persons and companies
    named in them ("who accessed this person" finds the list)."""
    cases = list(cases)
    shown: list[Model] = list(cases)
    shown += [case.person for case in cases if case.person is not None]
    shown += [case.company for case in cases if case.company is not None]
    return shown


def _cursor(cases: QuerySet[Case], code: str) -> tuple[datetime.date, int] | None:
    value = _uuid_or_none(code) if code else None
    if value is None:
        return None
    return cases.order_by().filter(code=value).values_list("opened_on", "id").first()


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


# --- Inbox and caseloads --------------------------------------------------------------------------


def inbox_cases(membership: Membership) -> QuerySet[Case]:
    """The inbox: the new cases (requests nobody has counselled yet) the membership may see."""
    return cases_visible_to(membership).filter(status=CaseStatus.NEW)


@dataclass(frozen=True)
class InboxSelection:
    """Cases chosen on the inbox page by their codes, sorted by what the team lead may do."""

    cases: list[Case]  # in the inbox: may be assigned
    left_inbox: list[Case]  # visible, but no longer new
    not_visible: int  # codes that name no case the membership may see (or none at all)


def inbox_selection(membership: Membership, codes: Iterable[str]) -> InboxSelection:
    codes = list(codes)
    wanted = {code for code in (_uuid_or_none(value) for value in codes) if code is not None}
    invalid = len({value for value in codes if _uuid_or_none(value) is None})
    found = list(
        cases_visible_to(membership)
        .filter(code__in=wanted)
        .select_related("person", "company", "organisation")
        .order_by("reference")
    )
    return InboxSelection(
        cases=[case for case in found if case.status == CaseStatus.NEW],
        left_inbox=[case for case in found if case.status != CaseStatus.NEW],
        not_visible=invalid + len(wanted) - len(found),
    )


@dataclass(frozen=True)
class Caseload:
    open_cases: int = 0
    open_tasks: int = 0
    overdue_tasks: int = 0


def caseloads(membership: Membership, *, today: datetime.date) -> dict[int, Caseload]:
    """Per user id: the open cases of the membership's organisation they are responsible for,
    and their open and overdue tasks there. Two grouped counts, whatever the team's size."""
    org_id = membership.organisation_id
    cases = dict(
        cases_visible_to(membership)
        .filter(organisation_id=org_id, counsellor__isnull=False)
        .exclude(status=CaseStatus.CLOSED)
        .order_by()
        .values("counsellor_id")
        .annotate(n=Count("id"))
        .values_list("counsellor_id", "n")
    )
    tasks = {
        row["assignee_id"]: row
        for row in Task.objects.filter(organisation_id=org_id, done_at__isnull=True)
        .order_by()
        .values("assignee_id")
        .annotate(open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    }
    return {
        user_id: Caseload(
            open_cases=cases.get(user_id, 0),
            open_tasks=tasks[user_id]["open"] if user_id in tasks else 0,
            overdue_tasks=tasks[user_id]["overdue"] if user_id in tasks else 0,
        )
        for user_id in {*cases, *tasks}
    }


# --- Search ---------------------------------------------------------------------------------------

_PHONE = re.compile(r"^[+()\d][\d\s()/.-]{5,}$")
PHONE_MIN_DIGITS = 6  # fewer digits match too many numbers to be a phone search


@dataclass(frozen=True)
class SearchResult:
    persons: list[Person]
    companies: list[Company]
    cases: list[Case]
    # False when the term holds nothing to search for (no name key, no phone digits).
    searchable: bool = True


def phone_digits(value: str) -> str:
    return re.sub(r"\D", "", value)


# A case reference as people type or read it: any case, with or without dashes or spaces, the
# number with or without its leading zeros (``kia 2026 42`` is ``KIA-2026-0042``).
_REFERENCE = re.compile(r"^([A-Z]{2,5})[-\s]*(\d{4})[-\s]*(\d{1,9})$")


def normalise_reference(query: str) -> str | None:
    """The case reference ``query`` spells, in its stored form, or None if it spells none."""
    match = _REFERENCE.match(query.strip().upper())
    if match is None:
        return None
    prefix, year, number = match.groups()
    return f"{prefix}-{year}-{int(number):04d}"


def search(membership: Membership, query: str, *, limit: int = 50) -> SearchResult:
    """One search box: names (any script, order and transliteration), email, phone, case code
    and case reference."""
    query = query.strip()
    if not query:
        return SearchResult([], [], [])
    reference = normalise_reference(query)
    if reference is not None:
        cases = list(
            cases_visible_to(membership)
            .filter(reference=reference)
            .select_related("person", "company")
        )
        return SearchResult([], [], cases)
    code = _uuid_or_none(query)
    if code is not None:
        cases = list(
            cases_visible_to(membership).filter(code=code).select_related("person", "company")
        )
        persons = list(persons_visible_to(membership).filter(code=code))
        companies = list(companies_visible_to(membership).filter(code=code))
        return SearchResult(persons, companies, cases)
    if "@" in query:
        persons = list(persons_visible_to(membership).filter(email__iexact=query)[:limit])
        companies = list(companies_visible_to(membership).filter(email__iexact=query)[:limit])
        return SearchResult(persons, companies, [])
    digits = phone_digits(query)
    if _PHONE.match(query) and len(digits) >= PHONE_MIN_DIGITS:
        persons = list(
            persons_visible_to(membership).filter(phone__contains=digits[-6:])[: limit * 4]
        )
        persons = [p for p in persons if phone_digits(p.phone).endswith(digits[-9:])][:limit]
        return SearchResult(persons, [], [])
    if keys_condition(query) is None:
        return SearchResult([], [], [], searchable=False)
    return SearchResult(
        person_search(membership, query, limit=limit),
        company_search(membership, query, limit=limit),
        [],
    )


def keys_condition(query: str, column: str = "search_keys") -> Q | None:
    keys = name_matching.search_keys(query)
    if not keys:
        return None
    condition = Q()
    for key in keys:
        condition &= Q(**{f"{column}__contains": f" {key} "})
    return condition


def person_search(membership: Membership, query: str, *, limit: int = 50) -> list[Person]:
    condition = keys_condition(query)
    if condition is None:
        return []
    return list(
        persons_visible_to(membership)
        .filter(condition)
        .order_by("family_name", "given_name", "id")[:limit]
    )


def company_search(membership: Membership, query: str, *, limit: int = 50) -> list[Company]:
    condition = keys_condition(query)
    if condition is None:
        return []
    return list(companies_visible_to(membership).filter(condition).order_by("name", "id")[:limit])


# --- Duplicates -----------------------------------------------------------------------------------


def shares_a_key(keys: list[str]) -> Q:
    """The person shares at least one of ``keys`` (a false condition for none).

    On PostgreSQL an overlap of the person's keys as an array, which the GIN index
    ``person_name_keys`` answers with the persons holding exactly these keys (migration 0005); the
    trigram index behind ``LIKE '% key %'`` has to combine the trigrams of short skeleton keys
    ("hsn"), which many more persons contain. Elsewhere the LIKE conditions.
    """
    if not keys:
        return Q(pk__in=[])
    if connection.vendor == "postgresql":
        # The SQL is a constant (the table name comes from the model); the keys are a parameter.
        return Q(
            RawSQL(  # noqa: S611
                f'string_to_array(btrim("{Person._meta.db_table}"."search_keys"), \' \') '
                "&& %s::text[]",
                (list(keys),),
                output_field=BooleanField(),
            )
        )
    condition = Q()
    for key in keys:
        condition |= Q(search_keys__contains=f" {key} ")
    return condition


# The highest score names.duplicate_score gives when both birth dates are known but differ in the
# year (0.4) or are precise and different (0.45).
_MAX_SCORE_OTHER_YEAR = 0.45


@dataclass(frozen=True)
class Duplicate:
    person: Person
    score: float
    reasons: tuple[str, ...]


CANDIDATE_LIMIT = 500  # scored per check; far above what one name and birth year yield


def duplicate_candidates(
    membership: Membership,
    *,
    given_name: str,
    family_name: str,
    birth_date: datetime.date | None,
    birth_date_precision: str = DatePrecision.DAY,
    exclude: Person | None = None,
    limit: int = 10,
) -> list[Duplicate]:
    """Likely duplicates among the persons the membership may see, best first.

    Candidates share a family-name key (or a given-name key and the birth year); each is scored
    by ``names.duplicate_score`` over all its name variants.
    """
    family_keys = name_matching.search_keys(family_name)
    given_keys = name_matching.search_keys(given_name)
    if not family_keys and not given_keys:
        return []
    any_family = shares_a_key(family_keys)
    any_given = shares_a_key(given_keys)
    # Only the organisation's own records: a person seen through a share belongs to another
    # controller, and a new case must be opened for one's own record.
    candidates = persons_visible_to(membership).filter(organisation_id=membership.organisation_id)
    if birth_date is not None:
        # Names in swapped order: a given-name key with the same birth year also qualifies.
        same_year = Q(birth_date__year=birth_date.year)
        if (
            birth_date_precision != DatePrecision.UNKNOWN
            and name_matching.DUPLICATE_THRESHOLD > _MAX_SCORE_OTHER_YEAR
        ):
            # With a known date on both sides, a different birth year keeps the score at or below
            # _MAX_SCORE_OTHER_YEAR (see names.duplicate_score), under the threshold, unless the
            # year is mistyped (below): only persons born that year or with an unknown date can be
            # duplicates. Written as "born that
            # year and sharing a key, or without a date and sharing a family-name key" (the same
            # set as "a family key, or a given key and that year; and that year or no date"), so
            # each part is an index range (person_org_birth, person_org_no_birth_date) combined
            # with the name-key index: the query reads the candidates, not every namesake.
            no_date = Q(birth_date__isnull=True) | Q(birth_date_precision=DatePrecision.UNKNOWN)
            wanted = (same_year & (any_family | any_given)) | (no_date & any_family)
            if (
                birth_date_precision == DatePrecision.DAY
                and not name_matching.is_placeholder_date(birth_date)
                and family_keys
                and given_keys
            ):
                # A year mistyped by one digit (1985/1986, 1985/1958) still warns when the names
                # agree: a few exact dates (person_org_birth), sharing a family and a given key.
                slipped = name_matching.slipped_dates(birth_date)
                wanted |= Q(birth_date__in=slipped) & any_family & any_given
            candidates = candidates.filter(wanted)
        else:
            candidates = candidates.filter(any_family | (any_given & same_year))
    else:
        # Without a date the names alone decide, so a duplicate shares a family-name key and a
        # given-name key (in either field: search_keys holds all of a person's name keys).
        if family_keys and given_keys:
            candidates = candidates.filter(any_family & any_given)
        else:
            candidates = candidates.filter(any_family if family_keys else any_given)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    probe = name_matching.NameRecord(
        given_names=(given_name,),
        family_names=(family_name,),
        birth_date=birth_date,
        birth_date_precision=birth_date_precision,
    )
    found: list[Duplicate] = []
    for person in candidates.order_by("id").prefetch_related("names")[:CANDIDATE_LIMIT]:
        variants = list(person.names.all())
        record = name_matching.NameRecord(
            given_names=(person.given_name, *(v.given_name for v in variants if v.given_name)),
            family_names=(person.family_name, *(v.family_name for v in variants if v.family_name)),
            birth_date=person.birth_date,
            birth_date_precision=person.birth_date_precision,
        )
        match = name_matching.duplicate_score(probe, record)
        if match.score >= name_matching.DUPLICATE_THRESHOLD:
            found.append(Duplicate(person, match.score, match.reasons))
    found.sort(key=lambda d: (-d.score, d.person.family_name, d.person.pk))
    return found[:limit]


def cases_of_persons(membership: Membership, persons: Iterable[Person]) -> dict[int, list[Case]]:
    """The cases of ``persons`` that the membership may see, newest first, by person id (one
    query): the duplicate warning lists them beside each likely duplicate."""
    found: dict[int, list[Case]] = {}
    ids = [person.pk for person in persons]
    if not ids:
        return found
    for case in (
        cases_visible_to(membership).filter(person_id__in=ids).order_by("-opened_on", "-id")
    ):
        assert case.person_id is not None
        found.setdefault(case.person_id, []).append(case)
    return found


# --- Timeline -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    on: datetime.date
    sort_key: tuple[Any, ...]
    kind: str  # contact, milestone, task, document, status, other
    obj: Any
    description: Description | None = None  # the words of an audit event (status, other)


# The audit events the timeline shows: those with no row of their own on the page (a logged
# contact, a task, a milestone or a document appears as that row).
TIMELINE_EVENTS = frozenset(
    {
        "case.opened",
        "case.status_changed",
        "case.reopened",
        "case.assigned",
        "case.updated",
        "procedure.started",
        "checklist.status",
        "navigator.assessment_saved",
        "document.removed",  # the document's row is gone with it
        "case.appointment",  # an appointment booked through the portal (wcr.portal.booking)
        "case.shared",
        "case.share_ended",
        "case.transferred",
        # Referrals (wcr.referrals) write their events on the case they are about.
        "referral.sent",
        "referral.accepted",
        "referral.declined",
        "referral.completed",
        "referral.unsuccessful",
        "referral.revoked",
        "referral.expired",
        "referral.reminded",
        "referral.feedback",
    }
)


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Everything that happened on the case, newest first: contacts, milestones (also those of the
    linked recruitment or worker cases), tasks, documents and the changes of the audit trail.

    Entries of one day are in the order they were recorded (a contact logged after the case was
    opened is above the opening); an entry's date is the day it is about (a contact's day, a
    task's due date), its time the moment it was recorded.
    """
    # The entries are sorted by their (unique) sort keys at the end, so the queries need no ORDER
    # BY (``order_by()`` drops the models' default orderings: less to compile and to sort).
    entries: list[TimelineEntry] = [
        TimelineEntry(
            contact.happened_on,
            (contact.happened_on, contact.created_at, 3, contact.pk),
            "contact",
            contact,
        )
        for contact in case.contacts.order_by()
        .select_related("counsellor", "location")
        .prefetch_related("topics")
    ]
    related = [case.pk]
    if case.recruitment_case_id:
        related.append(case.recruitment_case_id)
    milestones = (
        Milestone.objects.filter(case_id__in=related).order_by().select_related("case", "procedure")
    )
    for milestone in milestones:
        on = milestone.done_on or milestone.due_on or timezone.localdate(milestone.created_at)
        at = milestone.updated_at if milestone.done_on else milestone.created_at
        entries.append(TimelineEntry(on, (on, at, 2, milestone.pk), "milestone", milestone))
    entries.extend(
        TimelineEntry(task.due_on, (task.due_on, task.created_at, 1, task.pk), "task", task)
        for task in case.tasks.order_by().select_related("assignee")
    )
    for document in (
        Document.objects.filter(case=case)
        .order_by()
        .select_related("uploaded_by", "checklist_item")
    ):
        on = timezone.localdate(document.created_at)
        entries.append(
            TimelineEntry(on, (on, document.created_at, 4, document.pk), "document", document)
        )
    events = list(
        AuditEvent.objects.filter(object_code=str(case.code), action__in=TIMELINE_EVENTS)
        .select_related("actor")
        .order_by("seq")
    )
    # The users and topics the page already holds need no lookup of their display names.
    users = {e.actor for e in events if e.actor is not None}
    users |= {e.obj.counsellor for e in entries if e.kind == "contact" and e.obj.counsellor}
    users |= {e.obj.assignee for e in entries if e.kind == "task"}
    if case.counsellor_id is not None and case.counsellor is not None:
        users.add(case.counsellor)
    topics = {t for e in entries if e.kind == "contact" for t in e.obj.topics.all()}
    # Prefetched, so the page's topic row uses the same query.
    prefetch_related_objects([case], "topics")
    topics |= set(case.topics.all())
    known = {
        "user": {user.username: str(user) for user in users},
        "topic": {topic.slug: str(topic) for topic in topics},
    }
    for event, description in zip(events, describe(events, known=known), strict=True):
        on = timezone.localdate(event.at)
        entries.append(
            TimelineEntry(
                on,
                (on, event.at, 5, event.seq),
                "status" if "status" in event.changes else "other",
                event,
                description,
            )
        )
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    documents: list[Document]  # uploaded for this item, newest first


@dataclass(frozen=True)
class CasePage:
    """What the case page shows besides the case itself (``access_case`` loads that)."""

    timeline: list[TimelineEntry]
    milestones: list[Milestone]  # the case's own, by procedure and position
    open_tasks: list[Task]  # by due date
    checklist: list[ChecklistRow]
    worker_cases: list[Case]
    documents: list[Document]  # newest first


def case_page(case: Case) -> CasePage:
    """The case page's rows in a fixed number of queries (``test_case_page_queries`` pins it):
    the timeline's, one for the checklist, one for the worker cases. The milestone table, the
    open tasks, the document list and the checklist's documents come from the timeline's rows,
    not from queries of their own."""
    timeline = case_timeline(case)
    milestones = sorted(
        (e.obj for e in timeline if e.kind == "milestone" and e.obj.case_id == case.pk),
        key=lambda m: (m.procedure_id or 0, m.position, m.pk),
    )
    open_tasks = sorted(
        (e.obj for e in timeline if e.kind == "task" and e.obj.done_at is None),
        key=lambda t: (t.due_on, t.pk),
    )
    all_documents = sorted(
        (e.obj for e in timeline if e.kind == "document"),
        key=lambda d: (d.created_at, d.pk),
        reverse=True,
    )
    documents: dict[int, list[Document]] = {}
    for document in all_documents:
        if document.checklist_item_id is not None:
            documents.setdefault(document.checklist_item_id, []).append(document)
    checklist = [
        ChecklistRow(item, documents.get(item.pk, []))
        for item in ChecklistItem.objects.filter(case=case)
    ]
    return CasePage(
        # A milestone of the case neither done nor due is a step still ahead, not something that
        # happened: the procedures table lists it, the timeline does not (the recruitment case's
        # milestones are in no table of this page, so the timeline keeps them all).
        timeline=[
            e
            for e in timeline
            if e.kind != "milestone"
            or e.obj.case_id != case.pk
            or e.obj.done_on is not None
            or e.obj.due_on is not None
        ],
        milestones=milestones,
        open_tasks=open_tasks,
        checklist=checklist,
        worker_cases=list(case.worker_cases.select_related("person")),
        documents=all_documents,
    )


def overdue_tasks(membership: Membership, *, today: datetime.date) -> QuerySet[Task]:
    return (
        Task.objects.filter(
            organisation_id=membership.organisation_id,
            assignee_id=membership.user_id,
            done_at__isnull=True,
            due_on__lte=today,
        )
        .select_related("case", "case__person", "case__company")
        .order_by("due_on", "id")
    )


def open_tasks_for(membership: Membership) -> QuerySet[Task]:
    return (
        Task.objects.filter(
            organisation_id=membership.organisation_id,
            assignee_id=membership.user_id,
            done_at__isnull=True,
        )
        .select_related("case", "case__person", "case__company")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class SharedCasePage:
    """What an organisation sees of a case shared with it: the summary, and what was granted."""

    share: CaseShare
    milestones: list[Milestone]
    contacts: list[Contact]  # empty unless the contacts were granted
    documents: list[Document]  # the chosen ones


def shared_case_page(case: Case, share: CaseShare) -> SharedCasePage:
    return SharedCasePage(
        share=share,
        milestones=list(
            Milestone.objects.filter(case=case).order_by("procedure_id", "position", "pk")
        ),
        contacts=list(
            Contact.objects.filter(case=case)
            .select_related("counsellor")
            .order_by("-happened_on", "-id")
        )
        if share.with_contacts
        else [],
        documents=list(share.documents.order_by("-created_at", "-id")),
    )
