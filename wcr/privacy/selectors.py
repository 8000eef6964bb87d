"""Reads of the access log and audit trail for the data protection officer's pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from wcr.privacy.models import AccessLog, AccessLogSubject


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
        entries.select_related("organisation", "owner_organisation")
        .annotate(subject_count=Coalesce(Subquery(counts), 0))
        .order_by("-seq")
    )
    return page
