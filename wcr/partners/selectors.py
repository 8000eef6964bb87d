"""Reads of the directory, for the portal, the staff list and the API."""

from __future__ import annotations

import re
import uuid

from django.db.models import Case, IntegerField, Q, Value, When

from wcr.partners.models import Partner, PartnerQuerySet

_AGS = re.compile(r"^\d{8}$")
NRW_LAND_KEY = "05"  # the first two digits of every AGS in North Rhine-Westphalia

# Local bodies first (they serve the municipality itself), then the ones for all of NRW; within
# each, by kind in this order (the authorities a newcomer needs first), then by name.
KIND_ORDER = (
    "foreigners_office",
    "zfe",
    "employment_agency",
    "jobcenter",
    "recognition_counselling",
    "recognition_body",
    "chamber",
    "integration_centre",
    "welcome_centre",
    "mbe",
    "jmd",
    "other",
)


def _kind_rank() -> Case:
    return Case(
        *(When(kind=kind, then=Value(rank)) for rank, kind in enumerate(KIND_ORDER)),
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )


def partners_for(topic: str | None = None, municipality_ags: str | None = None) -> list[Partner]:
    """Active partners, optionally only those for ``topic`` (a topic's slug: the partner's own
    topics or one of its services') and serving ``municipality_ags`` (by name, or all of NRW
    when the key is one of North Rhine-Westphalia's).
    With a municipality: its own bodies first, then the NRW-wide ones; then by kind and name.
    An unknown topic or a malformed key finds nothing."""
    return list(partners_query(topic, municipality_ags).with_details())


def partners_query(
    topic: str | None = None, municipality_ags: str | None = None
) -> PartnerQuerySet:
    """``partners_for`` as a queryset (for paging), without the prefetches."""
    partners = Partner.objects.active()
    if topic:
        partners = partners.filter(Q(topics__slug=topic) | Q(services__topics__slug=topic))
    local: Value | Case = Value(0, output_field=IntegerField())
    if municipality_ags is not None:
        ags = municipality_ags.strip()
        if not _AGS.match(ags):
            return Partner.objects.none()
        serves = Q(municipalities__ags=ags)
        if ags.startswith(NRW_LAND_KEY):
            serves |= Q(serves_all_nrw=True)
        partners = partners.filter(serves)
        local = Case(
            When(serves_all_nrw=True, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    ids = partners.values("pk")
    return (
        Partner.objects.filter(pk__in=ids)
        .annotate(local_rank=local, kind_rank=_kind_rank())
        .order_by("local_rank", "kind_rank", "name", "pk")
    )


def partner_by_code(code: str | uuid.UUID, *, active_only: bool = True) -> Partner | None:
    """The partner with this public code (inactive ones only when ``active_only`` is off), with
    its details; ``None`` when unknown or malformed."""
    try:
        parsed = code if isinstance(code, uuid.UUID) else uuid.UUID(str(code))
    except ValueError:
        return None
    partners = Partner.objects.active() if active_only else Partner.objects.all()
    return partners.with_details().filter(code=parsed).first()
