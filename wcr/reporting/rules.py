"""The ESF+ common indicators of Regulation (EU) 2021/1057 Annex I as the platform computes them
(``shared/specs/esf-indicators.md``): pure Python, no Django, so each rule is tested on its own
and the SQL aggregate of the report can be checked against it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# EU member states (ISO 3166-1 alpha-2; Greece is GR). A person with any of these nationalities is
# not a third-country national; a stateless person (no nationality) is one.
EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
GENDERS = {"f": "women", "m": "men", "d": "non_binary"}
LABOUR_STATUSES = ("unemployed", "long_term_unemployed", "inactive", "employed", "self_employed")
EXIT_SITUATIONS = (
    "job_searching",
    "education_training",
    "qualification_gained",
    "employed",
    "self_employed",
)
STATUSES_6M = ("employed", "self_employed", "not_employed")
# Art. 17(5): without these a participant counts in no participant indicator.
REQUIRED = ("gender", "date_of_birth", "labour_status", "isced")


@dataclass(frozen=True)
class Participant:
    """One participant's ESF+ data as frozen at entry, plus exit and six-month data."""

    id: str
    entry_date: datetime.date
    gender: str | None = None  # f, m, d
    date_of_birth: datetime.date | None = None
    labour_status: str | None = None
    isced: int | None = None  # 0-8
    nationalities: tuple[str, ...] = ()
    foreign_background: bool | None = None
    disability: bool | None = None
    minority: bool | None = None
    homeless: bool | None = None
    rural: bool | None = None
    exit_date: datetime.date | None = None
    exit_situation: tuple[str, ...] = field(default_factory=tuple)
    status_6m: str | None = None


def missing(participant: Participant) -> list[str]:
    """The required items a participant lacks (empty: complete)."""
    return [name for name in REQUIRED if getattr(participant, name) is None]


def age_on(birth: datetime.date, day: datetime.date) -> int:
    """Full years on ``day`` (the birthday itself counts; 29 February on 1 March in other
    years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def third_country_national(nationalities: Iterable[str]) -> bool:
    return not any(code.upper() in EU_MEMBER_STATES for code in nationalities)


def _age(p: Participant) -> int:
    assert p.date_of_birth is not None
    return age_on(p.date_of_birth, p.entry_date)


Rule = Callable[[Participant], bool]

OUTPUT_RULES: dict[str, Rule] = {
    "EECO01": lambda p: p.labour_status in LABOUR_STATUSES,
    "EECO02": lambda p: p.labour_status in ("unemployed", "long_term_unemployed"),
    "EECO03": lambda p: p.labour_status == "long_term_unemployed",
    "EECO04": lambda p: p.labour_status == "inactive",
    "EECO05": lambda p: p.labour_status in ("employed", "self_employed"),
    "EECO06": lambda p: _age(p) < 18,
    "EECO07": lambda p: 18 <= _age(p) <= 29,
    "EECO08": lambda p: _age(p) >= 55,
    "EECO09": lambda p: p.isced is not None and 0 <= p.isced <= 2,
    "EECO10": lambda p: p.isced is not None and 3 <= p.isced <= 4,
    "EECO11": lambda p: p.isced is not None and 5 <= p.isced <= 8,
    "EECO12": lambda p: p.disability is True,
    "EECO13": lambda p: third_country_national(p.nationalities),
    "EECO14": lambda p: p.foreign_background is True,
    "EECO15": lambda p: p.minority is True,
    "EECO16": lambda p: p.homeless is True,
    "EECO17": lambda p: p.rural is True,
}
RESULT_RULES: dict[str, Rule] = {
    "EECR01": lambda p: "job_searching" in p.exit_situation,
    "EECR02": lambda p: "education_training" in p.exit_situation,
    "EECR03": lambda p: "qualification_gained" in p.exit_situation,
    "EECR04": lambda p: bool({"employed", "self_employed"} & set(p.exit_situation)),
    "EECR05": lambda p: p.status_6m in ("employed", "self_employed"),
}


def _in(day: datetime.date | None, start: datetime.date, end: datetime.date) -> bool:
    return day is not None and start <= day <= end


def _breakdown() -> dict[str, int]:
    return {"total": 0, "women": 0, "men": 0, "non_binary": 0}


def participant_indicators(
    participants: Iterable[Participant], start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """The participant indicators for the period: output indicators over those who entered in
    it, result indicators over those who left in it, complete participants only; the incomplete
    ones in scope are counted and listed with what they lack."""
    indicators = {code: _breakdown() for code in [*OUTPUT_RULES, *RESULT_RULES]}
    incomplete: list[dict[str, object]] = []
    for participant in participants:
        entered = _in(participant.entry_date, start, end)
        left = _in(participant.exit_date, start, end)
        if not (entered or left):
            continue
        lacking = missing(participant)
        if lacking:
            incomplete.append({"id": participant.id, "missing": lacking})
            continue
        assert participant.gender is not None
        group = GENDERS[participant.gender]
        rules = [
            *(OUTPUT_RULES.items() if entered else ()),
            *(RESULT_RULES.items() if left else ()),
        ]
        for code, rule in rules:
            if rule(participant):
                indicators[code]["total"] += 1
                indicators[code][group] += 1
    return {
        "indicators": indicators,
        "incomplete": {"count": len(incomplete), "participants": incomplete},
    }
