"""Reads of the access log and audit trail for the data protection officer's pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from wcr.privacy.models import AccessLog, AccessLogSubject, AuditEvent, ChainedEntry
from wcr.privacy.sentences import Description, Text, describe, object_kind


def access_log_entries(
    organisation_ids: Iterable[int], *, object_code: str = ""
) -> QuerySet[AccessLog, Any]:
    """Access-log entries that concern ``organisation_ids``, as reader or as owner of a record
    read (also one record among the subjects of a bulk read), newest first.

    ``object_code`` narrows them to "who accessed this record": single reads of it and bulk reads
    (lists, searches, API pages, exports) that named it. Each entry carries ``subject_count``.
    """
    orgs = list(organisation_ids)
    subjects = AccessLogSubject.objects.filter(entry=OuterRef("pk"))
    entries = AccessLog.objects.filter(
        Q(organisation_id__in=orgs)
        | Q(owner_organisation_id__in=orgs)
        | Exists(subjects.filter(organisation_id__in=orgs))
    )
    if object_code:
        entries = entries.filter(
            Q(object_code=object_code) | Exists(subjects.filter(object_code=object_code))
        )
    counts = (
        AccessLogSubject.objects.filter(entry=OuterRef("pk"))
        .order_by()
        .values("entry")
        .annotate(n=Count("pk"))
        .values("n")
    )
    page: QuerySet[AccessLog] = (
        entries.select_related("organisation", "owner_organisation", "actor")
        .annotate(subject_count=Coalesce(Subquery(counts), 0))
        .order_by("-seq")
    )
    return page


# What an access-log entry's purpose (the page or endpoint's reason to read) means; the kind
# filter's values, "read" standing for a plain read (no purpose).
PURPOSES: dict[str, Text] = {
    "read": _("Opened the record"),
    "write": _("Opened to change"),
    "list": _("Shown in a list"),
    "search": _("Shown in search results"),
    "duplicates": _("Shown as a possible duplicate"),
    "api": _("Read through the API"),
}
PURPOSE_OF = {key: "" if key == "read" else key for key in PURPOSES}


def access_kinds() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in PURPOSES.items()]


@dataclass(frozen=True)
class LogRow:
    """One entry of the officer's logs in words."""

    entry: Any  # AuditEvent or AccessLog
    who: str  # the actor's display name
    about: str  # "Case" or "Person" (the object's kind, in the reader's language)
    description: Description | None = None  # audit trail: the change in words
    purpose: str = ""  # access log: why it was read, in words


def _who(entry: ChainedEntry) -> str:
    """The actor's display name, or the name kept on the entry (an anonymised account keeps
    its entries readable; an entry without an actor was written by the system)."""
    actor = entry.actor
    if actor is not None and actor.username == entry.actor_label:
        return str(actor)
    return entry.actor_label or str(_("the system"))


def _about(entry: ChainedEntry) -> str:
    if entry.object_type == "several":
        return str(_("Records of several kinds"))
    return object_kind(entry.object_type)


def audit_rows(entries: Sequence[AuditEvent]) -> list[LogRow]:
    """A page of the audit trail in words; the users the changes name are looked up in one
    query (the actors come with the entries)."""
    entries = list(entries)
    known = {"user": {e.actor_label: _who(e) for e in entries if e.actor is not None}}
    descriptions = describe(entries, codes=True, known=known)
    return [
        LogRow(entry, _who(entry), _about(entry), description)
        for entry, description in zip(entries, descriptions, strict=True)
    ]


def access_rows(entries: Sequence[AccessLog]) -> list[LogRow]:
    return [
        LogRow(
            entry,
            _who(entry),
            _about(entry),
            purpose=str(PURPOSES.get(entry.purpose or "read", entry.purpose)),
        )
        for entry in entries
    ]
