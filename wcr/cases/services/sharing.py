"""Grants and transfers: the only writes that change who sees a case.

Referrals (``wcr.referrals``) call these; the cases app does not know why a case is shared
(``basis`` is a label for the timeline, e.g. the referral's reference). Every grant, end and
transfer writes an audit row in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wcr.accounts.models import Organisation, User
from wcr.cases.models import (
    Case,
    CaseShare,
    ChecklistItem,
    Company,
    Contact,
    Document,
    Milestone,
    Person,
    Procedure,
    ShareEnd,
    Task,
)
from wcr.privacy.services import audit_record


class ShareRefused(ValueError):
    """A grant that may not be made (the case's own organisation, a closed case)."""


def case_share_grant(
    *,
    actor: User | None,
    case: Case,
    organisation: Organisation,
    with_contacts: bool = False,
    documents: Iterable[Document] = (),
    basis: str = "",
) -> CaseShare:
    """Share ``case`` with ``organisation``: its summary always, the contacts and the chosen
    documents (of this case) when given. An active grant to the same organisation is replaced."""
    if organisation.pk == case.organisation_id:
        raise ShareRefused("a case is not shared with its own organisation")
    if case.status == "closed":
        raise ShareRefused("a closed case is not shared")
    documents = [d for d in documents if d.case_id == case.pk]
    with transaction.atomic():
        for old in CaseShare.objects.select_for_update().filter(
            case=case, organisation=organisation, ended_at__isnull=True
        ):
            _end(actor, old, ShareEnd.REVOKED)
        share = CaseShare.objects.create(
            case=case,
            organisation=organisation,
            with_contacts=with_contacts,
            basis=basis,
            granted_at=timezone.now(),
            granted_by=actor,
        )
        share.documents.set(documents)
        audit_record(
            actor=actor,
            organisation=case.organisation,
            action="case.shared",
            obj=case,
            changes={
                "shared_with": {"old": None, "new": organisation.slug},
                "parts": {"old": None, "new": share_parts(share, documents)},
                "basis": {"old": None, "new": basis},
            },
        )
    return share


def share_parts(share: CaseShare, documents: Iterable[Document] | None = None) -> list[str]:
    """The granted parts in words for the audit row: summary, contacts, document names."""
    names = [
        d.original_name for d in (documents if documents is not None else share.documents.all())
    ]
    return ["summary", *(["contacts"] if share.with_contacts else []), *names]


def _end(actor: User | None, share: CaseShare, reason: str) -> None:
    share.ended_at = timezone.now()
    share.ended_by = actor
    share.end_reason = reason
    share.save(update_fields=["ended_at", "ended_by", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        organisation=share.case.organisation,
        action="case.share_ended",
        obj=share.case,
        changes={
            "shared_with": {"old": share.organisation.slug, "new": None},
            "reason": {"old": None, "new": reason},
        },
    )


def case_share_end(*, actor: User | None, share: CaseShare, reason: str) -> CaseShare:
    """End a grant at once (revoked, consent withdrawn, completed); ending an ended one is a
    no-op."""
    with transaction.atomic():
        locked = CaseShare.objects.select_for_update(of=("self",)).select_related(
            "case", "organisation"
        )
        current = locked.get(pk=share.pk)
        if current.ended_at is None:
            _end(actor, current, reason)
    return current


def case_shares_end_all(*, actor: User | None, case: Case, reason: str) -> int:
    """End every active grant of ``case`` (it closes, or moves to another organisation)."""
    ended = 0
    with transaction.atomic():
        for share in (
            CaseShare.objects.select_for_update(of=("self",))
            .select_related("case__organisation", "organisation")
            .filter(case=case, ended_at__isnull=True)
        ):
            _end(actor, share, reason)
            ended += 1
    return ended


def case_transfer(*, actor: User | None, case: Case, organisation: Organisation) -> Case:
    """Move ``case`` to ``organisation``: its contacts, procedures, milestones, checklist, tasks
    and documents with it, the history kept. The person (and company) move with the case when
    the old organisation has no other case of theirs; otherwise the new organisation gets its
    own copy of the record, and the old one keeps its record for its other cases."""
    if organisation.pk == case.organisation_id:
        raise ShareRefused("a case is not transferred to its own organisation")
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=case.pk)
        )
        source = case.organisation
        case_shares_end_all(actor=actor, case=case, reason=ShareEnd.TRANSFERRED)
        changes: dict[str, dict[str, object]] = {
            "organisation": {"old": source.slug, "new": organisation.slug}
        }
        person_id = case.person_id
        if case.person is not None:
            person_id = _move_or_copy_person(case, organisation).pk
        company_id = case.company_id
        if case.company is not None:
            company_id = _move_or_copy_company(case, organisation).pk
        Case.objects.filter(pk=case.pk).update(
            organisation=organisation,
            person_id=person_id,
            company_id=company_id,
            counsellor=None,
            location=None,
            recruitment_case=None,
            version=F("version") + 1,
        )
        for part in (Contact, Procedure, Milestone, ChecklistItem, Task, Document):
            part.objects.filter(case=case).update(organisation=organisation)
        case.refresh_from_db()
        for org in (source, organisation):
            audit_record(
                actor=actor, organisation=org, action="case.transferred", obj=case, changes=changes
            )
    return case


def _move_or_copy_person(case: Case, organisation: Organisation) -> Person:
    assert case.person_id is not None
    person = Person.objects.select_for_update().get(pk=case.person_id)
    others = Case.objects.filter(person=person).exclude(pk=case.pk).exists()
    if not others:
        Person.objects.filter(pk=person.pk).update(organisation=organisation)
        return person
    names = list(person.names.all())
    languages = list(person.languages.all())
    qualifications = list(person.qualifications.all())
    copy = _copy(person, organisation)
    for rows in (names, languages, qualifications):
        for row in rows:
            row.pk = None
            row.person = copy
            row.save()
    return copy


def _move_or_copy_company(case: Case, organisation: Organisation) -> Company:
    assert case.company_id is not None
    company = Company.objects.select_for_update().get(pk=case.company_id)
    others = Case.objects.filter(company=company).exclude(pk=case.pk).exists()
    if not others:
        Company.objects.filter(pk=company.pk).update(organisation=organisation)
        return company
    contacts = list(company.contacts.all())
    copy = _copy(company, organisation)
    for row in contacts:
        row.pk = None
        row.company = copy
        row.save()
    return copy


def _copy[M: (Person, Company)](record: M, organisation: Organisation) -> M:
    import uuid

    record.pk = None
    record._state.adding = True
    record.code = uuid.uuid4()
    record.organisation = organisation
    if hasattr(record, "version"):
        record.version = 1
    record.save()
    return record
