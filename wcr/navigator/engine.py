"""The navigator's rule engine: facts in, an explained answer out.

Pure Python, no Django import (import-linter keeps it so), deterministic: the same facts and
knowledge base give the same result. Three-valued logic throughout: a missing fact is *unknown*
(``None``), never false or zero, and "unknown" travels through ``all``/``any``/``not`` by
Kleene's rules. Thresholds are chosen by ``as_of``.

    facts = parse_facts(raw)                      # FactsError names every bad field
    result = evaluate(facts, knowledge_base(), lang="de")

The result follows shared/specs/navigator.md (pathways, recognition, procedure_81a) and adds
``kb_version``, ``lang`` and, per pathway, the texts a reader needs (summary, steps, documents,
employer duties, costs, durations). See docs/navigator.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from wcr.navigator.kb import PARAM_PLACEHOLDER

if TYPE_CHECKING:
    from wcr.navigator.kb import KnowledgeBase

LANGUAGES = ("de", "en", "ar", "uk", "tr")
STATUS_ORDER = {"eligible": 0, "possible": 1, "not_eligible": 2}
CEFR = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
GOALS = ("employment", "training", "study", "job_search", "self_employment", "recognition")
LEVELS = ("none", "vocational", "academic")
RECOGNITION_RESULTS = ("none", "pending", "partial", "full", "comparable")
OCCUPATIONS = (
    "crafts",
    "ihk",
    "health",
    "teaching",
    "social",
    "engineering",
    "it",
    "academic_other",
    "other",
)
COUNTRY = re.compile(r"^[A-Z]{2}$")
AGS = re.compile(r"^\d{8}$")
ISCO = re.compile(r"^\d{2,4}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Tri = bool | None  # True, False or None (unknown)


class FactsError(ValueError):
    """Malformed facts. ``errors`` holds (field path, message) pairs, e.g.
    ``("job_offer.annual_gross_salary", "must be a number")``."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors))


