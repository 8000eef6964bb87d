"""Routing rules as data (``specs/interfaces.md``, "Public portal: requests and routing").

``parse_rules`` reads a rule set from CSV text and refuses it, naming row and column, when a row
is invalid; ``first_match`` finds the rule a request hits; both are pure. ``route`` applies the
stored rules; ``routing_rules_replace`` and ``routing_rules_export`` are the services the
management command and the staff page use. Rows are counted as in a spreadsheet: the header is
row 1, the first rule row 2.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from wcr.accounts.models import Location, Organisation, User
from wcr.cases.models import Topic
from wcr.portal.models import RoutingRule
from wcr.portal.models.requests import RequestKind, RequestSector
from wcr.portal.models.routing import ANY
from wcr.privacy.services import audit_record
from wcr.region.models import Municipality

COLUMNS = (
    "priority",
    "kind",
    "sector",
    "district",
    "municipality",
    "topic",
    "organisation",
    "location",
)
MATCH_COLUMNS = ("kind", "sector", "district", "municipality", "topic")
KINDS = tuple(RequestKind.values)
SECTORS = tuple(RequestSector.values)
NEAREST = "nearest"
_DISTRICT = re.compile(r"^\d{5}$")
_AGS = re.compile(r"^\d{8}$")
_PRIORITY = re.compile(r"^\d{1,9}$")

AUDIT_REPLACED = "routing.rules_replaced"  # the literal is also in routing_rules_replace


@dataclass(frozen=True)
class RuleRow:
    priority: int
    kind: str
    sector: str
    district: str
    municipality: str
    topic: str
    organisation: str
    location: str

    @property
    def is_catch_all(self) -> bool:
        return all(getattr(self, column) == ANY for column in MATCH_COLUMNS)

    def matches(
        self, kind: str, sector: str, district: str, municipality_ags: str, topics: Collection[str]
    ) -> bool:
        return (
            self.kind in (ANY, kind)
            and self.sector in (ANY, sector)
            and self.district in (ANY, district)
            and self.municipality in (ANY, municipality_ags)
            and (self.topic == ANY or self.topic in topics)
        )

    def as_csv_row(self) -> list[str]:
        return [str(value) for value in asdict(self).values()]


class RuleError(ValueError):
    """A refused rule set: ``row`` (the header is row 1) and ``column`` say where."""

    def __init__(self, row: int, column: str, problem: str) -> None:
        self.row = row
        self.column = column
        self.problem = problem
        super().__init__(
            _("Row %(row)d, column “%(column)s”: %(problem)s")
            % {"row": row, "column": column, "problem": problem}
        )


def _allowed(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def parse_rules(
    csv_text: str,
    *,
    organisations: Collection[str] | None = None,
    locations: Collection[str] | None = None,
    topics: Collection[str] | None = None,
) -> list[RuleRow]:
    """The rule set in ``csv_text``, sorted by priority; raises ``RuleError`` for the first
    invalid row. ``organisations``, ``locations`` and ``topics`` are the known slugs (``None``:
    not checked, as in the data migration that runs before any organisation exists)."""
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff")))
    header = [cell.strip() for cell in next(reader, [])]
    for column in COLUMNS:
        if column not in header:
            raise RuleError(1, column, _("the column is missing from the header."))
    rows: list[RuleRow] = []
    seen: dict[int, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = dict(zip(header, (cell.strip() for cell in cells), strict=False))
        row = _parse_row(number, values, organisations, locations, topics)
        if row.priority in seen:
            raise RuleError(
                number,
                "priority",
                _("priority %(priority)d is already used in row %(other)d.")
                % {"priority": row.priority, "other": seen[row.priority]},
            )
        seen[row.priority] = number
        rows.append(row)
    if not rows:
        raise RuleError(2, "priority", _("the rule set has no rules; it needs a catch-all."))
    rows.sort(key=lambda r: r.priority)
    last = rows[-1]
    if not last.is_catch_all:
        column = next(c for c in MATCH_COLUMNS if getattr(last, c) != ANY)
        raise RuleError(
            seen[last.priority],
            column,
            _(
                "no catch-all rule ends the set: the rule with the highest priority number "
                "must have * in every match column (kind, sector, district, municipality, topic)."
            ),
        )
    for row in rows[:-1]:
        if row.is_catch_all:  # every rule after it could never match
            raise RuleError(
                seen[row.priority],
                "priority",
                _(
                    "a catch-all rule must come last: the rules with a higher priority number "
                    "after it could never match."
                ),
            )
    return rows


def _parse_row(
    number: int,
    values: dict[str, str],
    organisations: Collection[str] | None,
    locations: Collection[str] | None,
    topics: Collection[str] | None,
) -> RuleRow:
    def value(column: str) -> str:
        return values.get(column) or ""

    priority = value("priority")
    if not _PRIORITY.match(priority):
        raise RuleError(
            number, "priority", _("“%(value)s” is not a whole number.") % {"value": priority}
        )
    checks: list[tuple[str, bool, str]] = [
        ("kind", value("kind") in (ANY, *KINDS), _allowed((ANY, *KINDS))),
        ("sector", value("sector") in (ANY, *SECTORS), _allowed((ANY, *SECTORS))),
        ("district", value("district") == ANY or bool(_DISTRICT.match(value("district"))),
         _("5 digits (district key) or *")),
        ("municipality",
         value("municipality") == ANY or bool(_AGS.match(value("municipality"))),
         _("8 digits (AGS) or *")),
        ("topic", value("topic") == ANY or (topics is None and bool(value("topic")))
         or value("topic") in (topics or ()), _allowed((ANY, *(topics or ())))),
        ("organisation",
         bool(value("organisation")) and (organisations is None
                                          or value("organisation") in organisations),
         _allowed(organisations or ())),
        ("location",
         value("location") == NEAREST or (bool(value("location")) and (
             locations is None or value("location") in locations)),
         _allowed((NEAREST, *(locations or ())))),
    ]  # fmt: skip
    for column, valid, allowed in checks:
        if not valid:
            raise RuleError(
                number,
                column,
                _("“%(value)s” is not allowed (allowed: %(allowed)s).")
                % {"value": value(column), "allowed": allowed},
            )
    return RuleRow(int(priority), *(value(column) for column in COLUMNS[1:]))


def first_match(
    rows: Sequence[RuleRow],
    kind: str,
    sector: str,
    district: str,
    municipality_ags: str,
    topics: Collection[str],
) -> RuleRow | None:
    """The first rule (lowest priority number) the request matches."""
    for row in sorted(rows, key=lambda r: r.priority):
        if row.matches(kind, sector, district, municipality_ags, topics):
            return row
    return None


def stored_rules() -> list[RuleRow]:
    return [_row(rule) for rule in RoutingRule.objects.order_by("priority")]


def _row(rule: RoutingRule) -> RuleRow:
    return RuleRow(rule.priority, *(getattr(rule, column) for column in COLUMNS[1:]))


def nearest_location(municipality_ags: str) -> str:
    """The WCR location the region data names for the municipality (as the navigator's
    ``_responsible_locations``); when it names none (or an inactive one), the first active
    location by name (Aachen in the network's data); "" when there is no active location."""
    active = Location.objects.filter(is_active=True).order_by("name")
    named = (
        Municipality.objects.filter(ags=municipality_ags)
        .values_list("wcr_location", flat=True)
        .first()
    )
    if named and active.filter(slug=named).exists():
        return named
    return active.values_list("slug", flat=True).first() or ""


def route(
    kind: str, sector: str, district: str, municipality_ags: str, topics: Collection[str]
) -> tuple[str, str]:
    """(organisation slug, location slug) of the first stored rule the request matches;
    ``district`` defaults to the first five digits of the AGS."""
    _rule, organisation, location = route_with_rule(
        kind, sector, district, municipality_ags, topics
    )
    return organisation, location


def route_with_rule(
    kind: str, sector: str, district: str, municipality_ags: str, topics: Collection[str]
) -> tuple[RuleRow | None, str, str]:
    """``route`` and the rule that decided (``None`` when no rule set is stored: then the lead
    partner and the nearest location)."""
    district = district or municipality_ags[:5]
    rule = first_match(stored_rules(), kind, sector, district, municipality_ags, topics)
    if rule is None:
        lead = Organisation.objects.filter(is_lead=True).values_list("slug", flat=True).first()
        return None, lead or "", nearest_location(municipality_ags)
    if rule.location == NEAREST:
        return rule, rule.organisation, nearest_location(municipality_ags)
    return rule, rule.organisation, rule.location


def known_slugs() -> dict[str, set[str]]:
    """The slugs a rule may name, for ``parse_rules``."""
    return {
        "organisations": set(
            Organisation.objects.filter(is_active=True).values_list("slug", flat=True)
        ),
        "locations": set(Location.objects.filter(is_active=True).values_list("slug", flat=True)),
        "topics": set(Topic.objects.values_list("slug", flat=True)),
    }


def parse_rules_checked(csv_text: str) -> list[RuleRow]:
    """``parse_rules`` against the organisations, locations and topics in the database."""
    known = known_slugs()
    return parse_rules(
        csv_text,
        organisations=known["organisations"],
        locations=known["locations"],
        topics=known["topics"],
    )


def _describe(row: RuleRow) -> str:
    return ";".join(row.as_csv_row())


@transaction.atomic
def routing_rules_replace(actor: User | None, rows: Sequence[RuleRow]) -> list[RoutingRule]:
    """Replace the whole rule set with ``rows`` (validated by ``parse_rules``) in one
    transaction; audited (under the lead partner) with the rules removed and added, each as its
    CSV line; a set equal to the stored one writes no audit event."""
    old = {_describe(row) for row in stored_rules()}
    new = {_describe(row) for row in rows}
    RoutingRule.objects.all().delete()
    created = RoutingRule.objects.bulk_create(
        RoutingRule(**asdict(row)) for row in sorted(rows, key=lambda r: r.priority)
    )
    if old != new:
        audit_record(
            actor=actor,
            # The rules are the network's: the lead partner's data protection officer sees it.
            organisation=Organisation.objects.filter(is_lead=True).first(),
            action="routing.rules_replaced",
            obj=RoutingRule.objects.order_by("-priority").first() or RoutingRule(),
            changes={
                "rule_count": {"old": len(old), "new": len(new)},
                "removed": {"old": sorted(old - new), "new": []},
                "added": {"old": [], "new": sorted(new - old)},
            },
        )
    return created


def rows_to_csv(rows: Iterable[RuleRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in sorted(rows, key=lambda r: r.priority):
        writer.writerow(row.as_csv_row())
    return out.getvalue()


def routing_rules_export() -> str:
    """The stored rule set as CSV text (the format ``parse_rules`` reads)."""
    return rows_to_csv(stored_rules())
