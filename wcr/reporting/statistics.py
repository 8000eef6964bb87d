"""The activity statistics (``docs/statistics.md``): each figure is one aggregate query (two for
the people reached), whatever the amount of data, and answers a ``Figure``.

Figures count what the filters (``Filters``: a period, one organisation or the whole network, one
location) select. They hold no person: labels are statuses, topics, months, organisations,
countries, size classes; only the caseload names counsellors (staff), and it is never part of
the network's figures (``FigureSpec.names_staff``). ``suppressed(figure)`` blanks counts from 1
to 4 for anything that leaves the platform and for the network coordinator.
"""

from __future__ import annotations

import datetime
import statistics as pystatistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wcr.accounts.models import Location, Organisation
from wcr.cases.models import Case, CaseStatus, Company, Contact, Person
from wcr.cases.models.choices import Sector
from wcr.navigator.models import Assessment
from wcr.navigator.wizard.countries import country_name
from wcr.portal.models import IntakeItem
from wcr.portal.models.requests import IntakeStatus
from wcr.referrals.models import Referral, ReferralOutcome, ReferralStatus
from wcr.reporting.models import participant_minutes
from wcr.reporting.suppression import MARK, small, suppress_distribution

Value_ = int | float | None  # None: a suppressed cell
NATIONALITIES_TOP = 10
# Days from a request's arrival to its first counselling contact: (upper bound, label).
WAITING_BUCKETS: tuple[tuple[int, str], ...] = (
    (3, "0–3"),
    (7, "4–7"),
    (14, "8–14"),
    (30, "15–30"),
    (10_000, "> 30"),
)
SIZE_CLASSES = ("1-9", "10-49", "50-249", "250+", "unknown")


@dataclass(frozen=True)
class Filters:
    """What the figures count: the period (both days included), one organisation (``None``: the
    whole network) and one location (``None``: all)."""

    start: datetime.date
    end: datetime.date
    organisation_id: int | None = None
    location_id: int | None = None


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Value_, ...]


@dataclass(frozen=True)
class Figure:
    """One statistic: rows of a label and its values (one per column of ``headers``).

    ``total`` is the row of totals when the rows add up to it (a distribution; ``None`` when a
    row may count the same case twice, as topics do). ``basis`` says for each column whether it
    is a count (``None``) or a measure that follows the count column of that index (the hours of
    the contacts counted beside them): suppressing the count blanks its measure too.
    """

    slug: str
    title: str
    description: str
    label_header: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    unit: str
    chart: str = "bar"  # "bar" (horizontal) or "column" (by month)
    total: tuple[Value_, ...] | None = None
    basis: tuple[int | None, ...] = (None,)
    notes: tuple[tuple[str, Value_], ...] = ()  # e.g. the median and mean waiting time
    notes_basis: int = 0  # how many values the notes summarise
    decimals: tuple[int, ...] = (0,)
    is_suppressed: bool = False

    def display(self, value: Value_, column: int = 0, *, places: int | None = None) -> str:
        """A cell as shown on the page and in the chart (the CSV writes plain numbers)."""
        if value is None:
            return MARK
        if places is None:
            places = self.decimals[column] if column < len(self.decimals) else 0
        return formats.number_format(value, places, use_l10n=True, force_grouping=True)

    @property
    def has_data(self) -> bool:
        """Whether there is anything to draw: a count other than 0 (a suppressed one is)."""
        return any(row.values[0] != 0 for row in self.rows)

    def shown_rows(self) -> list[tuple[str, list[str]]]:
        return [
            (row.label, [self.display(v, i) for i, v in enumerate(row.values)]) for row in self.rows
        ]

    def shown_total(self) -> list[str] | None:
        if self.total is None:
            return None
        return [self.display(v, i) for i, v in enumerate(self.total)]

    def shown_notes(self) -> list[tuple[str, str]]:
        return [(label, self.display(value, places=1)) for label, value in self.notes]


