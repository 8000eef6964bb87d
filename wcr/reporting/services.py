"""Writes of ESF+ participant data: keyword-only, in a transaction, each with its audit row.

The entry questionnaire is copied from the person when it is first recorded and is from then on
the participant's own record (later changes to the person change nothing in it); staff may
complete or correct it, which the audit trail shows. The Art. 9 items never reach the audit
trail in plain text: it records only that they changed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wcr.accounts.models import Organisation, User
from wcr.cases.models import Case, Person
from wcr.core.mail import mail_send
from wcr.privacy.services import audit_record
from wcr.referrals.models import Consent, valid_consent_condition
from wcr.reporting import crypto
from wcr.reporting.models import Participation, Source

FOLLOW_UP_PURPOSE = "six_month_follow_up"
# Exit data are due within four weeks of leaving; the six-month status six months after it.
EXIT_DATA_DAYS = 28
FOLLOW_UP_MONTHS = 6

ENTRY_FIELDS = (
    "entry_date",
    "gender",
    "date_of_birth",
    "labour_status",
    "isced",
    "nationalities",
    "postal_code",
    "municipality_ags",
    "foreign_background",
    "homeless",
    "rural",
)


class ParticipationProblem(ValueError):
    """Participant data that may not be recorded as asked: ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class EntryInput:
    entry_date: datetime.date
    gender: str = ""
    date_of_birth: datetime.date | None = None
    labour_status: str = ""
    isced: int | None = None
    nationalities: list[str] = field(default_factory=list)
    postal_code: str = ""
    municipality_ags: str = ""
    foreign_background: bool | None = None
    homeless: bool | None = None
    rural: bool | None = None
    disability: bool | None = None
    minority: bool | None = None


@dataclass
class ExitInput:
    exit_date: datetime.date | None
    exit_situation: list[str] = field(default_factory=list)
    status_6m: str = ""


def entry_from_person(person: Person, *, entry_date: datetime.date) -> EntryInput:
    """The questionnaire's first answers, copied from the person's record."""
    municipality = person.municipality
    return EntryInput(
        entry_date=entry_date,
        gender=person.gender if person.gender in ("f", "m", "d") else "",
        date_of_birth=person.birth_date if person.birth_date_precision == "day" else None,
        nationalities=list(person.nationalities or []),
        postal_code=person.postal_code,
        municipality_ags=municipality.ags if municipality is not None else "",
    )


def entry_of(participation: Participation, *, special: bool) -> EntryInput:
    """The recorded entry data as the questionnaire's answers; the Art. 9 items only when
    ``special`` (the reader may see them), else "not stated"."""
    disability, minority = participation.special() if special else (None, None)
    data = {name: getattr(participation, name) for name in ENTRY_FIELDS}
    data["nationalities"] = list(participation.nationalities)
    return EntryInput(**data, disability=disability, minority=minority)


def _audit_changes(participation: Participation, data: EntryInput) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in ENTRY_FIELDS:
        old, new = getattr(participation, name), getattr(data, name)
        if old != new:
            changes[name] = {"old": _plain(old), "new": _plain(new)}
    return changes


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def apply_entry(participation: Participation, data: EntryInput) -> dict[str, Any]:
    changes = _audit_changes(participation, data)
    for name in ENTRY_FIELDS:
        setattr(participation, name, getattr(data, name))
    if participation.exit_date is not None and participation.exit_date < data.entry_date:
        raise ParticipationProblem("entry_date", _("The entry date lies after the exit date."))
    if participation.special() != (data.disability, data.minority):
        participation.set_special(disability=data.disability, minority=data.minority)
        changes["special_categories"] = {"old": "…", "new": "…"}
    participation.derive()
    return changes


