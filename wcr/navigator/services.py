"""Writes of the navigator: saving a result to a case."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from wcr.accounts.models import User
from wcr.cases.models import Case
from wcr.navigator.engine import evaluate, parse_facts
from wcr.navigator.kb import knowledge_base
from wcr.navigator.models import Assessment
from wcr.privacy.services import audit_record


def assessment_save(
    *, actor: User, case: Case, facts: dict[str, Any], language: str, note: str = ""
) -> Assessment:
    """Evaluate ``facts`` now and keep facts, result and knowledge-base version on the case.
    Raises ``FactsError`` for malformed facts."""
    kb = knowledge_base()
    result = evaluate(parse_facts(facts, today=timezone.localdate()), kb, lang=language)
    with transaction.atomic():
        assessment = Assessment.objects.create(
            organisation=case.organisation,
            case=case,
            facts=facts,
            result=result,
            kb_version=kb.version,
            as_of=result["as_of"],
            language=language,
            note=note,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            organisation=case.organisation,
            action="navigator.assessment_saved",
            obj=case,
            changes={
                "assessment": {"old": None, "new": str(assessment.code)},
                "kb_version": {"old": None, "new": kb.version},
            },
        )
    return assessment
