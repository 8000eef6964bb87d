"""Table-driven tests of each ESF+ indicator rule (shared/specs/esf-indicators.md): the
completeness rule, ages at the entry date (17/18, 29/30, 54/55, on the birthday), third-country
nationals with dual citizenship and stateless people, non-binary, entry and exit inside and
outside the period."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest

from wcr.reporting.rules import Participant, age_on, participant_indicators, third_country_national

D = datetime.date
START, END = D(2026, 1, 1), D(2026, 12, 31)


def person(**changes: Any) -> Participant:
    base = Participant(
        id="p1",
        entry_date=D(2026, 3, 1),
        gender="f",
        date_of_birth=D(1990, 5, 1),
        labour_status="unemployed",
        isced=4,
        nationalities=("SY",),
    )
    return dataclasses.replace(base, **changes)


def count(participant: Participant, code: str, group: str = "total") -> int:
    report = participant_indicators([participant], START, END)
    indicators: dict[str, dict[str, int]] = report["indicators"]
    return indicators[code][group]


@pytest.mark.parametrize(
    ("birth", "entry", "age"),
    [
        (D(2008, 3, 2), D(2026, 3, 1), 17),  # the day before the 18th birthday
        (D(2008, 3, 1), D(2026, 3, 1), 18),  # on the birthday
        (D(1996, 3, 1), D(2026, 3, 1), 30),
        (D(1996, 3, 2), D(2026, 3, 1), 29),
        (D(1971, 3, 2), D(2026, 3, 1), 54),
        (D(1971, 3, 1), D(2026, 3, 1), 55),
        (D(2000, 2, 29), D(2026, 2, 28), 25),  # born on 29 February: not yet on 28 February
        (D(2000, 2, 29), D(2026, 3, 1), 26),
    ],
)
def test_age_on_the_entry_date(birth: D, entry: D, age: int) -> None:
    assert age_on(birth, entry) == age


@pytest.mark.parametrize(
    ("birth", "codes"),
    [
        (D(2008, 3, 2), {"EECO06"}),  # 17
        (D(2008, 3, 1), {"EECO07"}),  # 18
        (D(1996, 3, 2), {"EECO07"}),  # 29
        (D(1996, 3, 1), set()),  # 30
        (D(1971, 3, 2), set()),  # 54
        (D(1971, 3, 1), {"EECO08"}),  # 55
    ],
)
def test_age_groups(birth: D, codes: set[str]) -> None:
    p = person(date_of_birth=birth)
    found = {code for code in ("EECO06", "EECO07", "EECO08") if count(p, code)}
    assert found == codes


@pytest.mark.parametrize(
    ("nationalities", "third_country"),
    [
        (("SY",), True),
        (("DE", "SY"), False),  # dual citizenship with an EU state
        (("GR",), False),
        ((), True),  # stateless
        (("UA", "TR"), True),
        (("ch",), True),  # Switzerland is not an EU member state
    ],
)
def test_third_country_nationals(nationalities: tuple[str, ...], third_country: bool) -> None:
    assert third_country_national(nationalities) is third_country
    assert count(person(nationalities=nationalities), "EECO13") == int(third_country)


@pytest.mark.parametrize(("gender", "group"), [("f", "women"), ("m", "men"), ("d", "non_binary")])
def test_each_gender_is_its_own_column(gender: str, group: str) -> None:
    p = person(gender=gender)
    assert count(p, "EECO01", group) == 1
    assert count(p, "EECO01") == 1
    others = {"women", "men", "non_binary"} - {group}
    assert all(count(p, "EECO01", other) == 0 for other in others)


@pytest.mark.parametrize(
    ("status", "codes"),
    [
        ("unemployed", {"EECO01", "EECO02"}),
        ("long_term_unemployed", {"EECO01", "EECO02", "EECO03"}),
        ("inactive", {"EECO01", "EECO04"}),
        ("employed", {"EECO01", "EECO05"}),
        ("self_employed", {"EECO01", "EECO05"}),
    ],
)
def test_labour_status(status: str, codes: set[str]) -> None:
    p = person(labour_status=status)
    found = {c for c in ("EECO01", "EECO02", "EECO03", "EECO04", "EECO05") if count(p, c)}
    assert found == codes


@pytest.mark.parametrize(
    ("isced", "code"),
    [(0, "EECO09"), (2, "EECO09"), (3, "EECO10"), (4, "EECO10"), (5, "EECO11"), (8, "EECO11")],
)
def test_education(isced: int, code: str) -> None:
    p = person(isced=isced)
    assert {c for c in ("EECO09", "EECO10", "EECO11") if count(p, c)} == {code}


@pytest.mark.parametrize("missing_item", ["gender", "date_of_birth", "labour_status", "isced"])
def test_the_completeness_rule(missing_item: str) -> None:
    p = person(**{missing_item: None})
    report = participant_indicators([p], START, END)
    assert report["incomplete"] == {
        "count": 1,
        "participants": [{"id": "p1", "missing": [missing_item]}],
    }
    assert count(p, "EECO01") == 0


def test_optional_items_are_not_needed_and_count_only_when_yes() -> None:
    p = person(disability=None, minority=None, homeless=None, rural=None, foreign_background=None)
    assert count(p, "EECO01") == 1
    for code in ("EECO12", "EECO14", "EECO15", "EECO16", "EECO17"):
        assert count(p, code) == 0
    yes = person(disability=True, minority=True, homeless=True, rural=True, foreign_background=True)
    assert all(count(yes, c) == 1 for c in ("EECO12", "EECO14", "EECO15", "EECO16", "EECO17"))


@pytest.mark.parametrize(
    ("entry", "exit_", "output", "result"),
    [
        (D(2026, 3, 1), None, 1, 0),  # entered in the period, not left
        (D(2025, 6, 1), D(2026, 2, 1), 0, 1),  # entered before, left in the period
        (D(2026, 1, 1), D(2026, 12, 31), 1, 1),  # both on the period's edges
        (D(2025, 6, 1), D(2025, 12, 31), 0, 0),  # left the day before the period
        (D(2027, 1, 1), None, 0, 0),  # entered the day after
    ],
)
def test_entry_and_exit_inside_and_outside_the_period(
    entry: D, exit_: D | None, output: int, result: int
) -> None:
    p = person(
        entry_date=entry, exit_date=exit_, exit_situation=("employed",), status_6m="employed"
    )
    assert count(p, "EECO01") == output
    assert count(p, "EECR04") == result
    assert count(p, "EECR05") == result


@pytest.mark.parametrize(
    ("situation", "codes"),
    [
        (("job_searching",), {"EECR01"}),
        (("education_training", "qualification_gained"), {"EECR02", "EECR03"}),
        (("self_employed",), {"EECR04"}),
        ((), set()),
    ],
)
def test_exit_situations(situation: tuple[str, ...], codes: set[str]) -> None:
    p = person(entry_date=D(2025, 1, 1), exit_date=D(2026, 5, 1), exit_situation=situation)
    assert {c for c in ("EECR01", "EECR02", "EECR03", "EECR04") if count(p, c)} == codes
