"""Hashing and verification of the audit trail and access log chains."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from wcr.privacy.models import AccessLog, AccessLogSubject, AuditEvent, ChainedEntry, ChainHead

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


def subject_list(subjects: Sequence[AccessLogSubject]) -> list[list[Any]]:
    """The subjects of a bulk read as the hash sees them: sorted (type, code, owner) triples."""
    return _sorted([[s.object_type, s.object_code, s.organisation_id] for s in subjects])


def _sorted(subjects: Iterable[Sequence[Any]]) -> list[list[Any]]:
    return sorted((list(s) for s in subjects), key=lambda s: (s[0], s[1], s[2] or 0))


def entry_hash(chain: str, prev_hash: str, values: dict[str, Any]) -> str:
    """The hash of one entry; ``values["subjects"]`` (a ``subject_list``) for bulk reads.

    An entry without subjects hashes exactly as before subjects existed, so older entries stay
    valid; an entry with subjects covers them, so changing, adding or removing one is found.
    """
    payload = {field: _normalise(values.get(field)) for field in HASHED_FIELDS[chain]}
    subjects = values.get("subjects")
    if subjects:
        payload["subjects"] = _sorted(subjects)
    text = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(f"{prev_hash}|{text}".encode()).hexdigest()


def append(
    chain: str, entry: ChainedEntry, *, subjects: Sequence[AccessLogSubject] = ()
) -> ChainedEntry:
    """Give ``entry`` the next number and its hashes and save it, inside the caller's transaction.

    ``subjects`` (access log only) are the records a bulk read names; they are saved with one
    bulk INSERT and covered by the entry's hash.

    The chain head row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite runs IMMEDIATE
    transactions, which serialise writers), so two writers never take the same place.
    """
    with transaction.atomic():
        head, _created = ChainHead.objects.select_for_update().get_or_create(name=chain)
        entry.seq = head.last_seq + 1
        entry.prev_hash = head.last_hash
        values = {field: getattr(entry, field) for field in HASHED_FIELDS[chain]}
        values["subjects"] = subject_list(subjects)
        entry.hash = entry_hash(chain, entry.prev_hash, values)
        entry.save(force_insert=True)
        if subjects:
            for subject in subjects:
                subject.entry = entry  # type: ignore[assignment]
            AccessLogSubject.objects.bulk_create(subjects)
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
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    for row in _rows(chain, batch_size):
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


def _rows(chain: str, batch_size: int) -> Iterator[dict[str, Any]]:
    """The chain's entries in order, in batches by sequence number, each with its subjects."""
    model = CHAINS[chain]
    columns = ["id", *HASHED_FIELDS[chain], "prev_hash", "hash"]
    after = 0
    while True:
        batch = list(
            model.objects.filter(seq__gt=after).order_by("seq").values(*columns)[:batch_size]
        )
        if not batch:
            return
        subjects: dict[int, list[list[Any]]] = defaultdict(list)
        if chain == "access":
            in_batch = AccessLogSubject.objects.filter(
                entry__seq__gt=after, entry__seq__lte=batch[-1]["seq"]
            ).values_list("entry_id", "object_type", "object_code", "organisation_id")
            for entry_id, *subject in in_batch:
                subjects[entry_id].append(subject)
        for row in batch:
            row["subjects"] = subjects.get(row["id"])
            yield row
        after = batch[-1]["seq"]
