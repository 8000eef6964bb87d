"""The navigator's knowledge base: the rules as data in ``rules/``, loaded and checked.

Pure Python (no Django import), like the engine. ``knowledge_base()`` loads the files once per
process; a wrong file raises ``KnowledgeBaseError`` naming the file and the field, which stops
the start (see ``apps.py``) and fails the tests.

Files (see docs/navigator.md "Adding a pathway"):

- ``manifest.json``: version and review date of the whole knowledge base.
- ``pathways/<id>.json``: one residence pathway each, with conditions, legal basis, steps,
  documents, employer duties, costs, durations and sources.
- ``definitions.json``: named conditions shared by the pathways (``{"ref": "…"}``).
- ``lists.json``: country and ISCO lists (``nationality_in``, ``isco_in``).
- ``parameters.json``: yearly thresholds with ``valid_from``/``valid_to`` and their formula.
- ``recognition.json``: recognition bodies and how they are chosen.
- ``procedure_81a.json``: the accelerated procedure and its authority.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

RULES_DIR = Path(__file__).resolve().parent / "rules"
SCHEMA_DIR = RULES_DIR / "schema"

# The ids of the spec (shared/specs/navigator.md); every one must have its file.
PATHWAY_IDS = (
    "eu_free_movement",
    "aufenthg_16a",
    "aufenthg_16b",
    "aufenthg_16d_1",
    "aufenthg_16d_3",
    "aufenthg_17_1",
    "aufenthg_18a",
    "aufenthg_18b",
    "aufenthg_18g",
    "aufenthg_18g_reduced",
    "aufenthg_18g_it",
    "aufenthg_19c_2",
    "aufenthg_20a",
    "aufenthg_21",
    "beschv_26_1",
    "beschv_26_2",
)
RECOGNITION_BODY_IDS = (
    "ihk_fosa",
    "hwk_aachen",
    "hwk_duesseldorf",
    "hwk_koeln",
    "bezreg_muenster",
    "bezreg_detmold",
    "bezreg_arnsberg",
    "bezreg_koeln",
    "bezreg_duesseldorf",
    "zab",
    "ingenieurkammer_bau_nrw",
    "zsba",
)
PARAM_PLACEHOLDER = re.compile(r"\{param:([a-z0-9_]+)\}")


class KnowledgeBaseError(Exception):
    """A rules file is missing, malformed or inconsistent; the message names file and field."""

    def __init__(self, file: str, field: str, message: str) -> None:
        self.file = file
        self.field = field
        super().__init__(f"Navigator knowledge base: {file}: {field or '(root)'}: {message}")


@dataclass(frozen=True)
class ParameterValue:
    valid_from: date
    valid_to: date | None
    amount: Decimal
    confidence: str
    source: str


@dataclass(frozen=True)
class Parameter:
    id: str
    unit: str
    formula: str
    percent_of: str | None
    percent: Decimal | None
    values: tuple[ParameterValue, ...]

    def at(self, day: date) -> ParameterValue | None:
        for value in self.values:
            if value.valid_from <= day and (value.valid_to is None or day <= value.valid_to):
                return value
        return None


@dataclass(frozen=True)
class KnowledgeBase:
    version: str
    reviewed_on: str
    earliest_as_of: date
    pathways: tuple[dict[str, Any], ...]
    definitions: dict[str, Any]
    lists: dict[str, frozenset[str]]
    parameters: dict[str, Parameter]
    recognition: dict[str, Any]
    procedure_81a: dict[str, Any]
    languages: tuple[str, ...]


def _read_json(path: Path, rules_dir: Path) -> Any:
    name = str(path.relative_to(rules_dir))
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise KnowledgeBaseError(name, "", "file is missing") from None
    except json.JSONDecodeError as error:
        raise KnowledgeBaseError(
            name, f"line {error.lineno} column {error.colno}", f"not valid JSON: {error.msg}"
        ) from None


@cache
def _registry() -> Registry:
    resources = []
    for path in SCHEMA_DIR.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(schema, DRAFT202012)))
    return Registry().with_resources(resources)


def _validate(data: Any, schema_name: str, file: str) -> None:
    registry = _registry()
    schema = registry.contents(schema_name)
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = jsonschema.exceptions.best_match(errors) or errors[0]
        field = ".".join(str(part) for part in error.absolute_path)
        raise KnowledgeBaseError(file, field, error.message)


def _parse_date(value: str | None, file: str, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KnowledgeBaseError(file, field, f"{value!r} is not a date YYYY-MM-DD") from None


def _load_parameters(data: dict[str, Any], file: str) -> dict[str, Parameter]:
    parameters: dict[str, Parameter] = {}
    for pid, spec in data["parameters"].items():
        values = []
        for index, raw in enumerate(spec["values"]):
            where = f"parameters.{pid}.values.{index}"
            valid_from = _parse_date(raw["valid_from"], file, f"{where}.valid_from")
            valid_to = _parse_date(raw.get("valid_to"), file, f"{where}.valid_to")
            assert valid_from is not None
            if valid_to is not None and valid_to < valid_from:
                raise KnowledgeBaseError(file, f"{where}.valid_to", "ends before valid_from")
            values.append(
                ParameterValue(
                    valid_from=valid_from,
                    valid_to=valid_to,
                    amount=Decimal(raw["amount"]),
                    confidence=raw["confidence"],
                    source=raw["source"],
                )
            )
        values.sort(key=lambda v: v.valid_from)
        for earlier, later in pairwise(values):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise KnowledgeBaseError(
                    file, f"parameters.{pid}.values", "validity periods overlap"
                )
        percent = spec.get("percent")
        parameters[pid] = Parameter(
            id=pid,
            unit=spec["unit"],
            formula=spec["formula"],
            percent_of=spec.get("percent_of"),
            percent=Decimal(percent) if percent is not None else None,
            values=tuple(values),
        )
    for pid, parameter in parameters.items():
        if parameter.percent_of is not None and parameter.percent_of not in parameters:
            raise KnowledgeBaseError(
                file, f"parameters.{pid}.percent_of", f"unknown parameter {parameter.percent_of!r}"
            )
    return parameters


# Facts the conditions may name (engine.FACT_FIELDS mirrors these; a test keeps them equal).
CONDITION_FACTS = frozenset(
    {
        "nationalities",
        "residence_country",
        "residence_municipality",
        "age",
        "goal",
        "qualification.level",
        "qualification.country",
        "qualification.state_recognised",
        "qualification.duration_years",
        "qualification.completed_on",
        "qualification.german_recognition",
        "qualification.occupation",
        "qualification.regulated",
        "experience_years_last_5",
        "experience_years_last_7",
        "german_level",
        "english_level",
        "job_offer",
        "job_offer.annual_gross_salary",
        "job_offer.isco",
        "job_offer.qualified",
        "job_offer.regulated",
        "job_offer.collective_agreement",
        "job_offer.duration_months",
        "job_offer.municipality",
        "training_offer",
        "training_offer.qualified",
        "stay_in_germany_months_last_5y",
        "pension_provision",
        "anerkennungspartnerschaft",
        "spouse_applies_jointly",
    }
)


def _check_expression(
    expr: Any, kb: dict[str, Any], file: str, field: str, seen: tuple[str, ...] = ()
) -> None:
    """References in a condition must exist: facts, named conditions, lists, parameters."""
    if "ref" in expr:
        name = expr["ref"]
        if name not in kb["definitions"]:
            raise KnowledgeBaseError(file, f"{field}.ref", f"unknown definition {name!r}")
        if name in seen:
            raise KnowledgeBaseError(file, f"{field}.ref", f"definition {name!r} refers to itself")
        _check_expression(
            kb["definitions"][name]["when"],
            kb,
            "definitions.json",
            f"{name}.when",
            (*seen, name),
        )
        return
    for key in ("all", "any"):
        if key in expr:
            for index, part in enumerate(expr[key]):
                _check_expression(part, kb, file, f"{field}.{key}.{index}", seen)
            return
    if "not" in expr:
        _check_expression(expr["not"], kb, file, f"{field}.not", seen)
        return
    if "fact" in expr and expr["fact"] not in CONDITION_FACTS:
        raise KnowledgeBaseError(file, f"{field}.fact", f"unknown fact {expr['fact']!r}")
    if "years_since" in expr and expr["years_since"] not in CONDITION_FACTS:
        raise KnowledgeBaseError(file, f"{field}.years_since", "unknown fact")
    for key in ("nationality_in", "isco_in"):
        if key in expr and expr[key] not in kb["lists"]:
            raise KnowledgeBaseError(file, f"{field}.{key}", f"unknown list {expr[key]!r}")
    if "salary_at_least" in expr and expr["salary_at_least"] not in kb["parameters"]:
        raise KnowledgeBaseError(file, f"{field}.salary_at_least", "unknown parameter")


def _check_placeholders(texts: Any, parameters: dict[str, Any], file: str, field: str) -> None:
    if isinstance(texts, dict):
        for key, value in texts.items():
            _check_placeholders(value, parameters, file, f"{field}.{key}")
    elif isinstance(texts, list):
        for index, value in enumerate(texts):
            _check_placeholders(value, parameters, file, f"{field}.{index}")
    elif isinstance(texts, str):
        for name in PARAM_PLACEHOLDER.findall(texts):
            if name not in parameters:
                raise KnowledgeBaseError(file, field, f"unknown parameter placeholder {name!r}")


def load_knowledge_base(rules_dir: Path = RULES_DIR) -> KnowledgeBase:
    digest = hashlib.sha256()
    for path in sorted(rules_dir.rglob("*.json")):
        if "schema" in path.relative_to(rules_dir).parts:
            continue
        digest.update(str(path.relative_to(rules_dir)).encode())
        digest.update(path.read_bytes())

    manifest = _read_json(rules_dir / "manifest.json", rules_dir)
    _validate(manifest, "manifest.schema.json", "manifest.json")
    definitions = _read_json(rules_dir / "definitions.json", rules_dir)
    _validate(definitions, "definitions.schema.json", "definitions.json")
    lists_data = _read_json(rules_dir / "lists.json", rules_dir)
    _validate(lists_data, "lists.schema.json", "lists.json")
    parameters_data = _read_json(rules_dir / "parameters.json", rules_dir)
    _validate(parameters_data, "parameters.schema.json", "parameters.json")
    recognition = _read_json(rules_dir / "recognition.json", rules_dir)
    _validate(recognition, "recognition.schema.json", "recognition.json")
    procedure = _read_json(rules_dir / "procedure_81a.json", rules_dir)
    _validate(procedure, "procedure_81a.schema.json", "procedure_81a.json")

    parameters = _load_parameters(parameters_data, "parameters.json")
    lists = {name: frozenset(spec["items"]) for name, spec in lists_data["lists"].items()}
    context = {"definitions": definitions["definitions"], "lists": lists, "parameters": parameters}

    pathways = []
    for pathway_id in PATHWAY_IDS:
        file = f"pathways/{pathway_id}.json"
        pathway = _read_json(rules_dir / file, rules_dir)
        _validate(pathway, "pathway.schema.json", file)
        if pathway["id"] != pathway_id:
            raise KnowledgeBaseError(file, "id", f"must be {pathway_id!r} like the file name")
        _parse_date(pathway["valid_from"], file, "valid_from")
        _parse_date(pathway.get("valid_to"), file, "valid_to")
        for index, condition in enumerate(pathway["conditions"]):
            _check_expression(condition["when"], context, file, f"conditions.{index}.when")
            if "step" in condition:
                _check_expression(
                    condition["step"]["when"], context, file, f"conditions.{index}.step.when"
                )
        _check_placeholders(pathway, parameters, file, "")
        pathways.append(pathway)
    extra = {p.stem for p in (rules_dir / "pathways").glob("*.json")} - set(PATHWAY_IDS)
    if extra:
        raise KnowledgeBaseError(
            f"pathways/{sorted(extra)[0]}.json", "id", "not a pathway id of the navigator spec"
        )
    for name, definition in definitions["definitions"].items():
        _check_expression(definition["when"], context, "definitions.json", f"definitions.{name}")

    bodies = recognition["bodies"]
    missing = [body for body in RECOGNITION_BODY_IDS if body not in bodies]
    if missing:
        raise KnowledgeBaseError("recognition.json", "bodies", f"missing body {missing[0]!r}")
    _check_recognition_references(recognition, lists)
    _check_placeholders(procedure, parameters, "procedure_81a.json", "")
    for pid in procedure["pathways"]:
        if pid not in PATHWAY_IDS:
            raise KnowledgeBaseError("procedure_81a.json", "pathways", f"unknown pathway {pid!r}")

    earliest = _parse_date(manifest["earliest_as_of"], "manifest.json", "earliest_as_of")
    assert earliest is not None
    return KnowledgeBase(
        version=f"{manifest['version']}+{digest.hexdigest()[:10]}",
        reviewed_on=manifest["reviewed_on"],
        earliest_as_of=earliest,
        pathways=tuple(pathways),
        definitions=definitions["definitions"],
        lists=lists,
        parameters=parameters,
        recognition=recognition,
        procedure_81a=procedure,
        languages=tuple(manifest["languages"]),
    )


def _check_recognition_references(recognition: dict[str, Any], lists: dict[str, Any]) -> None:
    bodies = recognition["bodies"]
    file = "recognition.json"
    for group, rule in recognition["occupations"].items():
        where = f"occupations.{group}"
        for key in ("body", "default_body", "eu_body", "country_default_body", "alternative"):
            if key in rule and rule[key] not in bodies:
                raise KnowledgeBaseError(file, f"{where}.{key}", f"unknown body {rule[key]!r}")
        for level, body in rule.get("by_level", {}).items():
            if body not in bodies:
                raise KnowledgeBaseError(file, f"{where}.by_level.{level}", "unknown body")
        for district, body in rule.get("by_district", {}).items():
            if body not in bodies:
                raise KnowledgeBaseError(file, f"{where}.by_district.{district}", "unknown body")
        for prefix, body in rule.get("by_regierungsbezirk", {}).items():
            if body not in bodies:
                raise KnowledgeBaseError(
                    file, f"{where}.by_regierungsbezirk.{prefix}", "unknown body"
                )
        for index, entry in enumerate(rule.get("by_country", [])):
            if entry["list"] not in lists:
                raise KnowledgeBaseError(file, f"{where}.by_country.{index}.list", "unknown list")
            if entry["body"] not in bodies:
                raise KnowledgeBaseError(file, f"{where}.by_country.{index}.body", "unknown body")


@cache
def knowledge_base() -> KnowledgeBase:
    """The knowledge base of this process, loaded once. ``NAVIGATOR_RULES_DIR`` points to
    another rules directory (a network's own rules, or a test of a broken file)."""
    directory = os.environ.get("NAVIGATOR_RULES_DIR")
    return load_knowledge_base(Path(directory) if directory else RULES_DIR)