# --- facts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """Validated facts, flattened to paths (``"job_offer.isco"``). A path that is absent is
    unknown. ``job_offer``/``training_offer`` map to True (an offer) or False (``null``: none)."""

    values: dict[str, Any]
    as_of: date


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number(low: float, high: float) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if not _is_number(value):
            return "must be a number"
        assert isinstance(value, int | float)
        if value != value or not low <= value <= high:  # NaN or out of range
            return f"must be between {low:g} and {high:g}"
        return None

    return check


def _integer(low: int, high: int) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return "must be a whole number"
        if not low <= value <= high:
            return f"must be between {low} and {high}"
        return None

    return check


def _boolean(value: object) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _choice(options: tuple[str, ...]) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if value not in options:
            return "must be one of " + ", ".join(options)
        return None

    return check


def _pattern(regex: re.Pattern[str], what: str) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if not isinstance(value, str) or not regex.match(value):
            return f"must be {what}"
        return None

    return check


def _iso_date(value: object) -> str | None:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return "must be a date YYYY-MM-DD"
    try:
        date.fromisoformat(value)
    except ValueError:
        return "is not a valid date"
    return None


def _countries(value: object) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a list of at least one ISO 3166-1 alpha-2 code"
    for item in value:
        if not isinstance(item, str) or not COUNTRY.match(item):
            return f"{item!r} is not an ISO 3166-1 alpha-2 code (two capital letters)"
    return None


_country = _pattern(COUNTRY, "an ISO 3166-1 alpha-2 code (two capital letters)")
_ags = _pattern(AGS, "an 8-digit municipality key (AGS)")
_cefr = _choice(CEFR)

QUALIFICATION_FIELDS: dict[str, Callable[[object], str | None]] = {
    "level": _choice(LEVELS),
    "country": _country,
    "state_recognised": _boolean,
    "duration_years": _number(0, 20),
    "completed_on": _iso_date,
    "german_recognition": _choice(RECOGNITION_RESULTS),
    "occupation": _choice(OCCUPATIONS),
    "regulated": _boolean,
}
JOB_OFFER_FIELDS: dict[str, Callable[[object], str | None]] = {
    "annual_gross_salary": _number(0, 10_000_000),
    "isco": _pattern(ISCO, "an ISCO-08 code of 2 to 4 digits"),
    "qualified": _boolean,
    "regulated": _boolean,
    "collective_agreement": _boolean,
    "duration_months": _integer(1, 600),
    "municipality": _ags,
}
TRAINING_OFFER_FIELDS: dict[str, Callable[[object], str | None]] = {"qualified": _boolean}
NESTED = {
    "qualification": QUALIFICATION_FIELDS,
    "job_offer": JOB_OFFER_FIELDS,
    "training_offer": TRAINING_OFFER_FIELDS,
}
TOP_FIELDS: dict[str, Callable[[object], str | None]] = {
    "as_of": _iso_date,
    "nationalities": _countries,
    "residence_country": _country,
    # Extension of the spec: where the person lives in Germany, for the recognition body
    # when there is no job yet.
    "residence_municipality": _ags,
    "age": _integer(0, 120),
    "goal": _choice(GOALS),
    "experience_years_last_5": _number(0, 5),
    "experience_years_last_7": _number(0, 7),
    "german_level": _cefr,
    "english_level": _cefr,
    "stay_in_germany_months_last_5y": _number(0, 60),
    "pension_provision": _boolean,
    "anerkennungspartnerschaft": _boolean,
    "spouse_applies_jointly": _boolean,
}
# Every fact path a condition may name; kb.CONDITION_FACTS must match (tested).
FACT_PATHS = frozenset(
    {name for name in TOP_FIELDS if name != "as_of"}
    | {"job_offer", "training_offer"}
    | {f"{parent}.{name}" for parent, fields in NESTED.items() for name in fields}
)


def parse_facts(raw: object, *, today: date | None = None) -> Facts:
    """Check and flatten one facts object; raise FactsError naming every bad field.

    Unknown fields are rejected so that a typo cannot silently change the answer. ``null`` is
    *unknown* for every field except ``job_offer``/``training_offer``, where it means "none".
    """
    if not isinstance(raw, dict):
        raise FactsError([("(root)", "must be a JSON object")])
    errors: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            errors.append((str(key), "unknown field"))
        elif key in NESTED:
            _parse_nested(key, value, values, errors)
        elif key not in TOP_FIELDS:
            errors.append((key, "unknown field"))
        elif value is not None:
            message = TOP_FIELDS[key](value)
            if message:
                errors.append((key, message))
            else:
                values[key] = value
    _check_consistency(values, errors)
    if errors:
        raise FactsError(errors)
    as_of_text = values.pop("as_of", None)
    as_of = date.fromisoformat(as_of_text) if as_of_text else (today or date.today())
    if "nationalities" in values:
        values["nationalities"] = tuple(dict.fromkeys(values["nationalities"]))
    if "qualification.completed_on" in values:
        values["qualification.completed_on"] = date.fromisoformat(
            values["qualification.completed_on"]
        )
    return Facts(values=values, as_of=as_of)


def _parse_nested(
    key: str, value: object, values: dict[str, Any], errors: list[tuple[str, str]]
) -> None:
    fields = NESTED[key]
    if value is None:
        if key == "qualification":
            errors.append((key, 'must be an object (use level "none" for no qualification)'))
        else:
            values[key] = False
        return
    if not isinstance(value, dict):
        errors.append((key, "must be an object" + ("" if key == "qualification" else " or null")))
        return
    if key != "qualification":
        values[key] = True
    for name, item in value.items():
        path = f"{key}.{name}"
        if name not in fields:
            errors.append((path, "unknown field"))
        elif item is not None:
            message = fields[name](item)
            if message:
                errors.append((path, message))
            else:
                values[path] = item


def _check_consistency(values: dict[str, Any], errors: list[tuple[str, str]]) -> None:
    last_5 = values.get("experience_years_last_5")
    last_7 = values.get("experience_years_last_7")
    if last_5 is not None and last_7 is not None and last_5 > last_7:
        errors.append(("experience_years_last_5", "cannot be more than experience_years_last_7"))
    completed = values.get("qualification.completed_on")
    as_of = values.get("as_of")
    if completed and as_of and completed > as_of:
        errors.append(("qualification.completed_on", "lies after as_of"))


# --- texts ----------------------------------------------------------------------------------

ENGINE_TEXTS: dict[str, dict[str, str]] = {
    "not_in_force": {
        "de": "Diese Regelung gilt erst ab {date}",
        "en": "This rule applies only from {date}",
        "ar": "تسري هذه القاعدة فقط اعتبارًا من {date}",
        "uk": "Це правило діє лише з {date}",
        "tr": "Bu kural yalnızca {date} tarihinden itibaren geçerlidir",
    },
    "earlier_version": {
        "de": "Vor dem {date} galt eine frühere Fassung, die der Navigator nicht prüft",
        "en": "Before {date} an earlier version applied, which the navigator does not check",
        "ar": "قبل {date} كانت تسري صيغة سابقة لا يفحصها المرشد",
        "uk": "До {date} діяла попередня редакція, яку навігатор не перевіряє",
        "tr": "{date} tarihinden önce, rehberin incelemediği eski bir düzenleme geçerliydi",
    },
    "expired": {
        "de": "Diese Regelung galt nur bis {date}",
        "en": "This rule applied only until {date}",
        "ar": "كانت هذه القاعدة سارية حتى {date} فقط",
        "uk": "Це правило діяло лише до {date}",
        "tr": "Bu kural yalnızca {date} tarihine kadar geçerliydi",
    },
    "threshold_missing": {
        "de": "Grenzwert für {year} noch nicht bestätigt",
        "en": "threshold for {year} not yet confirmed",
        "ar": "الحد الأدنى لعام {year} لم يُؤكَّد بعد",
        "uk": "поріг на {year} рік ще не підтверджено",
        "tr": "{year} yılı için eşik henüz teyit edilmedi",
    },
    "no_job_offer": {
        "de": "kein Arbeitsplatzangebot",
        "en": "no job offer",
        "ar": "لا يوجد عرض عمل",
        "uk": "немає пропозиції роботи",
        "tr": "iş teklifi yok",
    },
    "points": {
        "de": "Punkte: {points}",
        "en": "points: {points}",
        "ar": "النقاط: {points}",
        "uk": "бали: {points}",
        "tr": "puan: {points}",
    },
    "amount_unknown": {"de": "?", "en": "?", "ar": "?", "uk": "?", "tr": "?"},
    "81a_available": {
        "de": "Das beschleunigte Fachkräfteverfahren kann genutzt werden: der Arbeitgeber stellt den Antrag bei der zuständigen Stelle.",
        "en": "The accelerated skilled-worker procedure can be used: the employer applies to the competent authority.",
        "ar": "يمكن استخدام الإجراء المعجل للعمالة الماهرة: يقدم صاحب العمل الطلب إلى الجهة المختصة.",
        "uk": "Можна скористатися прискореною процедурою для фахівців: роботодавець подає заяву до компетентного органу.",
        "tr": "Hızlandırılmış nitelikli işgücü prosedürü kullanılabilir: başvuruyu işveren yetkili makama yapar.",
    },
    "81a_in_germany": {
        "de": "Nur für Personen, die noch im Ausland leben.",
        "en": "Only for people who still live abroad.",
        "ar": "فقط للأشخاص الذين ما زالوا يعيشون في الخارج.",
        "uk": "Лише для осіб, які ще живуть за кордоном.",
        "tr": "Yalnızca hâlâ yurt dışında yaşayan kişiler için.",
    },
    "81a_eu": {
        "de": "EU-/EWR-/Schweizer Bürger brauchen kein Visum.",
        "en": "EU/EEA/Swiss citizens need no visa.",
        "ar": "مواطنو الاتحاد الأوروبي والمنطقة الاقتصادية الأوروبية وسويسرا لا يحتاجون إلى تأشيرة.",
        "uk": "Громадянам ЄС/ЄЕЗ/Швейцарії віза не потрібна.",
        "tr": "AB/AEA/İsviçre vatandaşlarının vizeye ihtiyacı yoktur.",
    },
    "81a_no_offer": {
        "de": "Nötig ist ein konkretes Arbeits- oder Ausbildungsplatzangebot.",
        "en": "A concrete job or training offer is needed.",
        "ar": "يلزم وجود عرض عمل أو تدريب محدد.",
        "uk": "Потрібна конкретна пропозиція роботи або навчання.",
        "tr": "Somut bir iş veya eğitim teklifi gereklidir.",
    },
    "81a_no_pathway": {
        "de": "Keiner der passenden Aufenthaltswege ist für das beschleunigte Verfahren vorgesehen.",
        "en": "None of the fitting pathways is covered by the accelerated procedure.",
        "ar": "لا يشمل الإجراء المعجل أيًا من المسارات المناسبة.",
        "uk": "Жоден із відповідних шляхів не охоплюється прискореною процедурою.",
        "tr": "Uygun yolların hiçbiri hızlandırılmış prosedür kapsamında değildir.",
    },
    "81a_unknown": {
        "de": "Ob das beschleunigte Verfahren möglich ist, hängt von den offenen Angaben ab (Wohnort, Angebot, Aufenthaltsweg).",
        "en": "Whether the accelerated procedure is possible depends on the open answers (residence, offer, pathway).",
        "ar": "تعتمد إمكانية الإجراء المعجل على الإجابات المفتوحة (مكان الإقامة، العرض، المسار).",
        "uk": "Чи можлива прискорена процедура, залежить від відкритих відповідей (місце проживання, пропозиція, шлях).",
        "tr": "Hızlandırılmış prosedürün mümkün olup olmadığı açık cevaplara bağlıdır (ikamet, teklif, yol).",
    },
    "81a_other_state": {
        "de": "Der Arbeitsort liegt außerhalb von NRW: zuständig ist die zentrale Stelle jenes Bundeslandes.",
        "en": "The workplace is outside NRW: the central authority of that federal state is responsible.",
        "ar": "مكان العمل خارج ولاية شمال الراين وستفاليا: الجهة المركزية لتلك الولاية هي المختصة.",
        "uk": "Місце роботи поза NRW: відповідає центральний орган тієї федеральної землі.",
        "tr": "İş yeri NRW dışında: o eyaletin merkezi makamı yetkilidir.",
    },
}


def _text(value: dict[str, str], lang: str) -> str:
    return value.get(lang) or value["en"]


def _format_amount(amount: Decimal, lang: str) -> str:
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if lang in ("de", "tr"):
        return text.replace(",", "§").replace(".", ",").replace("§", ".")
    if lang == "uk":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


# --- conditions -----------------------------------------------------------------------------


@dataclass
class Context:
    facts: Facts
    kb: KnowledgeBase
    lang: str
    _points: tuple[int, int] | None = None
    memo: dict[str, Outcome] = field(default_factory=dict)

    def fact(self, path: str) -> tuple[str, Any]:
        """("known", value), ("absent", None) or ("no_offer", None) for a field of a null offer."""
        values = self.facts.values
        if path in values:
            return "known", values[path]
        parent = path.split(".", 1)[0]
        if parent != path and values.get(parent) is False:
            return "no_offer", None
        return "absent", None


Outcome = tuple[Tri, str | None]
Compiled = Callable[[Context], Outcome]


def _not(value: Tri) -> Tri:
    return None if value is None else not value


def _all(values: list[Tri]) -> Tri:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _any(values: list[Tri]) -> Tri:
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
        return lambda ctx: (_not(inner(ctx)[0]), None)
    if "nationality_in" in expr:
        return _nationality_in(expr["nationality_in"])
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

    def evaluate_fact(ctx: Context) -> Outcome:
        state, value = ctx.fact(path)
        if state == "no_offer":
            return False, None
        if state == "absent":
            if (
                if_absent is not None
                and "." in path
                and ctx.fact(path.split(".")[0])[0] == "absent"
            ):
                return None, None  # the offer itself is unknown
            return if_absent, None
        result = test(value)
        if result is False and false_as_unknown:
            return None, None
        return result, None

    return evaluate_fact


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


def _nationality_in(list_name: str) -> Compiled:
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
        if state == "no_offer":
            return False, None
        if state == "absent":
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
        if state == "no_offer":
            return False, _text(ENGINE_TEXTS["no_job_offer"], ctx.lang)
        value = ctx.kb.parameters[parameter_id].at(ctx.facts.as_of)
        year = ctx.facts.as_of.year
        if value is None:
            return None, _text(ENGINE_TEXTS["threshold_missing"], ctx.lang).format(year=year)
        if state == "absent":
            return None, None
        amount = Decimal(str(salary))
        met = amount >= value.amount
        shown = f"{salary:g}" if isinstance(salary, float) else str(salary)
        return met, f"{shown} {'>=' if met else '<'} {value.amount.normalize():f} ({year})"

    return check


def _years_since(path: str, limit: float) -> Compiled:
    def check(ctx: Context) -> Outcome:
        state, day = ctx.fact(path)
        if state != "known":
            return None, None
        as_of = ctx.facts.as_of
        try:
            deadline = day.replace(year=day.year + int(limit))
        except ValueError:  # 29 February
            deadline = day.replace(year=day.year + int(limit), day=28)
        return as_of <= deadline, None

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
    if state != "known" or recognition == "partial":
        add(state == "known", 4)
    # Qualification in a shortage occupation: no fact asks for it, so it stays open.
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
        shown = str(low) if low == high else f"{low}–{high}"
        detail = _text(ENGINE_TEXTS["points"], ctx.lang).format(points=shown)
        if low >= minimum:
            return True, detail
        if high < minimum:
            return False, detail
        return None, detail

    return check


# --- pathways -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledPathway:
    data: dict[str, Any]
    conditions: tuple[tuple[dict[str, Any], Compiled], ...]
    valid_from: date
    valid_to: date | None


_COMPILED: dict[int, tuple[Any, tuple[CompiledPathway, ...]]] = {}


def _compiled(kb: KnowledgeBase) -> tuple[CompiledPathway, ...]:
    cached = _COMPILED.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    pathways = tuple(
        CompiledPathway(
            data=pathway,
            conditions=tuple(
                (condition, compile_expression(condition["when"], kb.definitions))
                for condition in pathway["conditions"]
            ),
            valid_from=date.fromisoformat(pathway["valid_from"]),
            valid_to=date.fromisoformat(pathway["valid_to"]) if pathway.get("valid_to") else None,
        )
        for pathway in kb.pathways
    )
    _COMPILED[id(kb)] = (kb, pathways)
    return pathways


def _render(text: dict[str, str], ctx: Context) -> str:
    value = _text(text, ctx.lang)
    if "{param:" not in value:
        return value

    def amount(match: re.Match[str]) -> str:
        found = ctx.kb.parameters[match.group(1)].at(ctx.facts.as_of)
        if found is None:
            return _text(ENGINE_TEXTS["amount_unknown"], ctx.lang)
        return _format_amount(found.amount, ctx.lang)

    return PARAM_PLACEHOLDER.sub(amount, value)


def _format_date(day: date, lang: str) -> str:
    return day.strftime("%d.%m.%Y") if lang in ("de", "tr", "uk") else day.isoformat()


@dataclass(frozen=True)
class RenderedPathway:
    """A pathway's texts in one language for one date (placeholders filled in)."""

    title: str
    summary: str
    labels: tuple[str, ...]
    next_steps: tuple[str, ...]
    documents: tuple[str, ...]
    employer_duties: tuple[str, ...]
    costs: tuple[str, ...]
    durations: tuple[str, ...]
    discretionary_note: str | None


