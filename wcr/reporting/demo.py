"""Demo ESF+ participant data for ``seed_demo``: entry data for most cases of persons marked as
participants (some incomplete, so the worklists show something), exit data for most closed
ones, some six-month statuses. Deterministic; idempotent (cases with entry data are skipped)."""

from __future__ import annotations

import datetime
import random

from wcr.accounts.models import Membership, Role
from wcr.cases.models import Case, CaseStatus
from wcr.reporting.models import LabourStatus, Participation
from wcr.reporting.services import (
    EntryInput,
    ExitInput,
    entry_from_person,
    participation_record_entry,
    participation_record_exit,
)

LABOUR = [
    LabourStatus.UNEMPLOYED,
    LabourStatus.UNEMPLOYED,
    LabourStatus.LONG_TERM_UNEMPLOYED,
    LabourStatus.INACTIVE,
    LabourStatus.EMPLOYED,
    LabourStatus.EMPLOYED,
    LabourStatus.SELF_EMPLOYED,
]


def seed_participations() -> int:
    """Record the demo entry (and exit) data; answer how many participations were made."""
    rng = random.Random(2026)  # noqa: S311 (demo data, not security)
    done = set(Participation.objects.values_list("case_id", flat=True))
    cases = (
        Case.objects.filter(esf_participant=True, person__isnull=False)
        .exclude(pk__in=done)
        .select_related("person", "person__municipality", "organisation", "counsellor")
        .order_by("id")
    )
    actors = {
        m.organisation_id: m.user
        for m in Membership.objects.filter(role=Role.COUNSELLOR, is_active=True).select_related(
            "user"
        )
    }
    created = 0
    for case in cases:
        actor = case.counsellor or actors.get(case.organisation_id)
        if actor is None or case.person is None:
            continue
        data: EntryInput = entry_from_person(case.person, entry_date=case.opened_on)
        incomplete = rng.random() < 0.1
        data.labour_status = "" if incomplete else rng.choice(LABOUR)
        data.isced = None if incomplete and rng.random() < 0.5 else rng.choice(range(9))
        if not data.gender:
            data.gender = rng.choice("ffmmd" if rng.random() < 0.05 else "ffmm")
        if data.date_of_birth is None and not incomplete:
            data.date_of_birth = datetime.date(rng.randrange(1965, 2006), 1 + rng.randrange(12), 1)
        data.foreign_background = rng.choice([True, True, False, None])
        data.homeless = rng.choice([False, False, False, None, True])
        data.rural = rng.choice([False, True, None])
        if rng.random() < 0.3:
            data.disability = rng.random() < 0.15
            data.minority = rng.choice([False, None, True])
        participation = participation_record_entry(actor=actor, case=case, data=data)
        created += 1
        if case.status == CaseStatus.CLOSED and case.closed_on and rng.random() < 0.8:
            situation = rng.sample(
                ["job_searching", "education_training", "qualification_gained", "employed"],
                rng.randrange(1, 3),
            )
            status = rng.choice(["", "", "employed", "not_employed", "self_employed"])
            participation_record_exit(
                actor=actor,
                participation=participation,
                data=ExitInput(
                    exit_date=max(case.closed_on, participation.entry_date),
                    exit_situation=situation,
                    status_6m=status,
                ),
            )
    return created
