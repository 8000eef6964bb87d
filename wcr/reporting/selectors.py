"""Reads of ESF+ participant data for the worklists (always one organisation's)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from wcr.cases.models import Case, CaseStatus, Contact
from wcr.core.deadlines import add_months
from wcr.referrals.models import Consent, valid_consent_condition
from wcr.reporting.models import Participation, participant_minutes
from wcr.reporting.services import EXIT_DATA_DAYS, FOLLOW_UP_MONTHS, FOLLOW_UP_PURPOSE

WORKLIST_LIMIT = 200


def _minutes() -> Coalesce:
    total = (
        Contact.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(minutes=Sum("duration_minutes"))
        .values("minutes")
    )
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def cases_without_entry(organisation_id: int) -> QuerySet[Case]:
    """Cases of persons marked as ESF+ participants whose counselling reached the threshold
    and whose entry data are not recorded yet."""
    return (
        Case.objects.filter(  # gate: one organisation's, passed by the view's access function
            organisation_id=organisation_id, esf_participant=True, person__isnull=False
        )
        .annotate(minutes=_minutes())
        .filter(minutes__gte=participant_minutes())
        .exclude(Exists(Participation.objects.filter(case=OuterRef("pk"))))
        .select_related("person", "counsellor")
        .order_by("opened_on", "id")
    )


def incomplete_participations(organisation_id: int) -> QuerySet[Participation]:
    return (
        Participation.objects.for_org(organisation_id)
        .filter(complete=False)
        .select_related("person", "case")
        .order_by("entry_date", "id")
    )


def exits_overdue(organisation_id: int, today: datetime.date) -> QuerySet[Participation]:
    """Participants whose case closed more than four weeks ago without exit data."""
    return (
        Participation.objects.for_org(organisation_id)
        .filter(
            exit_recorded_at__isnull=True,
            case__status=CaseStatus.CLOSED,
            case__closed_on__lt=today - datetime.timedelta(days=EXIT_DATA_DAYS),
        )
        .select_related("person", "case")
        .order_by("case__closed_on", "id")
    )


def follow_ups_due(organisation_id: int, today: datetime.date) -> QuerySet[Participation]:
    """Participants who left six months ago or more and whose six-month status is not known;
    ``has_consent``: they agreed to be asked by mail."""
    consent = Consent.objects.filter(
        valid_consent_condition(),
        person_id=OuterRef("person_id"),
        controller_id=OuterRef("organisation_id"),
        purpose__slug=FOLLOW_UP_PURPOSE,
    )
    return (
        Participation.objects.for_org(organisation_id)
        .filter(exit_date__lte=add_months(today, -FOLLOW_UP_MONTHS), status_6m="")
        .annotate(has_consent=Exists(consent))
        .select_related("person", "case")
        .order_by("exit_date", "id")
    )


def counselling_minutes(case: Case) -> int:
    total = Contact.objects.filter(case=case).aggregate(minutes=Sum("duration_minutes"))
    return int(total["minutes"] or 0)
