"""Keyed chaining (HMAC-SHA-256) and verification of the audit trail and access log.

Each entry's ``hash`` is ``"KEY_ID$HEX"``: the HMAC-SHA-256, under the key ``KEY_ID`` of
``settings.AUDIT_CHAIN_KEYS``, of the chain's name, the previous entry's MAC and the entry's
content. New entries are signed with the first (current) key; retired keys stay configured only
to verify what they signed. Without the key nobody can write an entry, or rewrite the chain and
its head consistently.

Entries written before the chain was keyed carry a bare SHA-256 (key id ``sha256-legacy``); they
are accepted only up to the seal the migration to keys wrote (``ChainHead.legacy_until``), so an
attacker cannot rewrite the chain as unkeyed entries either.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from wcr.privacy.models import AccessLog, AccessLogSubject, AuditEvent, ChainedEntry, ChainHead

GENESIS = "0" * 64
LEGACY = "sha256-legacy"
CHAINS: dict[str, type[ChainedEntry]] = {"audit": AuditEvent, "access": AccessLog}

# The columns each chain's MAC covers, in order.
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
    """The subjects of a bulk read as the MAC sees them: sorted (type, code, owner) triples."""
    return _sorted([[s.object_type, s.object_code, s.organisation_id] for s in subjects])


def _sorted(subjects: Iterable[Sequence[Any]]) -> list[list[Any]]:
    return sorted((list(s) for s in subjects), key=lambda s: (s[0], s[1], s[2] or 0))


def _content(chain: str, values: dict[str, Any]) -> str:
    payload = {name: _normalise(values.get(name)) for name in HASHED_FIELDS[chain]}
    subjects = values.get("subjects")
    if subjects:
        # An entry without subjects reads exactly as before subjects existed; one with subjects
        # covers them, so changing, adding or removing one is found.
        payload["subjects"] = _sorted(subjects)
    return json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def key_id_of(mac: str) -> str:
    """The id of the key that made ``mac`` (``sha256-legacy`` for an unkeyed entry)."""
    key_id, dollar, _digest = mac.rpartition("$")
    return key_id if dollar else LEGACY


def signing_key_id() -> str:
    return next(iter(settings.AUDIT_CHAIN_KEYS))


def seal(key_id: str, message: str) -> str:
    """``"KEY_ID$HMAC"`` of ``message`` under the configured key ``key_id`` (KeyError if none)."""
    secret: bytes = settings.AUDIT_CHAIN_KEYS[key_id]
    return f"{key_id}${hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()}"


def entry_hash(
    chain: str, prev_hash: str, values: dict[str, Any], *, key_id: str | None = None
) -> str:
    """The MAC of one entry under ``key_id`` (default: the current signing key);
    ``values["subjects"]`` (a ``subject_list``) for bulk reads."""
    key_id = key_id or signing_key_id()
    text = _content(chain, values)
    if key_id == LEGACY:
        return hashlib.sha256(f"{prev_hash}|{text}".encode()).hexdigest()
    return seal(key_id, f"{chain}|{prev_hash}|{text}")


def anchor_message(chain: str, seq: int, mac: str) -> str:
    return f"{chain}|anchor|{seq}|{mac}"


def legacy_message(chain: str, seq: int, mac: str) -> str:
    return f"{chain}|legacy-until|{seq}|{mac}"


def append(
    chain: str, entry: ChainedEntry, *, subjects: Sequence[AccessLogSubject] = ()
) -> ChainedEntry:
    """Give ``entry`` the next number and its MACs and save it, inside the caller's transaction.

    ``subjects`` (access log only) are the records a bulk read names; they are saved with one
    bulk INSERT and covered by the entry's MAC.

    The chain head row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite runs IMMEDIATE
    transactions, which serialise writers), so two writers never take the same place.
    """
    # No savepoint inside the caller's transaction (two round trips fewer per entry): an entry
    # that cannot be written fails the whole change, as it must.
    with transaction.atomic(savepoint=False):
        head, _created = ChainHead.objects.select_for_update().get_or_create(name=chain)
        entry.seq = head.last_seq + 1
        entry.prev_hash = head.last_hash
        values = {name: getattr(entry, name) for name in HASHED_FIELDS[chain]}
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


@dataclass(frozen=True)
class ExpectedHead:
    """A head mailed earlier (``CHAIN:SEQ:MAC``): the chain must still hold that entry."""

    chain: str
    seq: int
    mac: str

    @classmethod
    def parse(cls, text: str) -> ExpectedHead:
        chain, _colon, rest = text.strip().partition(":")
        seq, _colon, mac = rest.partition(":")
        if chain not in CHAINS or not seq.isdigit() or not mac:
            raise ValueError(f"{text!r} is not CHAIN:SEQ:MAC with CHAIN one of {', '.join(CHAINS)}")
        return cls(chain, int(seq), mac)

    def __str__(self) -> str:
        return f"{self.chain}:{self.seq}:{self.mac}"


@dataclass
class ChainReport:
    """What ``verify_chain`` found: entries checked, how many per key id, the first problem."""

    chain: str
    checked: int = 0
    keys: Counter[str] = field(default_factory=Counter)
    start_seq: int = 0
    head_seq: int = 0
    head_mac: str = GENESIS
    problem: ChainProblem | None = None

    @property
    def key_counts(self) -> list[tuple[str, int]]:
        """(key id, entries) in the order the keys were first used (for templates)."""
        return list(self.keys.items())


def verify(chain: str, *, batch_size: int = 5000) -> tuple[int, ChainProblem | None]:
    """Check one chain from its start to its head; answer (entries checked, first problem)."""
    report = verify_chain(chain, batch_size=batch_size)
    return report.checked, report.problem


def verify_chain(
    chain: str, *, batch_size: int = 5000, expect: ExpectedHead | None = None
) -> ChainReport:
    """Check one chain; with ``expect`` (a head mailed earlier) also that it still holds that
    entry unchanged, so a tail cut off together with the head is found."""
    head = ChainHead.objects.filter(name=chain).first() or ChainHead(name=chain)
    report = ChainReport(chain, start_seq=head.anchor_seq, head_seq=head.last_seq)
    report.head_mac = head.last_hash

    def fail(seq: int, reason: str) -> ChainReport:
        report.problem = ChainProblem(chain, seq, reason)
        return report

    start_problem = _start_problem(chain, head)
    if start_problem:
        return fail(head.anchor_seq + 1, start_problem)
    expected_prev = head.anchor_hash
    expected_seq = head.anchor_seq + 1
    keyed_seen = False
    keys = settings.AUDIT_CHAIN_KEYS
    for row in _rows(chain, batch_size, after=head.anchor_seq):
        seq = row["seq"]
        if seq != expected_seq:
            return fail(expected_seq, "entry is missing (deleted)")
        if row["prev_hash"] != expected_prev:
            return fail(seq, "link to the previous entry is broken")
        key_id = key_id_of(row["hash"])
        if key_id == LEGACY:
            if keyed_seen or seq > head.legacy_until:
                return fail(seq, "unkeyed (sha256-legacy) entry where keyed entries are required")
            if seq == head.legacy_until and not _sealed(
                head.legacy_seal, legacy_message(chain, seq, row["hash"])
            ):
                return fail(seq, "the seal of the entries written before keys does not match")
        elif key_id not in keys:
            return fail(
                seq,
                f"signed with key {key_id!r}, which is not configured "
                "(AUDIT_CHAIN_KEY or AUDIT_CHAIN_OLD_KEYS)",
            )
        else:
            keyed_seen = True
        computed = entry_hash(chain, row["prev_hash"], row, key_id=key_id)
        if not hmac.compare_digest(computed, row["hash"]):
            return fail(seq, f"content was altered (or signed under another key {key_id!r})")
        if expect and seq == expect.seq and row["hash"] != expect.mac:
            return fail(seq, "does not match the head mailed earlier")
        report.keys[key_id] += 1
        expected_prev = row["hash"]
        expected_seq += 1
        report.checked += 1
    if head.last_seq != expected_seq - 1:
        return fail(expected_seq, "entry is missing (deleted)")
    if head.last_hash != expected_prev:
        return fail(expected_seq - 1, "newest entry does not match the chain head")
    if expect and expect.seq > head.last_seq:
        return fail(expect.seq, "is missing: the chain ends before the head mailed earlier (cut)")
    if expect and expect.seq == head.anchor_seq and expect.mac != head.anchor_hash:
        return fail(expect.seq, "does not match the head mailed earlier")
    return report


def _start_problem(chain: str, head: ChainHead) -> str:
    if head.anchor_seq == 0 and head.anchor_hash == GENESIS and not head.anchor_seal:
        return ""
    if not _sealed(head.anchor_seal, anchor_message(chain, head.anchor_seq, head.anchor_hash)):
        return "the chain's starting point (anchor after a retention purge) is not sealed"
    return ""


def _sealed(stored: str, message: str) -> bool:
    key_id = key_id_of(stored)
    if key_id not in settings.AUDIT_CHAIN_KEYS:
        return False
    return hmac.compare_digest(seal(key_id, message), stored)


def _rows(chain: str, batch_size: int, *, after: int) -> Iterator[dict[str, Any]]:
    """The chain's entries in order, in batches by sequence number, each with its subjects."""
    model = CHAINS[chain]
    columns = ["id", *HASHED_FIELDS[chain], "prev_hash", "hash"]
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