_RENDERED: dict[tuple[int, str, date], tuple[Any, dict[str, RenderedPathway]]] = {}


def _rendered(ctx: Context) -> dict[str, RenderedPathway]:
    """The texts depend only on language and date: render them once per (language, date)."""
    key = (id(ctx.kb), ctx.lang, ctx.facts.as_of)
    cached = _RENDERED.get(key)
    if cached is not None and cached[0] is ctx.kb:
        return cached[1]
    rendered = {}
    for data in ctx.kb.pathways:
        note = data.get("discretionary_note")
        rendered[data["id"]] = RenderedPathway(
            title=_text(data["title"], ctx.lang),
            summary=_render(data["summary"], ctx),
            labels=tuple(_render(c["label"], ctx) for c in data["conditions"]),
            next_steps=tuple(_render(item, ctx) for item in data["next_steps"]),
            documents=tuple(_render(item, ctx) for item in data["documents"]),
            employer_duties=tuple(_render(item, ctx) for item in data["employer_duties"]),
            costs=tuple(_render(item, ctx) for item in data["costs"]),
            durations=tuple(_render(item, ctx) for item in data["durations"]),
            discretionary_note=_text(note, ctx.lang) if data["discretionary"] and note else None,
        )
    if len(_RENDERED) > 512:
        _RENDERED.clear()
    _RENDERED[key] = (ctx.kb, rendered)
    return rendered


