"""Cases: open, update, status changes, assignment; counselling contacts."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wcr.accounts.models import Location, Organisation, User
from wcr.accounts.services import organisation_reference_prefix
from wcr.cases.models import (
    Case,
    CaseReferenceCounter,
    CaseStatus,
    Company,
    Contact,
    Person,
    ShareEnd,
    Topic,
)
from wcr.cases.services._common import audit_value, versioned_update
from wcr.cases.services.sharing import case_shares_end_all
from wcr.privacy.services import audit_record


def case_reference_block(*, organisation: Organisation, year: int, count: int = 1) -> list[str]:
    """The next ``count`` references of ``organisation`` in ``year`` (``KIA-2026-0042``),
    taken from its counter row, which stays locked (``SELECT … FOR UPDATE`` on PostgreSQL; the
    write lock of an immediate transaction on SQLite) until the caller's transaction ends: two
    cases opened at once get consecutive numbers, never the same. The unique constraint on
    ``Case.reference`` is the last line of defence."""
    prefix = organisation_reference_prefix(organisation=organisation)
    with transaction.atomic():
        counter, _created = CaseReferenceCounter.objects.select_for_update().get_or_create(
            organisation=organisation, year=year
        )
        first = counter.last_number + 1
        counter.last_number += count
        counter.save(update_fields=["last_number"])
    return [f"{prefix}-{year}-{number:04d}" for number in range(first, first + count)]


def case_open(
    *,
    actor: User,
    organisation: Organisation,
    person: Person | None = None,
    company: Company | None = None,
    location: Location | None = None,
    counsellor: User | None = None,
    topics: Iterable[Topic] = (),
    channel: str = "other",
    title: str = "",
    opened_on: datetime.date | None = None,
    recruitment_case: Case | None = None,
    esf_participant: bool = False,
) -> Case:
    if person is None and company is None:
        raise ValueError("a case needs a person, a company or both")
    for owned in (person, company, recruitment_case):
        if owned is not None and owned.organisation_id != organisation.pk:
            raise ValueError("person, company and recruitment case must belong to the organisation")
    opened_on = opened_on or timezone.localdate()
    with transaction.atomic():
        (reference,) = case_reference_block(organisation=organisation, year=opened_on.year)
        case = Case.objects.create(
            organisation=organisation,
            reference=reference,
            person=person,
            company=company,
            location=location,
            counsellor=counsellor,
            channel=channel,
            title=title,
            opened_on=opened_on,
            recruitment_case=recruitment_case,
            esf_participant=esf_participant,
        )
        topic_list = list(topics)
        case.topics.set(topic_list)
        audit_record(
            actor=actor,
            organisation=organisation,
            action="case.opened",
            obj=case,
            changes={
                "status": {"old": None, "new": case.status},
                "reference": {"old": None, "new": case.reference},
                "person": {"old": None, "new": audit_value(person)},
                "company": {"old": None, "new": audit_value(company)},
                "counsellor": {
                    "old": None,
                    "new": counsellor.get_username() if counsellor else None,
                },
                "topics": {"old": None, "new": sorted(t.slug for t in topic_list)},
            },
        )
    return case


def case_update(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    changes: Mapping[str, Any],
    topics: Iterable[Topic] | None = None,
) -> Case:
    """Change a case's details (not its status: see ``case_change_status``)."""
    with transaction.atomic():
        diff = versioned_update(case, expected_version=expected_version, changes=changes)
        if topics is not None:
            topic_list = list(topics)
            old = sorted(case.topics.values_list("slug", flat=True))
            new = sorted(t.slug for t in topic_list)
            if old != new:
                case.topics.set(topic_list)
                diff["topics"] = {"old": old, "new": new}
        if diff:
            audit_record(
                actor=actor,
                organisation=case.organisation,
                action="case.updated",
                obj=case,
                changes=diff,
            )
    return case


ALLOWED_TRANSITIONS = {
    CaseStatus.NEW: {CaseStatus.COUNSELLING, CaseStatus.ACCOMPANIMENT, CaseStatus.CLOSED},
    CaseStatus.COUNSELLING: {CaseStatus.ACCOMPANIMENT, CaseStatus.CLOSED},
    CaseStatus.ACCOMPANIMENT: {CaseStatus.COUNSELLING, CaseStatus.CLOSED},
    CaseStatus.CLOSED: {CaseStatus.COUNSELLING},  # reopen
}


