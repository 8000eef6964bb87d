"""The directory's seed: ``data/partners.json`` loaded into the database, idempotently.

Each entry has a stable ``key``; loading updates the entry with that key or creates it, so a
second run changes nothing. An entry a person has edited or checked in the staff area
(``edited_at`` or ``checked_by`` set) is theirs from then on: the loader leaves it unless asked
to overwrite. Entries with ``region_authority`` take their name, web page, address, source and
confidence from the region data (``wcr/region/data/authorities.csv``, loaded by the region's
migration) and serve the municipalities that authority serves (``overlays.csv``).

Used by ``manage.py load_partners`` (production) and by ``seed_demo`` (docs/partners.md).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from wcr.cases.models import Topic
from wcr.partners.models import (
    Partner,
    PartnerContact,
    PartnerKind,
    PartnerLocation,
    PartnerService,
)
from wcr.privacy.services import audit_record
from wcr.region.models import AUTHORITY_FIELDS, Authority, Confidence, Municipality

DATA_FILE = Path(__file__).resolve().parent / "data" / "partners.json"
AUDIT_LOADED = "partner.loaded"

PARTNER_FIELDS = ("name", "kind", "description", "website", "email", "phone", "languages")
SERVICE_FIELDS = (
    "name",
    "description",
    "eligibility",
    "languages",
    "fees",
    "application_process",
    "url",
)
LOCATION_FIELDS = (
    "name",
    "street_address",
    "postal_code",
    "city",
    "opening_hours",
    "accessibility",
)
CONTACT_FIELDS = ("name", "role", "email", "phone")
_ADDRESS = re.compile(r"^(?P<street_address>.+?),\s*(?P<postal_code>\d{5})\s+(?P<city>.+)$")


class SeedError(ValueError):
    """The data file is wrong: the message names the entry and the field."""


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited or checked by a person


def read_entries(path: Path = DATA_FILE) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["partners"]
    return entries


def _authority_address(address: str) -> dict[str, str] | None:
    match = _ADDRESS.match(address)
    if match is None:
        return None
    return {"name": "", **match.groupdict()}


def resolve(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry with everything the region data adds; its municipalities as AGS codes."""
    key = entry.get("key", "?")
    resolved = dict(entry)
    ags: set[str] = set(entry.get("municipalities", []))
    districts = entry.get("districts", [])
    if districts:
        ags |= set(
            Municipality.objects.filter(district__ags__in=districts).values_list("ags", flat=True)
        )
    slug = entry.get("region_authority")
    if slug:
        authority = Authority.objects.filter(slug=slug).first()
        if authority is None:
            raise SeedError(f"{key}: region_authority {slug!r} is not in the region data")
        resolved.setdefault("name", authority.name)
        resolved.setdefault("website", authority.url)
        resolved.setdefault("confidence", authority.confidence)
        resolved.setdefault(
            "source",
            f"wcr/region/data/authorities.csv ({slug}): {authority.source}; municipalities "
            "served: wcr/region/data/overlays.csv",
        )
        location = _authority_address(authority.address)
        if location and "locations" not in entry:
            resolved["locations"] = [location]
        served = Q()
        for name in AUTHORITY_FIELDS:
            served |= Q(**{f"{name}__slug": slug})
        ags |= set(Municipality.objects.filter(served).values_list("ags", flat=True))
    resolved["municipalities"] = sorted(ags)
    _check(resolved)
    return resolved


def _check(entry: dict[str, Any]) -> None:
    key = entry.get("key", "?")
    for name in ("key", "name", "kind", "source", "confidence"):
        if not entry.get(name):
            raise SeedError(f"{key}: {name} is missing")
    if entry["kind"] not in PartnerKind.values:
        raise SeedError(f"{key}: kind {entry['kind']!r} is not one of {PartnerKind.values}")
    if entry["confidence"] not in Confidence.values:
        raise SeedError(f"{key}: confidence {entry['confidence']!r} is unknown")
    if entry.get("serves_all_nrw") and entry["municipalities"]:
        raise SeedError(f"{key}: serves_all_nrw and municipalities exclude each other")
    if not entry.get("serves_all_nrw") and not entry["municipalities"]:
        raise SeedError(f"{key}: serves no municipality and not all of NRW")