def participation_record_entry(*, actor: User, case: Case, data: EntryInput) -> Participation:
    """Record (or complete) the entry data of the case's person."""
    if case.person_id is None:
        raise ParticipationProblem("case", _("Only a case of a person has ESF+ participant data."))
    with transaction.atomic():
        participation = Participation.objects.select_for_update().filter(
            case=case
        ).first() or Participation(
            organisation_id=case.organisation_id,
            person_id=case.person_id,
            case=case,
            source=Source.CASE,
            entry_date=data.entry_date,
        )
        created = participation.pk is None
        changes = apply_entry(participation, data)
        if created:
            participation.entry_recorded_at = timezone.now()
            participation.entry_recorded_by = actor
        participation.save()
        if changes or created:
            audit_record(
                actor=actor,
                organisation=case.organisation,
                action="participation.entry_recorded" if created else "participation.entry_updated",
                obj=participation,
                changes=changes,
            )
    return participation


def participation_record_exit(
    *, actor: User, participation: Participation, data: ExitInput
) -> Participation:
    if data.exit_date is not None and data.exit_date < participation.entry_date:
        raise ParticipationProblem(
            "exit_date", _("The exit date cannot lie before the entry date.")
        )
    with transaction.atomic():
        old = {
            "exit_date": _plain(participation.exit_date),
            "exit_situation": participation.exit_situation,
            "status_6m": participation.status_6m,
        }
        participation.exit_date = data.exit_date
        participation.set_exit_situation(data.exit_situation)
        if participation.status_6m != data.status_6m:
            participation.status_6m = data.status_6m
            participation.status_6m_recorded_at = timezone.now() if data.status_6m else None
        if participation.exit_date is not None and participation.exit_recorded_at is None:
            participation.exit_recorded_at = timezone.now()
        participation.save()
        new = {
            "exit_date": _plain(participation.exit_date),
            "exit_situation": participation.exit_situation,
            "status_6m": participation.status_6m,
        }
        changes = {k: {"old": old[k], "new": new[k]} for k in old if old[k] != new[k]}
        if changes:
            audit_record(
                actor=actor,
                organisation=participation.organisation,
                action="participation.exit_recorded",
                obj=participation,
                changes=changes,
            )
    return participation


def follow_up_consent(participation: Participation) -> Consent | None:
    """The person's valid consent to be asked about their situation six months on."""
    return (
        Consent.objects.filter(
            valid_consent_condition(),
            person_id=participation.person_id,
            controller_id=participation.organisation_id,
            purpose__slug=FOLLOW_UP_PURPOSE,
        )
        .order_by("-given_at")
        .first()
    )


def participation_follow_up_send(*, actor: User, participation: Participation) -> bool:
    """Mail the person the six-month question, only with their valid consent; ``False`` when
    there is none (or no address), and nothing is sent."""
    person = participation.person
    if not person.email or follow_up_consent(participation) is None:
        return False
    with transaction.atomic():
        participation.follow_up_mailed_at = timezone.now()
        participation.save(update_fields=["follow_up_mailed_at", "updated_at"])
        mail_send(
            to=[person.email],
            template="emails/esf_follow_up",
            context={
                "person": person,
                "organisation": participation.organisation,
                "site_url": settings.SITE_URL,
            },
            language=person.preferred_language or "de",
            reply_to=participation.organisation.email or None,
        )
        audit_record(
            actor=actor,
            organisation=participation.organisation,
            action="participation.follow_up_mailed",
            obj=participation,
        )
    return True


def participations_reencrypt(*, batch_size: int = 2000) -> int:
    """Re-seal every Art. 9 value not sealed under the newest key; the number re-sealed."""
    done = 0
    rows = Participation.objects.filter(special_categories__isnull=False).order_by("pk")
    last = 0
    while True:
        with transaction.atomic():
            batch = list(rows.filter(pk__gt=last).select_for_update(of=("self",))[:batch_size])
            if not batch:
                return done
            for participation in batch:
                last = participation.pk
                assert participation.special_categories is not None
                if crypto.sealed_by_current_key(participation.special_categories):
                    continue
                disability, minority = participation.special()
                participation.set_special(disability=disability, minority=minority)
                participation.save(update_fields=["special_categories"])
                done += 1


def organisation_of(code: str) -> Organisation | None:
    return Organisation.objects.filter(slug=code).first()
