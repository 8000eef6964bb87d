"""Three-valued logic and the compiler of the rules files' conditions into functions of a
``Context``: a missing fact is *unknown* (``None``), never false or zero, and "unknown" travels
through ``all``/``any``/``not`` by Kleene's rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from wcr.navigator.engine.facts import CEFR, Facts
from wcr.navigator.engine.render import (
    ENGINE_TEXTS,
    FACT_UNITS,
    format_date,
    format_money,
    localised,
    with_unit,
)

if TYPE_CHECKING:
    from wcr.navigator.kb import KnowledgeBase

Tri = bool | None  # True, False or None (unknown)


@dataclass
class Context:
    facts: Facts
    kb: KnowledgeBase
    lang: str
    _points: tuple[int, int] | None = None
    memo: dict[str, Outcome] = field(default_factory=dict)

    def fact(self, path: str) -> tuple[str, Any]:
        """("known", value); ("none", None) when the fact is known to be absent: a field of a
        null offer, or a detail of the qualification of someone who has none; ("missing",
        None) when it was not answered (unknown). An absent fact fails a condition that needs
        it; only a missing one leaves it unknown."""
        values = self.facts.values
        if path in values:
            return "known", values[path]
        parent = path.split(".", 1)[0]
        if parent != path and values.get(parent) is False:
            return "none", None
        if parent == "qualification" and values.get("qualification.level") == "none":
            return "none", None
        return "missing", None


Outcome = tuple[Tri, str | None]
Compiled = Callable[[Context], Outcome]


def tri_not(value: Tri) -> Tri:
    return None if value is None else not value


def tri_all(values: list[Tri]) -> Tri:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def tri_any(values: list[Tri]) -> Tri:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def compile_expression(expr: dict[str, Any], definitions: dict[str, Any]) -> Compiled:
    """Turn a condition of the rules files into a function of the context."""
    if "ref" in expr:
        name = expr["ref"]
        inner_ref = compile_expression(definitions[name]["when"], definitions)

        def named(ctx: Context) -> Outcome:
            # A named condition is the same within one evaluation: compute it once.
            found = ctx.memo.get(name)
            if found is None:
                found = ctx.memo[name] = inner_ref(ctx)
            return found

        return named
    if "all" in expr or "any" in expr:
        members: list[dict[str, Any]] = expr["all"] if "all" in expr else expr["any"]
        parts = tuple(compile_expression(part, definitions) for part in members)
        decisive = "all" not in expr  # all: False decides; any: True decides

        def combined(ctx: Context) -> Outcome:
            open_details: list[str] = []
            undecided = False
            for part in parts:
                value, detail = part(ctx)
                if value is decisive:
                    return value, detail
                if value is None:
                    undecided = True
                if detail:
                    open_details.append(detail)
            value = None if undecided else not decisive
            return value, "; ".join(open_details) if open_details else None

        return combined
    if "not" in expr:
        inner = compile_expression(expr["not"], definitions)
        return lambda ctx: (tri_not(inner(ctx)[0]), None)
    if "nationality_in" in expr:
        return nationality_in(expr["nationality_in"])
    if "isco_in" in expr:
        return _isco_in(expr["isco_in"])
    if "salary_at_least" in expr:
        return _salary_at_least(expr["salary_at_least"])
    if "years_since" in expr:
        return _years_since(expr["years_since"], expr["lte"])
    if "points_at_least" in expr:
        return _points_at_least(expr["points_at_least"])
    return _fact(expr)


def _fact(expr: dict[str, Any]) -> Compiled:
    path = expr["fact"]
    if_absent = {"unknown": None, "true": True, "false": False}[expr.get("if_absent", "unknown")]
    false_as_unknown = expr.get("false_as_unknown", False)
    test = _fact_test(expr)
    describe = _fact_description(expr)

    def evaluate_fact(ctx: Context) -> Outcome:
        state, value = ctx.fact(path)
        if state == "none":
            return False, None
        if state == "missing":
            if (
                if_absent is not None
                and "." in path
                and ctx.fact(path.split(".")[0])[0] == "missing"
            ):
                return None, None  # the offer itself is unknown
            return if_absent, None
        result = test(value)
        if result is False and false_as_unknown:
            return None, None
        return result, describe(value, ctx.lang) if describe else None

    return evaluate_fact


def _fact_description(expr: dict[str, Any]) -> Callable[[Any, str], str] | None:
    """What was given and what is required, for the comparisons of numbers and levels."""
    path = expr["fact"]
    if "min_level" in expr:
        bound = expr["min_level"]

        def level(value: str, lang: str) -> str:
            if value == "none":
                return localised(ENGINE_TEXTS["level_none"], lang)
            return value

        return lambda value, lang: localised(ENGINE_TEXTS["compare_gte"], lang).format(
            value=level(value, lang), bound=bound
        )
    for op in ("gte", "gt", "lte", "lt"):
        if op in expr:
            unit = FACT_UNITS.get(path)
            limit = expr[op]
            key = f"compare_{op}"
            return lambda value, lang: localised(ENGINE_TEXTS[key], lang).format(
                value=with_unit(value, unit, lang), bound=with_unit(limit, unit, lang)
            )
    return None


def _fact_test(expr: dict[str, Any]) -> Callable[[Any], Tri]:
    if "equals" in expr:
        expected = expr["equals"]
        return lambda value: value == expected
    if "in" in expr:
        options = set(expr["in"])
        return lambda value: value in options
    if "not_in" in expr:
        excluded = set(expr["not_in"])
        return lambda value: value not in excluded
    if "present" in expr:
        wanted = expr["present"]
        return lambda value: value is wanted
    if "min_level" in expr:
        minimum = CEFR.index(expr["min_level"])
        return lambda value: CEFR.index(value) >= minimum
    for op in ("gte", "gt", "lte", "lt"):
        if op in expr:
            return _comparison(op, expr[op])
    raise ValueError(f"condition without a test: {expr}")


def _comparison(op: str, bound: float) -> Callable[[Any], Tri]:
    def compare(value: Any) -> Tri:
        if op == "gte":
            return bool(value >= bound)
        if op == "gt":
            return bool(value > bound)
        if op == "lte":
            return bool(value <= bound)
        return bool(value < bound)

    return compare


def nationality_in(list_name: str) -> Compiled:
    def check(ctx: Context) -> Outcome:
        state, value = ctx.fact("nationalities")
        if state != "known":
            return None, None
        members = ctx.kb.lists[list_name]
        return any(code in members for code in value), None

    return check


def _isco_in(list_name: str) -> Compiled:
    def check(ctx: Context) -> Outcome:
        state, code = ctx.fact("job_offer.isco")
        if state == "none":
            return False, None
        if state == "missing":
            return None, None
        groups = ctx.kb.lists[list_name]
        if any(code.startswith(group) for group in groups):
            return True, None
        if any(group.startswith(code) for group in groups):
            return None, None  # e.g. "22": could be 221 (listed) or 223 (not)
        return False, None

    return check


def _salary_at_least(parameter_id: str) -> Compiled:
    def check(ctx: Context) -> Outcome:
        state, salary = ctx.fact("job_offer.annual_gross_salary")
        if state == "none":
            return False, localised(ENGINE_TEXTS["no_job_offer"], ctx.lang)
        value = ctx.kb.parameters[parameter_id].at(ctx.facts.as_of)
        year = ctx.facts.as_of.year
        if value is None:
            return None, localised(ENGINE_TEXTS["threshold_missing"], ctx.lang).format(year=year)
        if state == "missing":
            return None, None
        amount = Decimal(str(salary))
        met = amount >= value.amount
        sentence = localised(ENGINE_TEXTS["salary_met" if met else "salary_failed"], ctx.lang)
        return met, sentence.format(
            salary=format_money(amount, ctx.lang),
            threshold=format_money(value.amount, ctx.lang),
            year=year,
        )

    return check


def _years_since(path: str, limit: float) -> Compiled:
    def check(ctx: Context) -> Outcome:
        state, day = ctx.fact(path)
        if state != "known":
            return (False if state == "none" else None), None
        as_of = ctx.facts.as_of
        year = day.year + int(limit)
        if year > date.max.year:  # parse_facts keeps dates below 2100; a rule may not count on it
            return True, None
        try:
            deadline = day.replace(year=year)
        except ValueError:  # 29 February
            deadline = day.replace(year=year, day=28)
        met = as_of <= deadline
        sentence = localised(ENGINE_TEXTS["since_met" if met else "since_failed"], ctx.lang)
        return met, sentence.format(
            date=format_date(day, ctx.lang), deadline=format_date(deadline, ctx.lang)
        )

    return check


def chancenkarte_points(ctx: Context) -> tuple[int, int]:
    """Lowest and highest possible points under § 20b AufenthG given what is known."""
    if ctx._points is not None:
        return ctx._points
    low = high = 0

    def add(known: bool, points: int) -> None:
        nonlocal low, high
        if known:
            low += points
        high += points

    def level(path: str) -> int | None:
        state, value = ctx.fact(path)
        return CEFR.index(value) if state == "known" else None

    state, recognition = ctx.fact("qualification.german_recognition")
    if state == "missing" or recognition == "partial":
        add(state == "known", 4)
    # Qualification in a shortage occupation: no fact asks for it, so it stays open (unless
    # there is no qualification at all).
    if ctx.fact("qualification.occupation")[0] != "none":
        high += 1
    known_7, last_7 = ctx.fact("experience_years_last_7")
    known_5, last_5 = ctx.fact("experience_years_last_5")
    if known_7 == "known" and last_7 >= 5:
        low, high = low + 3, high + 3
    else:
        at_least_two = known_5 == "known" and last_5 >= 2
        maybe_two = known_5 != "known" or last_5 >= 2
        low += 2 if at_least_two else 0
        high += 3 if known_7 != "known" else 2 if maybe_two else 0
    german = level("german_level")
    if german is None:
        high += 3
    else:
        points = {2: 1, 3: 2}.get(german, 3 if german >= 4 else 0)
        add(True, points)
    english = level("english_level")
    if english is None or english >= CEFR.index("C1"):
        add(english is not None, 1)
    state, age = ctx.fact("age")
    if state != "known":
        high += 2
    else:
        add(True, 2 if age < 35 else 1 if age < 40 else 0)
    state, months = ctx.fact("stay_in_germany_months_last_5y")
    if state != "known" or months >= 6:
        add(state == "known", 1)
    state, spouse = ctx.fact("spouse_applies_jointly")
    if state != "known" or spouse:
        add(state == "known", 1)
    ctx._points = (low, high)
    return ctx._points


def _points_at_least(minimum: int) -> Compiled:
    def check(ctx: Context) -> Outcome:
        low, high = chancenkarte_points(ctx)
        if low == high:
            detail = localised(ENGINE_TEXTS["points_exact"], ctx.lang).format(
                points=with_unit(low, "points", ctx.lang), minimum=minimum
            )
        else:
            detail = localised(ENGINE_TEXTS["points_range"], ctx.lang).format(
                low=low, high=high, minimum=minimum
            )
        if low >= minimum:
            return True, detail
        if high < minimum:
            return False, detail
        return None, detail

    return check
