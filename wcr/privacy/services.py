"""One-line logging for every later view and service.

``audit_record`` is called by services inside their transaction; ``access_log_read`` by views
and API endpoints whenever a person's record is read or exported; ``access_log_bulk_read`` once
per request by lists, search results, API lists and exports, naming every record they show.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from wcr.privacy.chain import append
from wcr.privacy.models import AccessLog, AccessLogSubject, AuditEvent

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
