"""Reads of the navigator. Callers pass a case they got from the tenancy gate
(``accounts.access.access_case``), so an assessment is never read past it."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from wcr.cases.models import Case
from wcr.navigator.models import Assessment


def assessments_of_case(case: Case) -> QuerySet[Assessment]:
    return (
        Assessment.objects.for_org(case.organisation_id)
        .filter(case=case)
        .select_related("created_by")
    )


def assessment_of_case(case: Case, code: uuid.UUID) -> Assessment | None:
    return assessments_of_case(case).filter(code=code).first()
