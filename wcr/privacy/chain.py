"""Hashing and verification of the audit trail and access log chains."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from wcr.privacy.models import AccessLog, AuditEvent, ChainedEntry, ChainHead

GENESIS = "0" * 64
CHAINS: dict[str, type[ChainedEntry]] = {"audit": AuditEvent, "access": AccessLog}

# The columns each chain's hash covers, in order.
_COMMON = ["seq", "at", "actor_id", "actor_label", "organisation_id", "object_type", "object_code"]
HASHED_FIELDS: dict[str, list[str]] = {
    "audit": [*_COMMON, "action", "changes"],
    "access": [*_COMMON, "via", "owner_organisation_id", "cross_organisation", "purpose"],
}


def _normalise(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return value


def entry_hash(chain: str, prev_hash: str, values: dict[str, Any]) -> str:
    payload = {field: _normalise(values.get(field)) for field in HASHED_FIELDS[chain]}
    text = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(f"{prev_hash}|{text}".encode()).hexdigest()


def append(chain: str, entry: ChainedEntry) -> ChainedEntry:
    """Give ``entry`` the next number and its hashes and save it, inside the caller's transaction.

    The chain head row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite runs IMMEDIATE
    transactions, which serialise writers), so two writers never take the same place.
    """
    with transaction.atomic():
        head, _created = ChainHead.objects.select_for_update().get_or_create(name=chain)
        entry.seq = head.last_seq + 1
        entry.prev_hash = head.last_hash
        entry.at = entry.at.replace(microsecond=entry.at.microsecond)
        values = {field: getattr(entry, field) for field in HASHED_FIELDS[chain]}
        entry.hash = entry_hash(chain, entry.prev_hash, values)
        entry.save(force_insert=True)
        head.last_seq = entry.seq
        head.last_hash = entry.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


@dataclass(frozen=True)
class ChainProblem:
    chain: str
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"{self.chain} chain, entry #{self.seq}: {self.reason}"


def verify(chain: str, *, batch_size: int = 5000) -> tuple[int, ChainProblem | None]:
    """Check one chain from its first entry to its head; answer (entries checked, first problem)."""
    model = CHAINS[chain]
    fields = HASHED_FIELDS[chain]
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    rows = (
        model.objects.order_by("seq")
        .values(*fields, "prev_hash", "hash")
        .iterator(chunk_size=batch_size)
    )
    for row in rows:
        if row["seq"] != expected_seq:
            return checked, ChainProblem(chain, expected_seq, "entry is missing (deleted)")
        if row["prev_hash"] != expected_prev:
            return checked, ChainProblem(chain, row["seq"], "link to the previous entry is broken")
        if entry_hash(chain, row["prev_hash"], row) != row["hash"]:
            return checked, ChainProblem(chain, row["seq"], "content was altered")
        expected_prev = row["hash"]
        expected_seq += 1
        checked += 1
    head = ChainHead.objects.filter(name=chain).first()
    last_seq = head.last_seq if head else 0
    last_hash = head.last_hash if head else GENESIS
    if last_seq != checked:
        return checked, ChainProblem(chain, checked + 1, "entry is missing (deleted)")
    if last_hash != expected_prev:
        return checked, ChainProblem(chain, checked, "newest entry does not match the chain head")
    return checked, None
