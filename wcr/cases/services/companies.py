"""Companies and their contact persons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from wcr.accounts.models import Organisation, User
from wcr.cases.models import Company, CompanyContact
from wcr.cases.services._common import audit_value, versioned_update
from wcr.cases.services.people import person_search_keys
from wcr.privacy.services import audit_record


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
                k: {"old": None, "new": audit_value(v)}
                for k, v in data.__dict__.items()
                if v not in ("", None)
            },
        )
    return company


def company_update(
    *, actor: User, company: Company, expected_version: int, changes: Mapping[str, Any]
) -> Company:
    with transaction.atomic():
        diff = versioned_update(company, expected_version=expected_version, changes=changes)
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
