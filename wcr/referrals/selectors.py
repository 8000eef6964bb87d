"""Reads of referrals and consents (the querysets come from ``access``: already filtered)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from wcr.accounts.models import Membership
from wcr.cases.models import Person
from wcr.referrals.models import (
    Consent,
    ConsentNotice,
    ConsentPurpose,
    Referral,
    ReferralOutcome,
    ReferralStatus,
)


def referral_list(
    referrals: QuerySet[Referral], *, organisation_id: int, direction: str, status: str
) -> QuerySet[Referral]:
    if direction == "outgoing":
        referrals = referrals.filter(from_organisation_id=organisation_id)
    elif direction == "incoming":
        referrals = referrals.filter(to_organisation_id=organisation_id)
    else:  # waiting for our answer
        referrals = referrals.filter(to_organisation_id=organisation_id, status=ReferralStatus.SENT)
    if status:
        referrals = referrals.filter(status=status)
    return referrals.select_related(
        "case__person", "case__company", "from_organisation", "to_organisation", "to_partner"
    ).order_by("-sent_at", "-id")


def referral_counts(referrals: QuerySet[Referral], organisation_id: int) -> dict[str, int]:
    return referrals.aggregate(
        waiting=Count(
            "id", filter=Q(to_organisation_id=organisation_id, status=ReferralStatus.SENT)
        ),
        incoming=Count("id", filter=Q(to_organisation_id=organisation_id)),
        outgoing=Count("id", filter=Q(from_organisation_id=organisation_id)),
    )


def shows_person(referral: Referral, membership: Membership) -> bool:
    """Whether the reader may see who the referral is about: the sender always; the receiver
    only while the referral is accepted (a share in force, or the transferred case)."""
    if referral.from_organisation_id == membership.organisation_id:
        return True
    return referral.status == ReferralStatus.ACCEPTED and (
        referral.case.organisation_id == membership.organisation_id
        or (referral.share is not None and referral.share.ended_at is None)
    )


def referral_letter_pdf(referral: Referral, *, request: Any = None) -> bytes:
    """The letter to a cooperation partner (German, PDF/UA): the reason, the topics and only
    the fields of the person that were chosen."""
    from django.utils import timezone

    from wcr.core.pdf import render_pdf

    person = referral.case.person
    chosen = set(referral.letter_fields)
    context = {
        "referral": referral,
        "partner": referral.to_partner,
        "person": person,
        "company": referral.case.company,
        "chosen": chosen,
        "topics": list(referral.topics.all()),
        "qualifications": list(person.qualifications.all())
        if person is not None and "qualifications" in chosen
        else [],
        "sender": referral.sent_by,
        "created": timezone.now(),
    }
    return render_pdf("print/referral_letter.html", context, "de", request=request)


def consents_of(person: Person) -> list[Consent]:
    return list(
        Consent.objects.filter(person=person)  # the caller passed the gate for the person
        .select_related(
            "purpose", "recipient", "recipient_partner", "recorded_by", "withdrawn_by", "evidence"
        )
        .order_by("-given_at", "-id")
    )


def notice_for(purpose: ConsentPurpose, language: str) -> ConsentNotice | None:
    """The newest notice text of ``purpose`` in ``language``."""
    return (
        ConsentNotice.objects.filter(purpose=purpose, language=language)
        .order_by("-published_on", "-id")
        .first()
    )


def notice_by_version(purpose: ConsentPurpose, version: str, language: str) -> ConsentNotice | None:
    return ConsentNotice.objects.filter(purpose=purpose, version=version, language=language).first()


def current_notices() -> list[ConsentNotice]:
    """The newest notice of each purpose, in German (shown beside the consent form)."""
    newest: dict[int, ConsentNotice] = {}
    for notice in (
        ConsentNotice.objects.filter(language="de")
        .select_related("purpose")
        .order_by("purpose_id", "-published_on")
    ):
        newest.setdefault(notice.purpose_id, notice)
    return list(newest.values())


@dataclass(frozen=True)
class Row:
    label: str
    count: int


@dataclass(frozen=True)
class ReferralFigures:
    outgoing_by_recipient: list[Row]
    outgoing_by_status: list[Row]
    by_topic: list[Row]
    by_outcome: list[Row]
    incoming_by_sender: list[Row]
    overrides: int


def referral_figures(referrals: QuerySet[Referral], organisation_id: int) -> ReferralFigures:
    """The team lead's figures: counts only, no person."""
    outgoing = referrals.filter(from_organisation_id=organisation_id).order_by()
    incoming = referrals.filter(to_organisation_id=organisation_id).order_by()
    statuses = dict(ReferralStatus.choices)
    outcomes = dict(ReferralOutcome.choices)

    def rows(
        queryset: QuerySet[Referral], field: str, labels: dict[str, Any] | None = None
    ) -> list[Row]:
        grouped = (
            queryset.values(field).annotate(n=Count("id", distinct=True)).order_by("-n", field)
        )
        return [
            Row(str(labels.get(row[field], row[field]) if labels else row[field] or "–"), row["n"])
            for row in grouped
            if row[field] is not None and row[field] != ""
        ]

    return ReferralFigures(
        outgoing_by_recipient=rows(outgoing, "to_organisation__name")
        + rows(outgoing, "to_partner__name"),
        outgoing_by_status=rows(outgoing, "status", statuses),
        by_topic=rows(
            referrals.filter(
                Q(from_organisation_id=organisation_id) | Q(to_organisation_id=organisation_id)
            ).order_by(),
            "topics__name_de",
        ),
        by_outcome=rows(referrals.order_by(), "outcome", outcomes),
        incoming_by_sender=rows(incoming, "from_organisation__name"),
        overrides=outgoing.exclude(override_justification="").count(),
    )