def _evaluate_pathway(
    pathway: CompiledPathway, texts: RenderedPathway, ctx: Context
) -> dict[str, Any]:
    data = pathway.data
    met: list[str] = []
    failed: list[str] = []
    unknown: list[str] = []
    as_of = ctx.facts.as_of
    if as_of < pathway.valid_from:
        key = "not_in_force" if data["before_valid_from"] == "failed" else "earlier_version"
        text = _text(ENGINE_TEXTS[key], ctx.lang).format(
            date=_format_date(pathway.valid_from, ctx.lang)
        )
        (failed if key == "not_in_force" else unknown).append(text)
    if pathway.valid_to is not None and as_of > pathway.valid_to:
        failed.append(
            _text(ENGINE_TEXTS["expired"], ctx.lang).format(
                date=_format_date(pathway.valid_to, ctx.lang)
            )
        )
    for (_condition, check), label in zip(pathway.conditions, texts.labels, strict=True):
        value, detail = check(ctx)
        if detail:
            label = f"{label}: {detail}"
        (met if value is True else failed if value is False else unknown).append(label)
    status = "not_eligible" if failed else "possible" if unknown else "eligible"
    result: dict[str, Any] = {
        "id": data["id"],
        "status": status,
        "discretionary": data["discretionary"],
        "legal_basis": data["legal_basis"],
        "title": texts.title,
        "summary": texts.summary,
        "met": met,
        "failed": failed,
        "unknown": unknown,
        "next_steps": list(texts.next_steps),
        "documents": list(texts.documents),
        "employer_duties": list(texts.employer_duties),
        "costs": list(texts.costs),
        "durations": list(texts.durations),
        "procedure_81a": data["procedure_81a"],
        "sources": [
            {"title": s["title"], "url": s["url"], "as_of": s["as_of"]} for s in data["sources"]
        ],
    }
    if texts.discretionary_note is not None:
        result["discretionary_note"] = texts.discretionary_note
    return result