@dataclass(frozen=True)
class FigureSpec:
    slug: str
    compute: Callable[[Filters], Figure]
    section: str  # the dashboard's heading it stands under (SECTIONS)
    names_staff: bool = False  # names counsellors: never in the network's figures
    per_organisation: bool = False  # only where more than one organisation is counted


# -- querysets in scope ----------------------------------------------------------------------


def _scoped[Q_: QuerySet[Any]](
    queryset: Q_, filters: Filters, organisation: str, location: str
) -> Q_:
    if filters.organisation_id is not None:
        queryset = queryset.filter(**{organisation: filters.organisation_id})
    if filters.location_id is not None:
        queryset = queryset.filter(**{location: filters.location_id})
    return queryset.order_by()


def cases_in(filters: Filters) -> QuerySet[Case]:
    """Cases open at some time in the period: opened by its end, not closed before its start."""
    cases = Case.objects.filter(opened_on__lte=filters.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=filters.start)
    )
    return _scoped(cases, filters, "organisation_id", "location_id")


def requests_in(filters: Filters) -> QuerySet[IntakeItem]:
    """Portal requests as they reached an organisation's inbox in the period (a forwarded request
    counts in each inbox it reached, as "forwarded" in the earlier ones)."""
    items = IntakeItem.objects.filter(received_at__date__range=(filters.start, filters.end))
    return _scoped(items, filters, "organisation_id", "location_id")


def contacts_in(filters: Filters) -> QuerySet[Contact]:
    contacts = Contact.objects.filter(happened_on__range=(filters.start, filters.end))
    return _scoped(contacts, filters, "organisation_id", "location_id")


def referrals_in(filters: Filters) -> QuerySet[Referral]:
    """Referrals sent in the period (by the organisation, or by anyone in the network)."""
    referrals = Referral.objects.filter(sent_at__date__range=(filters.start, filters.end))
    return _scoped(referrals, filters, "from_organisation_id", "case__location_id")


# -- building figures ------------------------------------------------------------------------


def _distribution(
    slug: str,
    title: str,
    description: str,
    label_header: str,
    unit: str,
    counts: Iterable[tuple[str, int]],
    *,
    adds_up: bool = True,
    chart: str = "bar",
    sort: bool = True,
) -> Figure:
    pairs = [(label, int(n)) for label, n in counts]
    if sort:
        pairs.sort(key=lambda pair: (-pair[1], pair[0]))
    rows = tuple(Row(label, (n,)) for label, n in pairs)
    total = (sum(n for _label, n in pairs),) if adds_up else None
    return Figure(
        slug=slug,
        title=title,
        description=description,
        label_header=label_header,
        headers=(unit.capitalize(),),
        rows=rows,
        unit=unit,
        chart=chart,
        total=total,
    )


def _grouped(queryset: QuerySet[Any], field: str, count: str = "id") -> list[tuple[Any, int]]:
    rows = queryset.values(field).annotate(n=Count(count, distinct=True)).order_by()
    return [(row[field], row["n"]) for row in rows]


def _labelled(pairs: Iterable[tuple[Any, int]], labels: dict[Any, Any]) -> list[tuple[str, int]]:
    none = _("not recorded")
    return [(str(labels.get(key, key)) if key not in (None, "") else none, n) for key, n in pairs]


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def month_label(month: datetime.date) -> str:
    return formats.date_format(month, "M Y")


def _by_month(filters: Filters, pairs: Iterable[tuple[Any, int]]) -> list[tuple[str, int | float]]:
    found: dict[datetime.date, int | float] = {}
    for month, n in pairs:
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        found[month] = n
    return [
        (month_label(month), found.get(month, 0)) for month in _months(filters.start, filters.end)
    ]


def _topic_name(de: str | None, en: str | None) -> str | None:
    if de is None:
        return None
    return de if (get_language() or "de").startswith("de") else (en or de)


