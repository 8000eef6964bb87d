"""People: create and update (with the search keys of their names), name variants, languages,
qualifications."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from wcr.accounts.models import Organisation, User
from wcr.cases import names as name_matching
from wcr.cases.models import Person, PersonLanguage, PersonName, Qualification
from wcr.cases.models.choices import NameKind
from wcr.cases.services._common import audit_value, versioned_update
from wcr.privacy.services import audit_record


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
    keys = name_matching.stored_search_keys(*given, *family)
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
    actor: User | None,
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
                k: {"old": None, "new": audit_value(v)}
                for k, v in data.__dict__.items()
                if v not in ("", None, [])
            },
        )
    return person


def person_update(
    *, actor: User | None, person: Person, expected_version: int, changes: Mapping[str, Any]
) -> Person:
    with transaction.atomic():
        diff = versioned_update(person, expected_version=expected_version, changes=changes)
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


def person_set_native_name(
    *, actor: User, person: Person, given_name: str, family_name: str, script: str
) -> PersonName | None:
    """Create, change or (both parts empty) remove the person's name in the original script."""
    with transaction.atomic():
        native = person.names.filter(kind=NameKind.NATIVE).select_for_update().first()
        old = (native.given_name, native.family_name, native.script) if native else None
        new = (given_name, family_name, script) if given_name or family_name else None
        if old == new:
            return native
        if new is None:
            assert native is not None
            native.delete()
            native = None
        elif native is None:
            native = PersonName.objects.create(
                person=person,
                kind=NameKind.NATIVE,
                given_name=given_name,
                family_name=family_name,
                script=script,
            )
        else:
            native.given_name, native.family_name, native.script = new
            native.save(update_fields=["given_name", "family_name", "script"])
        _refresh_person_keys(person)
        audit_record(
            actor=actor,
            organisation=person.organisation,
            action="person.name_changed",
            obj=person,
            changes={
                "native_name": {
                    "old": f"{old[0]} {old[1]}".strip() if old else None,
                    "new": f"{given_name} {family_name}".strip() if new else None,
                },
                "native_script": {"old": old[2] if old else None, "new": script if new else None},
            },
        )
    return native


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
