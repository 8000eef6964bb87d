"""Writes of the case workbench. Keyword-only, inside a transaction, each with its audit row.

Concurrency: records carry a ``version``; a write states the version it was based on and fails
with ``EditConflict`` (naming what changed meanwhile) instead of overwriting silently.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from wcr.accounts.models import Location, Organisation, User
from wcr.cases import names as name_matching
from wcr.cases.models import (
    Case,
    CaseStatus,
    ChecklistItem,
    ChecklistStatus,
    Company,
    CompanyContact,
    Contact,
    Document,
    Milestone,
    Person,
    PersonLanguage,
    PersonName,
    Procedure,
    Qualification,
    Task,
    Topic,
)
from wcr.cases.procedures import templates
from wcr.core.deadlines import deadline
from wcr.privacy.services import audit_record


class EditConflict(Exception):
    """Someone else saved the record after it was loaded; ``changes`` maps each field they
    changed to ``{"theirs": …}`` so the user can decide."""

    def __init__(self, current: Any, changes: dict[str, Any]) -> None:
        super().__init__("the record was changed by someone else")
        self.current: Any = current
        self.changes = changes


class InvalidUpload(ValueError):
    pass


def _json(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(getattr(value, "code", None) or value.pk)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _diff(obj: models.Model, changes: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: {"old": _json(getattr(obj, name)), "new": _json(value)}
        for name, value in changes.items()
        if getattr(obj, name) != value
    }


def _versioned_update(
    obj: models.Model, *, expected_version: int, changes: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """Apply ``changes`` if the row still has ``expected_version``; answer the audit diff."""
    model = type(obj)
    current = model.objects.select_for_update().get(pk=obj.pk)  # type: ignore[attr-defined]
    if current.version != expected_version:
        theirs = {
            name: {"theirs": _json(getattr(current, name)), "yours": _json(value)}
            for name, value in changes.items()
            if getattr(current, name) != getattr(obj, name) or getattr(current, name) != value
        }
        raise EditConflict(current, theirs)
    diff = _diff(current, changes)
    if diff:
        model.objects.filter(pk=obj.pk).update(  # type: ignore[attr-defined]
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
    obj.refresh_from_db()
    return diff


# --- People ---------------------------------------------------------------------------------------


@dataclass
class NameVariant:
    given_name: str
    family_name: str
    kind: str = "transliteration"
    script: str = "latin"


@dataclass
class PersonInput:
    given_name: str
    family_name: str
    birth_date: datetime.date | None = None
    birth_date_precision: str = "day"
    gender: str = "u"
    nationalities: list[str] = field(default_factory=list)
    email: str = ""
    phone: str = ""
    street: str = ""
    postal_code: str = ""
    municipality_id: int | None = None
    country_of_residence: str = "DE"
    residence_status: str = "unknown"
    residence_expiry: datetime.date | None = None
    preferred_language: str = "de"


def person_search_keys(given: Iterable[str], family: Iterable[str]) -> str:
    keys = name_matching.search_keys(*given, *family)
    return " " + " ".join(sorted(set(keys))) + " " if keys else ""


def _refresh_person_keys(person: Person) -> None:
    variants = list(person.names.all())
    person.search_keys = person_search_keys(
        [person.given_name, *(v.given_name for v in variants)],
        [person.family_name, *(v.family_name for v in variants)],
    )
    Person.objects.filter(pk=person.pk).update(search_keys=person.search_keys)


def person_create(
    *,
    actor: User,
    organisation: Organisation,
    data: PersonInput,
    variants: Iterable[NameVariant] = (),
) -> Person:
    if data.birth_date is None:
        data.birth_date_precision = "unknown"  # what the record can truthfully say
    with transaction.atomic():
        person = Person.objects.create(organisation=organisation, **data.__dict__)
        for variant in variants:
            if variant.given_name or variant.family_name:
                PersonName.objects.create(person=person, **variant.__dict__)
        _refresh_person_keys(person)
        audit_record(
            actor=actor,
            organisation=organisation,
            action="person.created",
            obj=person,
            changes={
                k: {"old": None, "new": _json(v)}
                for k, v in data.__dict__.items()
                if v not in ("", None, [])
            },
        )
    return person


def person_update(
    *, actor: User, person: Person, expected_version: int, changes: Mapping[str, Any]
) -> Person:
    with transaction.atomic():
        diff = _versioned_update(person, expected_version=expected_version, changes=changes)
        if diff:
            _refresh_person_keys(person)
            audit_record(
                actor=actor,
                organisation=person.organisation,
                action="person.updated",
                obj=person,
                changes=diff,
            )
    return person


def person_add_name_variant(*, actor: User, person: Person, variant: NameVariant) -> PersonName:
    with transaction.atomic():
        name = PersonName.objects.create(person=person, **variant.__dict__)
        _refresh_person_keys(person)
        audit_record(
            actor=actor,
            organisation=person.organisation,
            action="person.name_added",
            obj=person,
            changes={"name": {"old": None, "new": f"{variant.given_name} {variant.family_name}"}},
        )
    return name


# --- Companies ------------------------------------------------------------------------------------


@dataclass
class CompanyInput:
    name: str
    legal_form: str = "other"
    sector: str = "other"
    staff_count: int | None = None
    municipality_id: int | None = None
    email: str = ""
    phone: str = ""
    website: str = ""


def company_create(*, actor: User, organisation: Organisation, data: CompanyInput) -> Company:
    with transaction.atomic():
        company = Company.objects.create(
            organisation=organisation,
            search_keys=person_search_keys([], [data.name]),
            **data.__dict__,
        )
        audit_record(
            actor=actor,
            organisation=organisation,
            action="company.created",
            obj=company,
            changes={
                k: {"old": None, "new": _json(v)}
                for k, v in data.__dict__.items()
                if v not in ("", None)
            },
        )
    return company


def company_update(
    *, actor: User, company: Company, expected_version: int, changes: Mapping[str, Any]
) -> Company:
    with transaction.atomic():
        diff = _versioned_update(company, expected_version=expected_version, changes=changes)
        if diff:
            Company.objects.filter(pk=company.pk).update(
                search_keys=person_search_keys([], [company.name])
            )
            audit_record(
                actor=actor,
                organisation=company.organisation,
                action="company.updated",
                obj=company,
                changes=diff,
            )
    return company


# --- Cases ----------------------------------------------------------------------------------------


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
    with transaction.atomic():
        case = Case.objects.create(
            organisation=organisation,
            person=person,
            company=company,
            location=location,
            counsellor=counsellor,
            channel=channel,
            title=title,
            opened_on=opened_on or timezone.localdate(),
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
                "person": {"old": None, "new": _json(person)},
                "company": {"old": None, "new": _json(company)},
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
        diff = _versioned_update(case, expected_version=expected_version, changes=changes)
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
        diff = _versioned_update(case, expected_version=expected_version, changes=changes)
        action = (
            "case.reopened"
            if diff.get("status", {}).get("old") == CaseStatus.CLOSED
            else "case.status_changed"
        )
        audit_record(
            actor=actor, organisation=case.organisation, action=action, obj=case, changes=diff
        )
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


# --- Procedures, milestones, checklists ----------------------------------------------------------


def procedure_start(
    *, actor: User, case: Case, template: str, started_on: datetime.date
) -> Procedure:
    spec = templates()[template]
    with transaction.atomic():
        procedure = Procedure.objects.create(
            organisation=case.organisation,
            case=case,
            template=spec.slug,
            title=spec.label("de"),
            started_on=started_on,
        )
        for position, item in enumerate(spec.milestones):
            due = None
            if item.after == "start" and (item.months or item.weeks or item.days):
                due = deadline(started_on, months=item.months, weeks=item.weeks, days=item.days)
            Milestone.objects.create(
                organisation=case.organisation,
                case=case,
                procedure=procedure,
                key=item.key,
                title=item.title["de"],
                legal_basis=item.legal_basis,
                due_on=due,
                position=position,
                after_key=item.after,
                period_months=item.months,
                period_weeks=item.weeks,
                period_days=item.days,
            )
        for entry in spec.checklist:
            ChecklistItem.objects.create(
                organisation=case.organisation,
                case=case,
                procedure=procedure,
                document_type=entry.type,
                title=entry.title["de"],
            )
        audit_record(
            actor=actor,
            organisation=case.organisation,
            action="procedure.started",
            obj=case,
            changes={
                "procedure": {"old": None, "new": spec.slug},
                "started_on": {"old": None, "new": started_on.isoformat()},
            },
        )
    return procedure


def milestone_complete(*, actor: User, milestone: Milestone, done_on: datetime.date) -> Milestone:
    """Mark a milestone done; the deadlines that run from it are computed now."""
    with transaction.atomic():
        old = milestone.done_on
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on", "updated_at"])
        if milestone.procedure_id is not None:
            for follower in Milestone.objects.filter(
                procedure_id=milestone.procedure_id, after_key=milestone.key
            ):
                if follower.period_months or follower.period_weeks or follower.period_days:
                    follower.due_on = deadline(
                        done_on,
                        months=follower.period_months,
                        weeks=follower.period_weeks,
                        days=follower.period_days,
                    )
                    follower.save(update_fields=["due_on", "updated_at"])
        audit_record(
            actor=actor,
            organisation=milestone.organisation,
            action="milestone.done",
            obj=milestone.case,
            changes={milestone.key: {"old": _json(old), "new": done_on.isoformat()}},
        )
    return milestone


def checklist_set_status(*, actor: User, item: ChecklistItem, status: str) -> ChecklistItem:
    if status not in ChecklistStatus.values:
        raise ValueError(status)
    with transaction.atomic():
        old = item.status
        item.status = status
        item.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            organisation=item.organisation,
            action="checklist.status",
            obj=item.case,
            changes={item.document_type: {"old": old, "new": status}},
        )
    return item


# --- Tasks ----------------------------------------------------------------------------------------


def task_create(
    *,
    actor: User,
    case: Case,
    title: str,
    assignee: User,
    due_on: datetime.date,
    milestone: Milestone | None = None,
) -> Task:
    with transaction.atomic():
        task = Task.objects.create(
            organisation=case.organisation,
            case=case,
            title=title,
            assignee=assignee,
            due_on=due_on,
            milestone=milestone,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            organisation=case.organisation,
            action="task.created",
            obj=case,
            changes={
                "task": {"old": None, "new": title},
                "due_on": {"old": None, "new": due_on.isoformat()},
                "assignee": {"old": None, "new": assignee.get_username()},
            },
        )
    return task


def task_complete(*, actor: User, task: Task) -> Task:
    with transaction.atomic():
        task.done_at = timezone.now()
        task.save(update_fields=["done_at", "updated_at"])
        audit_record(
            actor=actor,
            organisation=task.organisation,
            action="task.done",
            obj=task.case or task,
            changes={"task": {"old": task.title, "new": "done"}},
        )
    return task


# --- Documents ------------------------------------------------------------------------------------

# Accepted types, recognised by their first bytes (not by name or the browser's claim).
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"PK\x03\x04", "application/zip", ".zip"),  # refined below: docx/xlsx/odt
)
_OFFICE = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}


def detect_type(head: bytes, path: Path) -> tuple[str, str] | None:
    """(content type, extension) from the file's content, or None when not accepted."""
    for magic, content_type, extension in _SIGNATURES:
        if head.startswith(magic):
            if content_type != "application/zip":
                return content_type, extension
            import zipfile

            try:
                with zipfile.ZipFile(path) as archive:
                    names = archive.namelist()
            except zipfile.BadZipFile:
                return None
            for prefix, result in _OFFICE.items():
                if any(name.startswith(prefix) for name in names):
                    return result
            return None
    return None