def _organisation_names(ids: Iterable[Any]) -> dict[Any, str]:
    return dict(Organisation.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


# -- the figures -----------------------------------------------------------------------------


def requests_by_month(filters: Filters) -> Figure:
    pairs = _grouped(requests_in(filters).annotate(month=TruncMonth("received_at")), "month")
    return _distribution(
        "requests-by-month",
        _("Requests by month"),
        _("Portal requests that reached the inbox, by the month they arrived."),
        _("Month"),
        _("requests"),
        _by_month(filters, pairs),  # type: ignore[arg-type]
        chart="column",
        sort=False,
    )


def requests_by_status(filters: Filters) -> Figure:
    pairs = _grouped(requests_in(filters), "status")
    return _distribution(
        "requests-by-status",
        _("Requests by status"),
        _("Portal requests that arrived in the period, by what became of them in the inbox."),
        _("Status"),
        _("requests"),
        _labelled(pairs, dict(IntakeStatus.choices)),
    )


def requests_by_topic(filters: Filters) -> Figure:
    rows = (
        requests_in(filters)
        .values("request__topics__name_de", "request__topics__name_en")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    pairs = [
        (_topic_name(row["request__topics__name_de"], row["request__topics__name_en"]), row["n"])
        for row in rows
    ]
    return _distribution(
        "requests-by-topic",
        _("Requests by topic"),
        _("Portal requests by the topics the requester chose (a request may name several)."),
        _("Topic"),
        _("requests"),
        _labelled(pairs, {}),
        adds_up=False,
    )


def requests_by_location(filters: Filters) -> Figure:
    pairs = _grouped(requests_in(filters), "location__name")
    return _distribution(
        "requests-by-location",
        _("Requests by location"),
        _("Portal requests by the location whose inbox they reached."),
        _("Location"),
        _("requests"),
        _labelled(pairs, {}),
    )


def requests_by_organisation(filters: Filters) -> Figure:
    pairs = _grouped(requests_in(filters), "organisation__name")
    return _distribution(
        "requests-by-organisation",
        _("Requests by organisation"),
        _("Portal requests by the organisation whose inbox they reached."),
        _("Organisation"),
        _("requests"),
        _labelled(pairs, {}),
    )


def cases_by_month(filters: Filters) -> Figure:
    opened = _scoped(
        Case.objects.filter(opened_on__range=(filters.start, filters.end)),
        filters,
        "organisation_id",
        "location_id",
    )
    pairs = _grouped(opened.annotate(month=TruncMonth("opened_on")), "month")
    return _distribution(
        "cases-by-month",
        _("Cases opened by month"),
        _("Cases opened in the period, by the month they were opened."),
        _("Month"),
        _("cases"),
        _by_month(filters, pairs),  # type: ignore[arg-type]
        chart="column",
        sort=False,
    )


def cases_by_status(filters: Filters) -> Figure:
    pairs = _grouped(cases_in(filters), "status")
    return _distribution(
        "cases-by-status",
        _("Cases by status"),
        _("Cases open at some time in the period, by their status today."),
        _("Status"),
        _("cases"),
        _labelled(pairs, dict(CaseStatus.choices)),
    )


def cases_by_topic(filters: Filters) -> Figure:
    rows = (
        cases_in(filters)
        .values("topics__name_de", "topics__name_en")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    pairs = [
        (_topic_name(row["topics__name_de"], row["topics__name_en"]), row["n"]) for row in rows
    ]
    return _distribution(
        "cases-by-topic",
        _("Cases by topic"),
        _("Cases open at some time in the period, by topic (a case may have several)."),
        _("Topic"),
        _("cases"),
        _labelled(pairs, {}),
        adds_up=False,
    )


def cases_by_location(filters: Filters) -> Figure:
    pairs = _grouped(cases_in(filters), "location__name")
    return _distribution(
        "cases-by-location",
        _("Cases by location"),
        _("Cases open at some time in the period, by the location counselling them."),
        _("Location"),
        _("cases"),
        _labelled(pairs, {}),
    )


def cases_by_organisation(filters: Filters) -> Figure:
    pairs = _grouped(cases_in(filters), "organisation__name")
    return _distribution(
        "cases-by-organisation",
        _("Cases by organisation"),
        _("Cases open at some time in the period, by organisation."),
        _("Organisation"),
        _("cases"),
        _labelled(pairs, {}),
    )


def waiting_days(filters: Filters) -> list[int | None]:
    """Days from each accepted request's arrival to the first contact of its case (``None``: no
    contact yet), for the requests that arrived in the period."""
    rows = (
        requests_in(filters)
        .filter(status=IntakeStatus.ACCEPTED, case__isnull=False)
        .values("id", "request__received_at")
        .annotate(first=Min("case__contacts__happened_on"))
        .order_by()
    )
    days: list[int | None] = []
    for row in rows:
        if row["first"] is None:
            days.append(None)
            continue
        received = timezone.localtime(row["request__received_at"]).date()
        days.append(max((row["first"] - received).days, 0))
    return days


def waiting_time(filters: Filters) -> Figure:
    days = waiting_days(filters)
    known = [d for d in days if d is not None]
    counts = Counter[str]()
    for value in known:
        label = next(label for upper, label in WAITING_BUCKETS if value <= upper)
        counts[label] += 1
    pairs: list[tuple[str, int]] = [(label, counts[label]) for _upper, label in WAITING_BUCKETS]
    pairs.append((_("no contact yet"), len(days) - len(known)))
    figure = _distribution(
        "waiting-time",
        _("Waiting time from request to first contact"),
        _(
            "Accepted portal requests that arrived in the period, by the days from their arrival"
            " to the first counselling contact of the case opened from them."
        ),
        _("Days"),
        _("requests"),
        pairs,
        sort=False,
    )
    if not known:
        return figure
    median = float(pystatistics.median(known))
    mean = round(pystatistics.fmean(known), 1)
    return replace(
        figure,
        notes=((_("Median (days)"), median), (_("Mean (days)"), mean)),
        notes_basis=len(known),
    )


def _hours_figure(
    slug: str,
    title: str,
    description: str,
    header: str,
    pairs: Sequence[tuple[str, int, int]],
) -> Figure:
    """Rows of (label, minutes, contacts) as hours (one decimal) beside the contacts."""
    rows = tuple(Row(label, (round(minutes / 60, 1), n)) for label, minutes, n in pairs)
    minutes = sum(minutes for _label, minutes, _n in pairs)
    contacts = sum(n for _label, _minutes, n in pairs)
    return Figure(
        slug=slug,
        title=title,
        description=description,
        label_header=header,
        headers=(_("Hours"), _("Contacts")),
        rows=tuple(rows),
        unit=_("hours"),
        chart="column" if slug.endswith("month") else "bar",
        total=(round(minutes / 60, 1), contacts),
        basis=(1, None),
        decimals=(1, 0),
    )


def hours_by_month(filters: Filters) -> Figure:
    grouped = (
        contacts_in(filters)
        .annotate(month=TruncMonth("happened_on"))
        .values("month")
        .annotate(minutes=Sum("duration_minutes"), n=Count("id"))
        .order_by()
    )
    found = {row["month"]: (row["minutes"], row["n"]) for row in grouped}
    months = _months(filters.start, filters.end)
    pairs = [(month_label(m), *found.get(m, (0, 0))) for m in months]
    return _hours_figure(
        "hours-by-month",
        _("Counselling hours by month"),
        _("The duration of the counselling contacts in the period, in hours, by month."),
        _("Month"),
        pairs,
    )


def hours_by_organisation(filters: Filters) -> Figure:
    grouped = (
        contacts_in(filters)
        .values("organisation_id")
        .annotate(minutes=Sum("duration_minutes"), n=Count("id"))
        .order_by()
    )
    names = _organisation_names(row["organisation_id"] for row in grouped)
    pairs = sorted(
        ((names[row["organisation_id"]], row["minutes"], row["n"]) for row in grouped),
        key=lambda triple: (-triple[1], triple[0]),
    )
    return _hours_figure(
        "hours-by-organisation",
        _("Counselling hours by organisation"),
        _("The duration of the counselling contacts in the period, in hours, by organisation."),
        _("Organisation"),
        pairs,
    )


def caseload(filters: Filters) -> Figure:
    """Open cases per responsible counsellor today (the period does not apply)."""
    open_cases = _scoped(
        Case.objects.exclude(status=CaseStatus.CLOSED), filters, "organisation_id", "location_id"
    )
    rows = (
        open_cases.values("counsellor__first_name", "counsellor__last_name", "counsellor__username")
        .annotate(n=Count("id"))
        .order_by()
    )
    pairs = []
    for row in rows:
        if row["counsellor__username"] is None:
            pairs.append((_("nobody responsible"), row["n"]))
            continue
        name = f"{row['counsellor__first_name']} {row['counsellor__last_name']}".strip()
        pairs.append((name or row["counsellor__username"], row["n"]))
    return _distribution(
        "caseload",
        _("Caseload per counsellor"),
        _("Cases open today, by responsible counsellor (the period does not apply)."),
        _("Counsellor"),
        _("open cases"),
        pairs,
    )


def referrals_by_recipient(filters: Filters) -> Figure:
    rows = (
        referrals_in(filters)
        .values("to_organisation__name", "to_partner__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    pairs = [(row["to_organisation__name"] or row["to_partner__name"], row["n"]) for row in rows]
    return _distribution(
        "referrals-by-recipient",
        _("Referrals by recipient"),
        _(
            "Referrals sent in the period, by the network organisation or cooperation partner"
            " they went to."
        ),
        _("Recipient"),
        _("referrals"),
        _labelled(pairs, {}),
    )


def referrals_by_status(filters: Filters) -> Figure:
    pairs = _grouped(referrals_in(filters), "status")
    return _distribution(
        "referrals-by-status",
        _("Referrals by status"),
        _("Referrals sent in the period, by their status today."),
        _("Status"),
        _("referrals"),
        _labelled(pairs, dict(ReferralStatus.choices)),
    )


def referrals_by_outcome(filters: Filters) -> Figure:
    pairs = _grouped(referrals_in(filters), "outcome")
    return _distribution(
        "referrals-by-outcome",
        _("Referrals by outcome"),
        _("Referrals sent in the period, by the outcome reported (none yet: not recorded)."),
        _("Outcome"),
        _("referrals"),
        _labelled(pairs, dict(ReferralOutcome.choices)),
    )


def _companies(filters: Filters) -> QuerySet[Company]:
    cases = cases_in(filters).filter(company=OuterRef("pk"))
    return Company.objects.filter(Exists(cases)).order_by()


def companies_by_sector(filters: Filters) -> Figure:
    pairs = _grouped(_companies(filters), "sector")
    return _distribution(
        "companies-by-sector",
        _("Companies by sector"),
        _("Companies with a case open at some time in the period, by sector."),
        _("Sector"),
        _("companies"),
        _labelled(pairs, dict(Sector.choices)),
    )


def companies_by_size(filters: Filters) -> Figure:
    size = models.Case(
        When(staff_count__isnull=True, then=Value("unknown")),
        When(staff_count__lt=10, then=Value("1-9")),
        When(staff_count__lt=50, then=Value("10-49")),
        When(staff_count__lt=250, then=Value("50-249")),
        default=Value("250+"),
        output_field=CharField(),
    )
    found = dict(_grouped(_companies(filters).annotate(size=size), "size"))
    labels = {
        "1-9": _("1–9 staff"),
        "10-49": _("10–49 staff"),
        "50-249": _("50–249 staff"),
        "250+": _("250 staff or more"),
        "unknown": _("not recorded"),
    }
    return _distribution(
        "companies-by-size",
        _("Companies by size"),
        _("Companies with a case open at some time in the period, by number of staff."),
        _("Size"),
        _("companies"),
        [(labels[key], found.get(key, 0)) for key in SIZE_CLASSES],
        sort=False,
    )


def _people(filters: Filters) -> QuerySet[Person]:
    cases = cases_in(filters).filter(person=OuterRef("pk"))
    return Person.objects.filter(Exists(cases)).order_by()


def people_by_nationality(filters: Filters) -> Figure:
    """People by the first nationality recorded, so that each counts once: the ten most
    frequent, then the others together."""
    counts = Counter[str]()
    for nationalities in _people(filters).values_list("nationalities", flat=True):
        counts[nationalities[0] if nationalities else ""] += 1
    not_stated = counts.pop("", 0)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    pairs = [(country_name(code), n) for code, n in ranked[:NATIONALITIES_TOP]]
    rest = sum(n for _code, n in ranked[NATIONALITIES_TOP:])
    if rest:
        pairs.append((_("other countries"), rest))
    if not_stated:
        pairs.append((_("not recorded"), not_stated))
    return _distribution(
        "people-by-nationality",
        _("People by nationality"),
        _(
            "People with a case open at some time in the period, by their first recorded"
            " nationality: the ten most frequent, then the other countries together."
        ),
        _("Nationality"),
        _("people"),
        pairs,
        sort=False,
    )


def people_by_pathway(filters: Filters) -> Figure:
    """Cases by the residence pathways their latest navigator assessment found open (eligible or
    possible); a case may fit several, a case without an assessment is not counted."""
    latest: dict[int, list[dict[str, Any]]] = {}
    assessments = (
        Assessment.objects.filter(case__in=cases_in(filters))
        .order_by("case_id", "created_at", "id")
        .values_list("case_id", "result")
    )
    for case_id, result in assessments:
        latest[case_id] = result.get("pathways", []) if isinstance(result, dict) else []
    counts = Counter[str]()
    titles: dict[str, str] = {}
    for pathways in latest.values():
        for pathway in pathways:
            if pathway.get("status") in ("eligible", "possible"):
                counts[pathway["id"]] += 1
                titles.setdefault(pathway["id"], str(pathway.get("title") or pathway["id"]))
    return _distribution(
        "cases-by-pathway",
        _("Cases by residence pathway"),
        _(
            "Cases open at some time in the period with a saved navigator assessment, by the"
            " pathways it found open (a case may fit several)."
        ),
        _("Pathway"),
        _("cases"),
        [(titles[key], n) for key, n in counts.items()],
        adds_up=False,
    )


def people_reached(filters: Filters) -> Figure:
    """ESF+ participants and the other persons reached: a person counts as a participant when
    one of their cases in scope is marked as ESF+ participation and its counselling reaches
    ``ESF_PARTICIPANT_MIN_HOURS``; everyone else with a case is another person reached."""
    threshold = participant_minutes()
    rows = (
        cases_in(filters)
        .filter(person__isnull=False)
        .annotate(
            minutes=Coalesce(Sum("contacts__duration_minutes"), 0, output_field=IntegerField())
        )
        .values_list("person_id", "esf_participant", "minutes")
    )
    participant: dict[int, bool] = {}
    for person_id, esf, minutes in rows:
        counts = bool(esf and minutes >= threshold)
        participant[person_id] = participant.get(person_id, False) or counts
    yes = sum(participant.values())
    return _distribution(
        "people-reached",
        _("People reached"),
        _(
            "People with a case open at some time in the period: ESF+ participants (marked so and"
            " counselled for at least %(hours)s hours in one case) and the other persons reached."
        )
        % {"hours": settings.ESF_PARTICIPANT_MIN_HOURS},
        _("Group"),
        _("people"),
        [(_("ESF+ participants"), yes), (_("other persons reached"), len(participant) - yes)],
        sort=False,
    )


SECTIONS = ("requests", "cases", "counselling", "referrals", "people")


def section_titles() -> dict[str, str]:
    return {
        "requests": _("Requests"),
        "cases": _("Cases"),
        "counselling": _("Counselling"),
        "referrals": _("Referrals"),
        "people": _("Companies and people"),
    }


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("requests-by-month", requests_by_month, "requests"),
    FigureSpec("requests-by-status", requests_by_status, "requests"),
    FigureSpec("requests-by-topic", requests_by_topic, "requests"),
    FigureSpec("requests-by-location", requests_by_location, "requests"),
    FigureSpec(
        "requests-by-organisation", requests_by_organisation, "requests", per_organisation=True
    ),
    FigureSpec("waiting-time", waiting_time, "requests"),
    FigureSpec("cases-by-month", cases_by_month, "cases"),
    FigureSpec("cases-by-status", cases_by_status, "cases"),
    FigureSpec("cases-by-topic", cases_by_topic, "cases"),
    FigureSpec("cases-by-location", cases_by_location, "cases"),
    FigureSpec("cases-by-organisation", cases_by_organisation, "cases", per_organisation=True),
    FigureSpec("hours-by-month", hours_by_month, "counselling"),
    FigureSpec(
        "hours-by-organisation", hours_by_organisation, "counselling", per_organisation=True
    ),
    FigureSpec("caseload", caseload, "counselling", names_staff=True),
    FigureSpec("referrals-by-recipient", referrals_by_recipient, "referrals"),
    FigureSpec("referrals-by-status", referrals_by_status, "referrals"),
    FigureSpec("referrals-by-outcome", referrals_by_outcome, "referrals"),
    FigureSpec("companies-by-sector", companies_by_sector, "people"),
    FigureSpec("companies-by-size", companies_by_size, "people"),
    FigureSpec("people-by-nationality", people_by_nationality, "people"),
    FigureSpec("cases-by-pathway", people_by_pathway, "people"),
    FigureSpec("people-reached", people_reached, "people"),
)
SLUGS = frozenset(spec.slug for spec in FIGURES)


def figure_specs(*, network: bool, filters: Filters) -> list[FigureSpec]:
    """The figures one viewer gets: the network's never name staff; the figures per
    organisation only when more than one organisation is counted."""
    specs = []
    for spec in FIGURES:
        if network and spec.names_staff:
            continue
        if spec.per_organisation and filters.organisation_id is not None:
            continue
        specs.append(spec)
    return specs


def figures(specs: Iterable[FigureSpec], filters: Filters, *, suppress: bool) -> list[Figure]:
    computed = [spec.compute(filters) for spec in specs]
    return [suppressed(figure) for figure in computed] if suppress else computed


def suppressed(figure: Figure) -> Figure:
    """The figure with counts from 1 to 4 blanked, column by column (with secondary suppression
    against the total row), measures blanked with the count they follow; the notes (median,
    mean) blanked when fewer than five values underlie them."""
    columns: list[list[Value_]] = [
        [row.values[i] for row in figure.rows] for i in range(len(figure.headers))
    ]
    totals: list[Value_] = list(figure.total) if figure.total is not None else [None] * len(columns)
    for index, basis in enumerate(figure.basis):
        if basis is not None:
            continue
        total = figure.total[index] if figure.total is not None else None
        shown_total, shown = suppress_distribution(
            int(total) if total is not None else None,
            [int(value or 0) for value in columns[index]],
        )
        columns[index] = list(shown)
        totals[index] = shown_total
    for index, basis in enumerate(figure.basis):
        if basis is None:
            continue
        columns[index] = [
            None if columns[basis][i] is None else v for i, v in enumerate(columns[index])
        ]
        if figure.total is not None and totals[basis] is None:
            totals[index] = None
    rows = tuple(
        Row(row.label, tuple(columns[c][r] for c in range(len(columns))))
        for r, row in enumerate(figure.rows)
    )
    notes = figure.notes
    if small(figure.notes_basis):
        notes = tuple((label, None) for label, _value in figure.notes)
    return replace(
        figure,
        rows=rows,
        total=tuple(totals) if figure.total is not None else None,
        notes=notes,
        is_suppressed=True,
    )


def location_choices() -> QuerySet[Location]:
    return Location.objects.filter(is_active=True).order_by("name")


def organisation_choices() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).order_by("name")
