"""One-line logging for every later view and service, and the one path that removes log entries.

``audit_record`` is called by services inside their transaction; ``access_log_read`` by views
and API endpoints whenever a person's record is read or exported; ``access_log_bulk_read`` once
per request by lists, search results, API lists and exports, naming every record they show.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone

from wcr.core.mail import mail_send
from wcr.privacy.chain import (
    CHAINS,
    ExpectedHead,
    anchor_message,
    append,
    seal,
    signing_key_id,
)
from wcr.privacy.guard import log_deletion_allowed
from wcr.privacy.models import AccessLog, AccessLogSubject, AuditEvent, ChainHead

logger = logging.getLogger("wcr.audit")

if TYPE_CHECKING:
    from wcr.accounts.models import Organisation, User
    from wcr.core.request import WcrRequest


def _object_type(obj: models.Model) -> str:
    return obj._meta.label_lower


def _object_code(obj: models.Model) -> str:
    return str(getattr(obj, "code", None) or obj.pk)


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return "system"
    return actor.get_username()


def audit_record(
    *,
    actor: User | None,
    organisation: Organisation | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append a change to the audit trail: ``changes`` maps a field to ``{"old": …, "new": …}``."""
    event = AuditEvent(
        at=timezone.now(),
        actor=actor,
        actor_label=_actor_label(actor),
        organisation=organisation,
        object_type=_object_type(obj),
        object_code=_object_code(obj),
        action=action,
        changes=changes or {},
    )
    append("audit", event)
    return event


def access_log_read(
    request: WcrRequest,
    obj: models.Model,
    *,
    owner: Organisation | None,
    via: str | None = None,
    purpose: str = "",
) -> AccessLog:
    """Record that the request's user read ``obj`` (a person's record, a case, an export).

    ``owner`` is the organisation owning the record; a read by anyone acting for another
    organisation is marked cross-organisation.
    """
    reader_org = request.organisation
    entry = AccessLog(
        at=timezone.now(),
        actor=request.user if request.user.is_authenticated else None,
        actor_label=_actor_label(request.user if request.user.is_authenticated else None),
        organisation=reader_org,
        object_type=_object_type(obj),
        object_code=_object_code(obj),
        via=via or _via(request),
        owner_organisation=owner,
        cross_organisation=owner is not None and (reader_org is None or reader_org.pk != owner.pk),
        purpose=purpose,
    )
    append("access", entry)
    return entry


def access_log_bulk_read(
    request: WcrRequest, subjects: Iterable[models.Model], *, purpose: str = "list"
) -> None:
    """Record that the request showed the user ``subjects`` (persons, cases, companies): one
    entry naming them all, found by "who accessed this person" like a single read.

    ``subjects`` are instances already loaded by the page; only their ``code`` and
    ``organisation_id`` are read, so this costs one INSERT for the entry and one for the subject
    rows, however many they are. Nothing is written when there are none.
    """
    rows = [
        AccessLogSubject(
            object_type=_object_type(obj),
            object_code=_object_code(obj),
            organisation_id=getattr(obj, "organisation_id", None),
        )
        for obj in subjects
    ]
    if not rows:
        return
    reader_org = request.organisation
    reader_id = reader_org.pk if reader_org is not None else None
    types = {row.object_type for row in rows}
    owners = {row.organisation_id for row in rows}
    actor = request.user if request.user.is_authenticated else None
    entry = AccessLog(
        at=timezone.now(),
        actor=actor,
        actor_label=_actor_label(actor),
        organisation=reader_org,
        object_type=types.pop() if len(types) == 1 else "several",
        object_code="",
        via=_via(request),
        # One owner for all subjects: named, as for a single read; several: on the subject rows.
        owner_organisation_id=owners.pop() if len(owners) == 1 else None,
        cross_organisation=any(
            row.organisation_id is not None and row.organisation_id != reader_id for row in rows
        ),
        purpose=purpose,
    )
    append("access", entry, subjects=rows)


def _via(request: WcrRequest) -> str:
    match = request.resolver_match
    name = match.view_name if match else ""
    return f"{request.method} {request.path}" + (f" ({name})" if name else "")