def documents_dir() -> Path:
    path = Path(settings.DATA_DIR) / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


def document_upload(
    *, actor: User, case: Case, upload: UploadedFile, checklist_item: ChecklistItem | None = None
) -> Document:
    """Store an upload outside the web root after checking its size and type by content."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise InvalidUpload("size")
    storage_name = f"{uuid.uuid4().hex}"
    target = documents_dir() / storage_name
    digest = hashlib.sha256()
    written = 0
    with target.open("wb") as out:
        for chunk in upload.chunks():
            written += len(chunk)
            if written > limit:
                break
            digest.update(chunk)
            out.write(chunk)
    if written > limit:
        target.unlink(missing_ok=True)
        raise InvalidUpload("size")
    with target.open("rb") as handle:
        detected = detect_type(handle.read(16), target)
    if detected is None:
        target.unlink(missing_ok=True)
        raise InvalidUpload("type")
    content_type, _extension = detected
    try:
        with transaction.atomic():
            document = Document.objects.create(
                organisation=case.organisation,
                case=case,
                checklist_item=checklist_item,
                original_name=Path(upload.name or "upload").name[:200],
                content_type=content_type,
                size=written,
                sha256=digest.hexdigest(),
                storage_name=storage_name,
                uploaded_by=actor,
            )
            if checklist_item is not None and checklist_item.status == ChecklistStatus.MISSING:
                checklist_item.status = ChecklistStatus.RECEIVED
                checklist_item.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=actor,
                organisation=case.organisation,
                action="document.uploaded",
                obj=case,
                changes={
                    "document": {"old": None, "new": document.original_name},
                    "sha256": {"old": None, "new": document.sha256},
                },
            )
    except Exception:
        target.unlink(missing_ok=True)
        raise
    return document


def document_path(document: Document) -> Path:
    return documents_dir() / document.storage_name


# --- Details of people and companies ------------------------------------------------------------


def person_add_language(
    *, actor: User, person: Person, language: str, level: str
) -> PersonLanguage:
    with transaction.atomic():
        entry, created = PersonLanguage.objects.update_or_create(
            person=person, language=language, defaults={"level": level}
        )
        audit_record(
            actor=actor,
            organisation=person.organisation,
            action="person.language_set",
            obj=person,
            changes={f"language:{language}": {"old": None if created else "changed", "new": level}},
        )
    return entry


def person_add_qualification(
    *,
    actor: User,
    person: Person,
    title: str,
    level: str,
    country: str,
    occupation: str,
    recognition: str,
    regulated: bool | None,
) -> Qualification:
    with transaction.atomic():
        qualification = Qualification.objects.create(
            person=person,
            title=title,
            level=level,
            country=country,
            occupation=occupation,
            recognition=recognition,
            regulated=regulated,
        )
        audit_record(
            actor=actor,
            organisation=person.organisation,
            action="person.qualification_added",
            obj=person,
            changes={
                "qualification": {
                    "old": None,
                    "new": f"{title} ({level}, {country}, {recognition})",
                }
            },
        )
    return qualification


def company_add_contact(
    *, actor: User, company: Company, name: str, role: str, email: str, phone: str
) -> CompanyContact:
    with transaction.atomic():
        contact = CompanyContact.objects.create(
            company=company, name=name, role=role, email=email, phone=phone
        )
        audit_record(
            actor=actor,
            organisation=company.organisation,
            action="company.contact_added",
            obj=company,
            changes={"contact_person": {"old": None, "new": f"{name} ({role})"}},
        )
    return contact