# --- recognition and § 81a ------------------------------------------------------------------


def _body(kb: KnowledgeBase, body_id: str | None, lang: str) -> dict[str, Any] | None:
    if body_id is None:
        return None
    body = kb.recognition["bodies"][body_id]
    result = {"id": body_id, "name": _text(body["name"], lang), "url": body["url"]}
    for key in ("email", "phone", "address"):
        if key in body:
            result[key] = body[key]
    return result


def _place(ctx: Context, order: tuple[str, ...] = ("job", "residence")) -> str | None:
    """AGS of the job or of the residence in Germany, whichever ``order`` names first."""
    paths = {"job": "job_offer.municipality", "residence": "residence_municipality"}
    for key in order:
        state, ags = ctx.fact(paths[key])
        if state == "known":
            return str(ags)
    return None


def recognition_body(ctx: Context, occupation: str) -> tuple[str | None, str | None]:
    """(body id, text key explaining why it is unknown) for an occupational field."""
    rule = ctx.kb.recognition["occupations"][occupation]
    level = ctx.facts.values.get("qualification.level")
    country = ctx.facts.values.get("qualification.country")
    if "by_country" in rule and level in rule.get("by_country_levels", LEVELS):
        if country is None:
            return None, "body_country_unknown"
        for entry in rule["by_country"]:
            if country in ctx.kb.lists[entry["list"]]:
                return entry["body"], None
        return rule["country_default_body"], None
    if "eu_body" in rule:
        if country is None:
            return None, "body_country_unknown"
        if country in ctx.kb.lists["eu_eea_ch"]:
            return rule["eu_body"], None
    if level in rule.get("by_level", {}):
        return rule["by_level"][level], None
    if "by_district" in rule or "by_regierungsbezirk" in rule:
        ags = _place(ctx, tuple(rule.get("place_order", ("job", "residence"))))
        if ags is None:
            lives_abroad = ctx.facts.values.get("residence_country") not in (None, "DE")
            if lives_abroad and ctx.facts.values.get("job_offer") is not True:
                return rule["default_body"], None
            return None, "body_place_unknown"
        body = rule.get("by_district", {}).get(ags[:5]) or rule.get("by_regierungsbezirk", {}).get(
            ags[:3]
        )
        return (body, None) if body else (rule["default_body"], "body_outside_region")
    return rule.get("body"), None