def _topics(slugs: list[str], key: str) -> list[Topic]:
    topics = list(Topic.objects.filter(slug__in=slugs))
    if len(topics) != len(set(slugs)):
        unknown = sorted(set(slugs) - {t.slug for t in topics})
        raise SeedError(f"{key}: unknown topics {unknown}")
    return topics


def _snapshot(partner: Partner) -> dict[str, Any]:
    """What the loader compares to decide "unchanged"."""
    return {
        **{name: getattr(partner, name) for name in PARTNER_FIELDS},
        "serves_all_nrw": partner.serves_all_nrw,
        "source": partner.source,
        "confidence": partner.confidence,
        "topics": sorted(t.slug for t in partner.topics.all()),
        "municipalities": sorted(m.ags for m in partner.municipalities.all()),
        "services": [
            {
                **{name: getattr(s, name) for name in SERVICE_FIELDS},
                "topics": sorted(t.slug for t in s.topics.all()),
            }
            for s in partner.services.all()
        ],
        "locations": [
            {n: getattr(loc, n) for n in LOCATION_FIELDS} for loc in partner.locations.all()
        ],
        "contacts": [{n: getattr(c, n) for n in CONTACT_FIELDS} for c in partner.contacts.all()],
    }


def _parts[M: PartnerService | PartnerLocation | PartnerContact](
    partner: Partner, manager: Any, rows: list[dict[str, Any]], names: tuple[str, ...]
) -> list[M]:
    """Update the partner's services, locations or contacts by position; drop the rest."""
    kept: list[M] = []
    existing = list(manager.all())
    for position, row in enumerate(rows):
        values = {name: row.get(name, "") for name in names}
        if position < len(existing):
            part = existing[position]
            for name, value in values.items():
                setattr(part, name, value)
            part.save()
        else:
            part = manager.create(**values)
        kept.append(part)
    for part in existing[len(rows) :]:
        part.delete()
    return kept


def _apply(partner: Partner, entry: dict[str, Any], topics: list[Topic]) -> None:
    key = entry["key"]
    for name in PARTNER_FIELDS:
        setattr(partner, name, entry.get(name, ""))
    partner.serves_all_nrw = bool(entry.get("serves_all_nrw", False))
    partner.source = entry["source"]
    partner.confidence = entry["confidence"]
    partner.save()
    partner.topics.set(topics)
    partner.municipalities.set(Municipality.objects.filter(ags__in=entry["municipalities"]))
    services: list[PartnerService] = _parts(
        partner, partner.services, entry.get("services", []), SERVICE_FIELDS
    )
    for service, row in zip(services, entry.get("services", []), strict=True):
        service.topics.set(_topics(row.get("topics", []), key))
    _parts(partner, partner.locations, entry.get("locations", []), LOCATION_FIELDS)
    _parts(partner, partner.contacts, entry.get("contacts", []), CONTACT_FIELDS)


def partners_load(*, path: Path = DATA_FILE, overwrite: bool = False) -> LoadResult:
    """Load the data file: create new entries, update changed ones (by ``key``), keep those a
    person edited or checked unless ``overwrite``. One audit event per created or updated
    entry. Nothing is stored when any entry is wrong (``SeedError`` names it)."""
    result = LoadResult()
    with transaction.atomic():
        for raw in read_entries(path):
            entry = resolve(raw)
            key = entry["key"]
            topics = _topics(entry.get("topics", []), key)
            partner = Partner.objects.filter(key=key).first()
            if partner is None:
                partner = Partner(key=key)
                _apply(partner, entry, topics)
                result.created.append(key)
                audit_record(
                    actor=None,
                    organisation=None,
                    action=AUDIT_LOADED,
                    obj=partner,
                    changes={"key": {"old": None, "new": key}},
                )
                continue
            if (partner.edited_at or partner.checked_by_id) and not overwrite:
                result.kept.append(key)
                continue
            before = _snapshot(partner)
            _apply(partner, entry, topics)
            after = _snapshot(partner)
            if before == after:
                result.unchanged.append(key)
                continue
            result.updated.append(key)
            changes = {
                name: {"old": before[name], "new": after[name]}
                for name in after
                if before[name] != after[name] and not isinstance(after[name], list)
            }
            audit_record(
                actor=None, organisation=None, action=AUDIT_LOADED, obj=partner, changes=changes
            )
    return result
