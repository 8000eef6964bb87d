"""Synthetic ESF+ participations for ``manage.py generate_synthetic`` and the benchmarks.

Registered as an extension of the generator (``wcr.core.synthetic``, in ``ReportingConfig.ready``):
for every generated case marked ``esf_participant`` that has a person, one participation (source
"case") entered on the day the case was opened and, when the case is closed, left on the day it
was closed. Distributions: gender f/m/d about 45/53/2 %, age at entry 16-67, a labour-status mix,
ISCED 0-8, nationalities mostly of third countries with some EU and some dual citizens, about 8 %
incomplete (ISCED or labour status missing), the Art. 9 items stated for about 30 % (sealed with
``Participation.set_special``), exit situations for those who left, the six-month status for
some of those who left more than six months ago. The derived columns come from
``Participation.derive``, as on every save.

``draw_participation`` is also what ``benchmarks/esf.py`` uses to bulk-insert a million rows.
"""

from __future__ import annotations

import datetime
import random

from wcr.core.synthetic import SyntheticBatch
from wcr.reporting.models import Participation, Source

EXTENSION = "reporting.participations"
LABOUR_STATUSES = (
    ["unemployed"] * 35
    + ["long_term_unemployed"] * 20
    + ["inactive"] * 20
    + ["employed"] * 20
    + ["self_employed"] * 5
)
ISCED_WEIGHTS = [4, 8, 18, 28, 10, 5, 14, 10, 3]  # ISCED 0-8, per cent
THIRD_COUNTRIES = ["SY", "UA", "TR", "AF", "IQ", "IN", "MA", "ER", "NG", "BR", "VN", "RS", "XK"]
EU_COUNTRIES = ["PL", "RO", "BG", "IT", "GR", "HR", "ES", "NL"]
EXIT_SITUATIONS = [
    ("job_searching", 0.40),
    ("education_training", 0.20),
    ("qualification_gained", 0.15),
    ("employed", 0.25),
    ("self_employed", 0.03),
]
STATUSES_6M = ["employed"] * 45 + ["self_employed"] * 5 + ["not_employed"] * 50


def _yes_no_unknown(rng: random.Random, yes: float, no: float) -> bool | None:
    draw = rng.random()
    return True if draw < yes else (False if draw < yes + no else None)


def _nationalities(rng: random.Random) -> list[str]:
    draw = rng.random()
    if draw < 0.72:
        return [rng.choice(THIRD_COUNTRIES)]
    if draw < 0.82:
        return [rng.choice(EU_COUNTRIES)]
    if draw < 0.90:  # dual: a third country and an EU state (not a third-country national)
        return [rng.choice(THIRD_COUNTRIES), rng.choice([*EU_COUNTRIES, "DE"])]
    if draw < 0.97:
        return rng.sample(THIRD_COUNTRIES, 2)
    return []  # stateless


def draw_participation(
    rng: random.Random,
    *,
    organisation_id: int,
    person_id: int,
    case_id: int | None,
    entry_date: datetime.date,
    exit_date: datetime.date | None,
    today: datetime.date,
    now: datetime.datetime,
) -> Participation:
    """One participation with random entry, exit and six-month data, its columns derived."""
    age = rng.randint(16, 67)
    # A day within the year after the entry date's (age + 1)-th anniversary back: ``age`` on entry.
    back = (
        entry_date.replace(day=28) if (entry_date.month, entry_date.day) == (2, 29) else entry_date
    )
    birth = back.replace(year=back.year - age - 1) + datetime.timedelta(days=rng.randint(1, 365))
    incomplete = rng.random() < 0.08
    missing_isced = incomplete and rng.random() < 0.5
    participation = Participation(
        organisation_id=organisation_id,
        person_id=person_id,
        case_id=case_id,
        source=Source.CASE,
        entry_date=entry_date,
        gender=rng.choices("fmd", weights=[45, 53, 2])[0],
        date_of_birth=birth,
        labour_status="" if incomplete and not missing_isced else rng.choice(LABOUR_STATUSES),
        isced=None if missing_isced else rng.choices(range(9), weights=ISCED_WEIGHTS)[0],
        nationalities=_nationalities(rng),
        foreign_background=_yes_no_unknown(rng, 0.65, 0.25),
        homeless=_yes_no_unknown(rng, 0.05, 0.80),
        rural=_yes_no_unknown(rng, 0.20, 0.70),
        entry_recorded_at=now,
        created_at=now,
        updated_at=now,
    )
    if rng.random() < 0.30:
        disability = _yes_no_unknown(rng, 0.15, 0.75)
        minority = _yes_no_unknown(rng, 0.10, 0.75)
        if disability is None and minority is None:
            disability = False
        participation.set_special(disability=disability, minority=minority)
    if exit_date is not None:
        participation.exit_date = exit_date
        participation.set_exit_situation(
            [code for code, share in EXIT_SITUATIONS if rng.random() < share]
        )
        participation.exit_recorded_at = now
        if (today - exit_date).days > 183 and rng.random() < 0.6:
            participation.status_6m = rng.choice(STATUSES_6M)
            participation.status_6m_recorded_at = now
    participation.derive()
    return participation


def add_participations(batch: SyntheticBatch) -> dict[str, int]:
    """The generator's extension: a participation for each participant case of the batch."""
    rng = batch.rng(EXTENSION)
    rows = [
        draw_participation(
            rng,
            organisation_id=case.organisation_id,
            person_id=case.person_id,
            case_id=case.pk,
            entry_date=case.opened_on,
            exit_date=case.closed_on,
            today=batch.today,
            now=batch.now,
        )
        for case in batch.cases
        if case.esf_participant and case.person_id is not None
    ]
    Participation.objects.bulk_create(rows, batch_size=batch.batch_size)
    return {"participations": len(rows)}