_EU_LIST = _nationality_in("eu_eea_ch")


def _eu_citizen(ctx: Context) -> Tri:
    """Shares the memo of the named condition ``eu_citizen`` (the same list): computed once."""
    found = ctx.memo.get("eu_citizen")
    if found is None:
        found = ctx.memo["eu_citizen"] = _EU_LIST(ctx)
    return found[0]


def _recognition(ctx: Context, pathways: list[dict[str, Any]]) -> dict[str, Any]:
    kb, values, lang = ctx.kb, ctx.facts.values, ctx.lang
    texts = kb.recognition["texts"]
    occupation = values.get("qualification.occupation")
    level = values.get("qualification.level")
    body_id: str | None = None
    body_note: str | None = None
    regulated: Tri = None
    if occupation is not None:
        body_id, body_note = recognition_body(ctx, occupation)
        rule_regulated = kb.recognition["occupations"][occupation]["regulated"]
        regulated = rule_regulated if isinstance(rule_regulated, bool) else None
    for path in ("qualification.regulated", "job_offer.regulated"):
        if values.get(path) is True:
            regulated = True
        elif values.get(path) is False and regulated is None:
            regulated = False

    eu = _eu_citizen(ctx)
    needed: Tri
    if level == "none":
        needed, key, body_id = False, "no_qualification", None
    elif values.get("qualification.country") == "DE":
        needed, key, body_id = False, "german_qualification", None
    elif values.get("qualification.german_recognition") == "full" or (
        values.get("qualification.german_recognition") == "comparable" and regulated is not True
    ):
        needed, key = False, "already_recognised"
    elif values.get("qualification.german_recognition") == "partial":
        needed, key = True, "partial"
    elif values.get("qualification.german_recognition") == "pending":
        needed, key = True, "pending"
    elif regulated is True:
        needed, key = True, "regulated"
    elif eu is True:
        needed, key = (False, "eu_not_regulated") if regulated is False else (None, "eu_unknown")
    elif eu is False and level == "vocational":
        needed, key = True, "vocational_third_country"
    elif eu is False and level == "academic":
        needed, key = True, "academic_third_country"
    else:
        needed, key = None, "unknown"
    reason = _text(texts[key], lang)
    if occupation is not None and needed is not False:
        reason = f"{reason} {_text(kb.recognition['occupations'][occupation]['reason'], lang)}"
    if body_note and needed is not False:
        reason = f"{reason} {_text(texts[body_note], lang)}"
    if occupation is None and needed is not False:
        reason = f"{reason} {_text(texts['body_occupation_unknown'], lang)}"
    return {
        "needed": needed,
        "reason": reason,
        "regulated": regulated,
        "occupation": occupation,
        "body": _body(kb, body_id, lang) if needed is not False or body_id == "zab" else None,
        "alternative": (
            _body(kb, rule_alternative, lang)
            if needed is not False and (rule_alternative := _alternative(kb, occupation))
            else None
        ),
    }


