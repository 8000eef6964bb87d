"""Reads of the intake: an organisation's inbox page, and where its forwarded items went."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from wcr.portal.models import IntakeItem
from wcr.portal.models.requests import IntakeStatus


@dataclass(frozen=True)
class IntakeRow:
    item: IntakeItem
    forwarded_to: IntakeItem | None  # the receiver's item, for a forwarded one


def intake_ordered(items: QuerySet[IntakeItem]) -> QuerySet[IntakeItem]:
    """New items first, then by the time received (newest first)."""
    return items.annotate(
        _open=Case(
            When(status=IntakeStatus.NEW, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("_open", "-received_at", "-id")


def intake_rows(items: Iterable[IntakeItem]) -> list[IntakeRow]:
    """The rows of the inbox page, each forwarded item with the receiver's item (one query for
    all of them: the receiver's organisation's name, nothing of its work)."""
    items = list(items)
    forwarded = [item.pk for item in items if item.status == IntakeStatus.FORWARDED]
    onward: dict[int, IntakeItem] = {}
    if forwarded:
        for found in IntakeItem.objects.filter(forwarded_from__in=forwarded).select_related(
            "organisation"
        ):
            assert found.forwarded_from_id is not None
            onward[found.forwarded_from_id] = found
    return [IntakeRow(item, onward.get(item.pk)) for item in items]


def intake_forwarded_to(item: IntakeItem) -> IntakeItem | None:
    """The item the request was forwarded to from ``item`` (or ``None``)."""
    return (
        IntakeItem.objects.filter(forwarded_from=item).select_related("organisation").first()
        if item.status == IntakeStatus.FORWARDED
        else None
    )


def intake_history(item: IntakeItem) -> list[IntakeItem]:
    """The request's path up to ``item``: each earlier item it was forwarded from, oldest first
    (organisation, when, why); what happened after it left the organisation is not shown."""
    chain: list[IntakeItem] = []
    current = item.forwarded_from
    seen = {item.pk}
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        chain.append(current)
        current = (
            IntakeItem.objects.select_related("organisation", "forwarded_from__organisation")
            .filter(pk=current.forwarded_from_id)
            .first()
            if current.forwarded_from_id
            else None
        )
    return list(reversed(chain))


def intake_new_count(organisation_id: int) -> int:
    """The number of new items in the organisation's inbox (the navigation's "Requests (3)")."""
    return IntakeItem.objects.filter(
        organisation_id=organisation_id, status=IntakeStatus.NEW
    ).count()


def intake_status_counts(items: QuerySet[IntakeItem]) -> dict[str, int]:
    counts = items.aggregate(
        **{status: Count("id", filter=Q(status=status)) for status in IntakeStatus.values}
    )
    return {status: counts[status] or 0 for status in IntakeStatus.values}
