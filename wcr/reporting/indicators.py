"""The ESF+ report (``shared/specs/esf-indicators.md``) computed in the database.

One aggregate query grouped by gender counts every participant indicator
(``COUNT(*) FILTER (WHERE …)``; the totals are the sums of the groups): output indicators over
complete participants who entered in the period, result indicators over complete participants who
left in it. The two Art. 9
indicators (EECO12, EECO15) are counted from the sealed values of those participants, opened
in Python. The same rules in pure Python (``wcr/reporting/rules.py``) check this in the tests.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext, gettext_noop

from wcr.accounts.models import Organisation
from wcr.cases.models import Case, Company, Contact
from wcr.reporting import crypto, rules
from wcr.reporting.models import Participation

GENDER_GROUPS = {"f": "women", "m": "men", "d": "non_binary"}
BREAKDOWN = ("total", "women", "men", "non_binary")
PARTICIPANT_CODES = [*rules.OUTPUT_RULES, *rules.RESULT_RULES]
ENTITY_CODES = ("EECO18", "EECO19")
ALL_CODES = sorted([*PARTICIPANT_CODES, *ENTITY_CODES])
SPECIAL_CODES = ("EECO12", "EECO15")
# The indicator names (Regulation (EU) 2021/1057 Annex I) in English, as the machine-readable
# exports carry them; ``label(code)`` in the reader's language.
NAMES = {
    "EECO01": gettext_noop("Total number of participants"),
    "EECO02": gettext_noop("Unemployed, including long-term unemployed"),
    "EECO03": gettext_noop("Long-term unemployed"),
    "EECO04": gettext_noop("Inactive"),
    "EECO05": gettext_noop("Employed, including self-employed"),
    "EECO06": gettext_noop("Number of children below 18 years of age"),
    "EECO07": gettext_noop("Young people between 18 and 29 years of age"),
    "EECO08": gettext_noop("Number of participants of 55 years of age and above"),
    "EECO09": gettext_noop("With lower secondary education or less (ISCED 0-2)"),
    "EECO10": gettext_noop("With upper secondary (ISCED 3) or post-secondary education (ISCED 4)"),
    "EECO11": gettext_noop("With tertiary education (ISCED 5 to 8)"),
    "EECO12": gettext_noop("Participants with disabilities"),
    "EECO13": gettext_noop("Third-country nationals"),
    "EECO14": gettext_noop("Participants with a foreign background"),
    "EECO15": gettext_noop("Minorities (including marginalised communities such as Roma)"),
    "EECO16": gettext_noop("Homeless or affected by housing exclusion"),
    "EECO17": gettext_noop("Participants from rural areas"),
    "EECO18": gettext_noop(
        "Number of public administrations or public services at national, regional or local level supported"
    ),
    "EECO19": gettext_noop(
        "Number of micro, small and medium-sized enterprises (including cooperative enterprises and social enterprises) supported"
    ),
    "EECR01": gettext_noop("Participants engaged in job searching upon leaving"),
    "EECR02": gettext_noop("Participants in education or training upon leaving"),
    "EECR03": gettext_noop("Participants gaining a qualification upon leaving"),
    "EECR04": gettext_noop("Participants in employment, including self-employment, upon leaving"),
    "EECR05": gettext_noop(
        "Participants in employment, including self-employment, six months after leaving"
    ),
}


def label(code: str) -> str:
    return gettext(NAMES[code])


_EMPLOYED = ("employed", "self_employed")
# The conditions of the indicators the database can count (all but the sealed Art. 9 ones).
OUTPUT_CONDITIONS: dict[str, Q] = {
    "EECO01": Q(labour_status__in=rules.LABOUR_STATUSES),
    "EECO02": Q(labour_status__in=("unemployed", "long_term_unemployed")),
    "EECO03": Q(labour_status="long_term_unemployed"),
    "EECO04": Q(labour_status="inactive"),
    "EECO05": Q(labour_status__in=_EMPLOYED),
    "EECO06": Q(age_at_entry__lt=18),
    "EECO07": Q(age_at_entry__gte=18, age_at_entry__lte=29),
    "EECO08": Q(age_at_entry__gte=55),
    "EECO09": Q(isced__lte=2),
    "EECO10": Q(isced__gte=3, isced__lte=4),
    "EECO11": Q(isced__gte=5, isced__lte=8),
    "EECO13": Q(third_country=True),
    "EECO14": Q(foreign_background=True),
    "EECO16": Q(homeless=True),
    "EECO17": Q(rural=True),
}
RESULT_CONDITIONS: dict[str, Q] = {
    "EECR01": Q(exit_job_searching=True),
    "EECR02": Q(exit_education_training=True),
    "EECR03": Q(exit_qualification_gained=True),
    "EECR04": Q(exit_employed=True) | Q(exit_self_employed=True),
    "EECR05": Q(status_6m__in=_EMPLOYED),
}


def participations_in(
    start: datetime.date, end: datetime.date, organisation: Organisation | int | None
) -> QuerySet[Participation]:
    """Participations that entered or left within the period (of one organisation, or all)."""
    rows = Participation.objects.filter(
        Q(entry_date__range=(start, end)) | Q(exit_date__range=(start, end))
    )
    return rows if organisation is None else rows.filter(organisation=organisation)


def _aggregates(start: datetime.date, end: datetime.date) -> dict[str, Count]:
    """One count per indicator, for a query grouped by gender (the totals are the sums): four
    times fewer filtered counts than one per indicator and gender, which PostgreSQL evaluates
    three times as fast (and whose plan stays below the JIT threshold at a million rows)."""
    entered = Q(entry_date__range=(start, end))
    left = Q(exit_date__range=(start, end))
    columns: dict[str, Count] = {}
    for scope, conditions in ((entered, OUTPUT_CONDITIONS), (left, RESULT_CONDITIONS)):
        for code, condition in conditions.items():
            columns[code] = Count("id", filter=scope & condition)
    return columns


def participant_counts(
    start: datetime.date, end: datetime.date, organisation: Organisation | int | None
) -> dict[str, dict[str, int]]:
    """The SQL-countable participant indicators by gender, in one aggregate over the complete
    participants who entered or left in the period."""
    rows = cast(
        "Iterable[dict[str, Any]]",
        participations_in(start, end, organisation)
        .filter(complete=True)
        .values("gender")
        .annotate(**_aggregates(start, end))
        .order_by(),
    )
    counts = {code: _empty() for code in [*OUTPUT_CONDITIONS, *RESULT_CONDITIONS]}
    for row in rows:
        group = GENDER_GROUPS.get(row["gender"])
        for code, breakdown in counts.items():
            breakdown["total"] += row[code]
            if group is not None:
                breakdown[group] += row[code]
    return counts


def special_in(
    start: datetime.date, end: datetime.date, organisation: Organisation | int | None
) -> QuerySet[Participation]:
    """Complete participants who entered in the period and stated an Art. 9 item."""
    rows = Participation.objects.filter(
        complete=True, entry_date__range=(start, end), special_categories__isnull=False
    )
    return rows if organisation is None else rows.filter(organisation=organisation)


def _empty() -> dict[str, int]:
    return dict.fromkeys(BREAKDOWN, 0)


def _special_counts(rows: Iterable[tuple[Any, str, Any]]) -> dict[str, dict[str, int]]:
    """EECO12 and EECO15 from the sealed values (byte 0 disability, byte 1 minority, ``y`` for
    yes, as ``Participation.set_special`` seals them), the keys looked up once."""
    counts = {code: _empty() for code in SPECIAL_CODES}
    open_sealed = crypto.opener()
    for code, gender, sealed in rows:
        plain = open_sealed(sealed, str(code))
        group = GENDER_GROUPS[gender]
        for indicator, flag in (("EECO12", plain[0:1]), ("EECO15", plain[1:2])):
            if flag == b"y":
                counts[indicator]["total"] += 1
                counts[indicator][group] += 1
    return counts


def _missing(
    entry: datetime.date,
    gender: str,
    birth: datetime.date | None,
    labour_status: str,
    isced: int | None,
) -> list[str]:
    """What an incomplete participant lacks (``rules.missing``), from the required columns
    alone, without loading the rest of the row."""
    return rules.missing(
        rules.Participant(
            id="",
            entry_date=entry,
            gender=gender or None,
            date_of_birth=birth,
            labour_status=labour_status or None,
            isced=isced,
        )
    )


def public_bodies_supported(
    start: datetime.date, end: datetime.date, organisation: Organisation | int | None
) -> int:
    """EECO18: network organisations that are public administrations and counselled in the
    period (a counselling contact in it)."""
    bodies = Organisation.objects.filter(is_public_body=True).filter(
        Exists(Contact.objects.filter(organisation=OuterRef("pk"), happened_on__range=(start, end)))
    )
    if organisation is not None:
        bodies = bodies.filter(pk=getattr(organisation, "pk", organisation))
    return bodies.count()


def smes_supported(
    start: datetime.date, end: datetime.date, organisation: Organisation | int | None
) -> int:
    """EECO19: distinct companies with fewer than 250 staff that were the direct beneficiary of
    a case with a counselling contact in the period (a company whose size is not recorded is not
    counted; the statistics list them)."""
    cases = Case.objects.filter(
        company=OuterRef("pk"),
        contacts__happened_on__range=(start, end),
    )
    companies = Company.objects.filter(staff_count__lt=250).filter(Exists(cases))
    if organisation is not None:
        companies = companies.filter(organisation=organisation)
    return companies.count()


def esf_report(
    *, start: datetime.date, end: datetime.date, organisation: Organisation | None = None
) -> dict[str, Any]:
    """The report in the JSON shape of the spec."""
    scope = participations_in(start, end, organisation)
    indicators = participant_counts(start, end, organisation)
    special_rows = special_in(start, end, organisation).values_list(
        "code", "gender", "special_categories"
    )
    indicators.update(_special_counts(special_rows.iterator(chunk_size=5000)))
    indicators["EECO18"] = {"total": public_bodies_supported(start, end, organisation)}
    indicators["EECO19"] = {"total": smes_supported(start, end, organisation)}
    incomplete = [
        {"id": str(code), "missing": _missing(entry, gender, birth, labour_status, isced)}
        for code, entry, gender, birth, labour_status, isced in scope.filter(complete=False)
        .order_by("entry_date", "id")
        .values_list("code", "entry_date", "gender", "date_of_birth", "labour_status", "isced")
    ]
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "organisation": organisation.slug if organisation is not None else None,
        "indicators": {code: indicators[code] for code in ALL_CODES},
        "incomplete": {"count": len(incomplete), "participants": incomplete},
    }


def indicator_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's indicators as rows for a page or a print document: code, name in the
    reader's language, whether it counts entities (only a total), the values by group."""
    return [
        {
            "code": code,
            "name": label(code),
            "entity": code in ENTITY_CODES,
            "values": [figures.get(group) for group in BREAKDOWN],
        }
        for code, figures in report["indicators"].items()
    ]