def _alternative(kb: KnowledgeBase, occupation: str | None) -> str | None:
    if occupation is None:
        return None
    return kb.recognition["occupations"][occupation].get("alternative")


def _procedure_81a(ctx: Context, pathways: list[dict[str, Any]]) -> dict[str, Any]:
    kb, lang = ctx.kb, ctx.lang
    procedure = kb.procedure_81a
    eu = _eu_citizen(ctx)
    state, country = ctx.fact("residence_country")
    abroad: Tri = None if state != "known" else country != "DE"
    offer = _any([ctx.facts.values.get("job_offer"), ctx.facts.values.get("training_offer")])
    fitting = [
        p for p in pathways if p["id"] in procedure["pathways"] and p["status"] != "not_eligible"
    ]
    covered: Tri = (
        True if any(p["status"] == "eligible" for p in fitting) else None if fitting else False
    )
    available = _all([_not(eu), abroad, offer, covered])
    if eu is True:
        key = "81a_eu"
    elif abroad is False:
        key = "81a_in_germany"
    elif offer is False:
        key = "81a_no_offer"
    elif covered is False:
        key = "81a_no_pathway"
    elif available:
        key = "81a_available"
    else:
        key = "81a_unknown"
    authority: dict[str, Any] | None = {
        "id": procedure["authority"]["id"],
        "name": _text(procedure["authority"]["name"], lang),
        "url": procedure["authority"]["url"],
    }
    for extra in ("email", "phone", "address"):
        if extra in procedure["authority"]:
            assert authority is not None
            authority[extra] = procedure["authority"][extra]
    reason = _text(ENGINE_TEXTS[key], lang)
    ags = _place(ctx) if ctx.facts.values.get("job_offer") else None
    if ags is not None and not ags.startswith(procedure.get("state_prefix", "05")):
        authority = None
        reason = f"{reason} {_text(ENGINE_TEXTS['81a_other_state'], lang)}"
    return {
        "available": available,
        "reason": reason,
        "legal_basis": procedure["legal_basis"],
        "authority": authority,
        "steps": [_render(step, ctx) for step in procedure["steps"]],
        "costs": [_render(item, ctx) for item in procedure["costs"]],
        "durations": [_render(item, ctx) for item in procedure["durations"]],
        "employer_duties": [_render(item, ctx) for item in procedure["employer_duties"]],
    }


