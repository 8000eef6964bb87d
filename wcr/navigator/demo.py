"""Demo data of the navigator: one saved result on the first open person case of each partner,
so the demo shows advice on record. Idempotent; called by ``seed_demo`` through
``manage.py seed_navigator_demo`` (the accounts app does not import the navigator)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from wcr.accounts.models import Organisation
from wcr.cases.models import Case, CaseStatus
from wcr.navigator.models import Assessment
from wcr.navigator.prefill import person_answers
from wcr.navigator.services import assessment_save
from wcr.navigator.wizard import answers_to_facts


def seed_assessments() -> int:
    created = 0
    for organisation in Organisation.objects.order_by("slug"):
        case = (
            Case.objects.filter(
                organisation=organisation, person__isnull=False, counsellor__isnull=False
            )
            .filter(~Q(status=CaseStatus.CLOSED))
            .select_related("person", "counsellor")
            .order_by("created_at")
            .first()
        )
        if case is None or case.counsellor is None or case.person is None:
            continue
        if Assessment.objects.filter(case=case).exists():
            continue
        facts = answers_to_facts(person_answers(case.person, today=timezone.localdate()))
        facts.update({"goal": "employment", "job_offer": {"qualified": True}})
        assessment_save(
            actor=case.counsellor,
            case=case,
            facts=facts,
            language="de",
            note="Demo: Ergebnis aus dem Erstgespräch, Arbeitsangebot noch ohne Gehalt.",
        )
        created += 1
    return created