def audit_purge_before(*, actor: User | None, before: datetime.datetime) -> dict[str, int]:
    """Remove the audit-trail and access-log entries older than ``before`` (retention): the one
    privileged path past the database's append-only triggers.

    In one transaction: an audit entry first says what goes (per chain, up to which entry); then
    the entries go (with their subject rows), and each chain's anchor moves to the newest removed
    entry, sealed with the current key, so verification starts there. Only a prefix of each chain
    is removed (up to the first entry at or after ``before``), never the newest entry of the
    audit trail (the purge's own entry). Answers the number of entries removed per chain.
    """
    if timezone.is_naive(before) or before > timezone.now():
        raise ValueError("before must be an aware time in the past")
    with transaction.atomic():
        heads = {
            head.name: head
            for head in ChainHead.objects.select_for_update().filter(name__in=list(CHAINS))
        }
        until: dict[str, int] = {}
        for chain, model in CHAINS.items():
            head = heads.get(chain)
            if head is None:
                continue
            first_kept = (
                model.objects.filter(seq__gt=head.anchor_seq, at__gte=before)
                .order_by("seq")
                .values_list("seq", flat=True)
                .first()
            )
            last_removed = head.last_seq if first_kept is None else first_kept - 1
            if last_removed > head.anchor_seq:
                until[chain] = last_removed
        if not until:
            return {chain: 0 for chain in CHAINS}
        audit_head = heads.get("audit") or ChainHead(name="audit")
        audit_record(
            actor=actor,
            organisation=None,
            action="audit.retention_purge",
            obj=audit_head,
            changes={
                "before": {"old": None, "new": before.isoformat()},
                **{
                    f"{chain}.removed_until_seq": {"old": heads[chain].anchor_seq, "new": seq}
                    for chain, seq in until.items()
                },
            },
        )
        removed = {chain: 0 for chain in CHAINS}
        with log_deletion_allowed(connection), connection.cursor() as cursor:
            for chain, seq in until.items():
                removed[chain] = _purge_chain(cursor, chain, seq)
    return removed


def _purge_chain(cursor: Any, chain: str, until_seq: int) -> int:
    model = CHAINS[chain]
    table = model._meta.db_table
    anchor_mac = model.objects.filter(seq=until_seq).values_list("hash", flat=True).get()
    if model is AccessLog:
        cursor.execute(
            f"DELETE FROM {AccessLogSubject._meta.db_table} WHERE entry_id IN "  # noqa: S608
            f"(SELECT id FROM {table} WHERE seq <= %s)",
            [until_seq],
        )
    cursor.execute(f"DELETE FROM {table} WHERE seq <= %s", [until_seq])  # noqa: S608
    count: int = cursor.rowcount
    ChainHead.objects.filter(name=chain).update(
        anchor_seq=until_seq,
        anchor_hash=anchor_mac,
        anchor_seal=seal(signing_key_id(), anchor_message(chain, until_seq, anchor_mac)),
    )
    return count


def audit_chain_heads_send() -> tuple[list[ExpectedHead], int]:
    """Log the head of each chain (``CHAIN:SEQ:MAC``) and mail them to every data protection
    officer: kept outside the database, they later show whether the chain was cut
    (``verify_audit_chain --expect-head``). Heads are no personal data. Answers the heads and
    the number of mails enqueued."""
    from wcr.accounts.models import Membership, Role

    stored = {row.name: row for row in ChainHead.objects.filter(name__in=list(CHAINS))}
    heads = [
        ExpectedHead(chain, stored[chain].last_seq, stored[chain].last_hash)
        for chain in CHAINS
        if chain in stored
    ]
    for head in heads:
        logger.info("audit chain head %s", head)
    officers = (
        Membership.objects.active()
        .filter(role=Role.DATA_PROTECTION)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__email")
    )
    recipients: dict[str, str] = {}
    for membership in officers:
        recipients.setdefault(membership.user.email, membership.user.preferred_language)
    now = timezone.now()
    for email, language in recipients.items():
        mail_send(
            to=[email],
            template="emails/audit_chain_heads",
            context={"heads": [str(head) for head in heads], "at": now.isoformat()},
            language=language if language in ("de", "en") else "de",
        )
    return heads, len(recipients)