# --- entry points ---------------------------------------------------------------------------


def evaluate(facts: Facts, kb: KnowledgeBase, *, lang: str = "de") -> dict[str, Any]:
    """The explained answer for one set of facts (shape: shared/specs/navigator.md)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    if facts.as_of < kb.earliest_as_of:
        raise FactsError(
            [("as_of", f"the knowledge base covers dates from {kb.earliest_as_of.isoformat()}")]
        )
    ctx = Context(facts=facts, kb=kb, lang=lang)
    texts = _rendered(ctx)
    pathways = [
        _evaluate_pathway(pathway, texts[pathway.data["id"]], ctx) for pathway in _compiled(kb)
    ]
    pathways.sort(key=lambda p: STATUS_ORDER[p["status"]])
    return {
        "as_of": facts.as_of.isoformat(),
        "lang": lang,
        "kb_version": kb.version,
        "pathways": pathways,
        "recognition": _recognition(ctx, pathways),
        "procedure_81a": _procedure_81a(ctx, pathways),
    }


def guide_texts(kb: KnowledgeBase, *, lang: str, as_of: date) -> dict[str, Any]:
    """The knowledge base's texts for reading without facts (the employer guide): every
    pathway's texts, the § 81a procedure and the thresholds valid on ``as_of``."""
    ctx = Context(facts=Facts(values={}, as_of=as_of), kb=kb, lang=lang)
    texts = _rendered(ctx)
    procedure = _procedure_81a(ctx, [])
    thresholds = {}
    for parameter_id, parameter in kb.parameters.items():
        value = parameter.at(as_of)
        thresholds[parameter_id] = (
            None
            if value is None
            else {
                "amount": _format_amount(value.amount, lang),
                "valid_from": value.valid_from,
                "valid_to": value.valid_to,
                "formula": parameter.formula,
                "source": value.source,
                "confidence": value.confidence,
            }
        )
    pathways = [
        {
            "id": data["id"],
            "legal_basis": data["legal_basis"],
            "discretionary": data["discretionary"],
            "procedure_81a": data["procedure_81a"],
            "texts": texts[data["id"]],
        }
        for data in kb.pathways
    ]
    return {"pathways": pathways, "procedure_81a": procedure, "thresholds": thresholds}


def evaluate_raw(
    raw: object, kb: KnowledgeBase, *, lang: str = "de", today: date | None = None
) -> dict[str, Any]:
    """parse_facts + evaluate; raises FactsError for malformed facts."""
    return evaluate(parse_facts(raw, today=today), kb, lang=lang)