class InvalidTransition(ValueError):
    pass


def case_change_status(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    status: str,
    closing_reason: str = "",
    outcome: str = "",
    on: datetime.date | None = None,
) -> Case:
    if status not in ALLOWED_TRANSITIONS.get(CaseStatus(case.status), set()):
        raise InvalidTransition(f"{case.status} → {status}")
    changes: dict[str, Any] = {"status": status}
    if status == CaseStatus.CLOSED:
        if not closing_reason:
            raise InvalidTransition("closing_reason")
        changes |= {
            "closed_on": on or timezone.localdate(),
            "closing_reason": closing_reason,
            "outcome": outcome,
        }
    else:
        changes |= {"closed_on": None, "closing_reason": "", "outcome": ""}
    with transaction.atomic():
        diff = versioned_update(case, expected_version=expected_version, changes=changes)
        action = (
            "case.reopened"
            if diff.get("status", {}).get("old") == CaseStatus.CLOSED
            else "case.status_changed"
        )
        audit_record(
            actor=actor, organisation=case.organisation, action=action, obj=case, changes=diff
        )
        if status == CaseStatus.CLOSED:
            # A closed case is shared with no one (visibility checks the status as well).
            case_shares_end_all(actor=actor, case=case, reason=ShareEnd.CASE_CLOSED)
    return case


def case_assign(*, actor: User, case: Case, counsellor: User | None) -> Case:
    with transaction.atomic():
        old = case.counsellor.get_username() if case.counsellor else None
        Case.objects.filter(pk=case.pk).update(counsellor=counsellor, version=F("version") + 1)
        case.refresh_from_db()
        audit_record(
            actor=actor,
            organisation=case.organisation,
            action="case.assigned",
            obj=case,
            changes={
                "counsellor": {"old": old, "new": counsellor.get_username() if counsellor else None}
            },
        )
    return case


class NotInInbox(ValueError):
    """Cases chosen for a bulk assignment that are no longer new (``references`` names them)."""

    def __init__(self, references: list[str]) -> None:
        super().__init__(", ".join(references))
        self.references = references


def case_assign_many(*, actor: User, cases: Iterable[Case], counsellor: User) -> list[Case]:
    """Assign several inbox cases to one counsellor: all or none, in one transaction, one audit
    event per case (``case_assign``). The cases are locked and must all still be new, else
    ``NotInInbox`` and nothing changes."""
    chosen = list(cases)
    with transaction.atomic():
        locked = {
            case.pk: case
            for case in Case.objects.select_for_update(of=("self",))
            .filter(pk__in=[case.pk for case in chosen])
            .select_related("organisation", "counsellor")
        }
        gone = sorted(
            case.reference
            for case in chosen
            if case.pk not in locked or locked[case.pk].status != CaseStatus.NEW
        )
        if gone:
            raise NotInInbox(gone)
        return [
            case_assign(actor=actor, case=locked[case.pk], counsellor=counsellor) for case in chosen
        ]


# --- Counselling contacts -------------------------------------------------------------------------


def contact_log(
    *,
    actor: User,
    case: Case,
    happened_on: datetime.date,
    duration_minutes: int,
    channel: str,
    location: Location | None = None,
    language: str = "de",
    interpreter: bool = False,
    topics: Iterable[Topic] = (),
    note: str = "",
) -> Contact:
    with transaction.atomic():
        contact = Contact.objects.create(
            organisation=case.organisation,
            case=case,
            happened_on=happened_on,
            duration_minutes=duration_minutes,
            channel=channel,
            location=location,
            language=language,
            interpreter=interpreter,
            note=note,
            counsellor=actor,
        )
        contact.topics.set(list(topics))
        if case.status == CaseStatus.NEW:
            Case.objects.filter(pk=case.pk).update(
                status=CaseStatus.COUNSELLING, version=F("version") + 1
            )
            case.refresh_from_db(fields=["status", "version"])
        audit_record(
            actor=actor,
            organisation=case.organisation,
            action="contact.logged",
            obj=case,
            changes={
                "contact": {"old": None, "new": str(contact.code)},
                "duration_minutes": {"old": None, "new": duration_minutes},
                "channel": {"old": None, "new": channel},
            },
        )
    return contact
