"""Procedure templates (one JSON file each): milestones with legal deadlines and checklists.

Validated when loaded; a wrong file stops with a message naming file and field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

DIRECTORY = Path(__file__).resolve().parent


@dataclass(frozen=True)
class MilestoneSpec:
    key: str
    title: dict[str, str]
    after: str
    months: int = 0
    weeks: int = 0
    days: int = 0
    legal_basis: str = ""


@dataclass(frozen=True)
class ChecklistSpec:
    type: str
    title: dict[str, str]


@dataclass(frozen=True)
class ProcedureTemplate:
    slug: str
    title: dict[str, str]
    sources: tuple[str, ...]
    milestones: tuple[MilestoneSpec, ...]
    checklist: tuple[ChecklistSpec, ...]

    def label(self, language: str) -> str:
        return self.title.get(language[:2], self.title["de"])


def _fail(path: Path, field: str, problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"procedure template {path.name}: field {field!r} {problem}")


def _title(path: Path, field: str, value: object) -> dict[str, str]:
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("de"), str)
        or not isinstance(value.get("en"), str)
    ):
        raise _fail(path, field, 'needs German and English text: {"de": …, "en": …}')
    return {str(k): str(v) for k, v in value.items()}


def load_template(path: Path) -> ProcedureTemplate:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise _fail(path, "(file)", f"is not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise _fail(path, "(file)", "must hold one JSON object")
    allowed = {"slug", "title", "sources", "milestones", "checklist"}
    for unknown in set(raw) - allowed:
        raise _fail(path, unknown, "is unknown")
    slug = raw.get("slug")
    if not isinstance(slug, str) or slug != path.stem:
        raise _fail(path, "slug", "must equal the file name")
    milestones: list[MilestoneSpec] = []
    keys = {"start"}
    for index, item in enumerate(raw.get("milestones") or []):
        field = f"milestones[{index}]"
        extra = set(item) - {"key", "title", "after", "months", "weeks", "days", "legal_basis"}
        if extra:
            raise _fail(path, f"{field}.{sorted(extra)[0]}", "is unknown")
        if not isinstance(item.get("key"), str) or item["key"] in keys:
            raise _fail(path, f"{field}.key", "is missing or repeated")
        if item.get("after") not in keys:
            raise _fail(path, f"{field}.after", "must name an earlier milestone or 'start'")
        for unit in ("months", "weeks", "days"):
            if not isinstance(item.get(unit, 0), int) or item.get(unit, 0) < 0:
                raise _fail(path, f"{field}.{unit}", "must be a whole number ≥ 0")
        milestones.append(
            MilestoneSpec(
                key=item["key"],
                title=_title(path, f"{field}.title", item.get("title")),
                after=item["after"],
                months=item.get("months", 0),
                weeks=item.get("weeks", 0),
                days=item.get("days", 0),
                legal_basis=item.get("legal_basis", ""),
            )
        )
        keys.add(item["key"])
    if not milestones:
        raise _fail(path, "milestones", "must list at least one milestone")
    checklist = []
    for index, item in enumerate(raw.get("checklist") or []):
        if not isinstance(item.get("type"), str):
            raise _fail(path, f"checklist[{index}].type", "is missing")
        checklist.append(
            ChecklistSpec(
                type=item["type"],
                title=_title(path, f"checklist[{index}].title", item.get("title")),
            )
        )
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        raise _fail(path, "sources", "must list where the deadlines come from")
    return ProcedureTemplate(
        slug=slug,
        title=_title(path, "title", raw.get("title")),
        sources=tuple(str(s) for s in sources),
        milestones=tuple(milestones),
        checklist=tuple(checklist),
    )


@cache
def templates() -> dict[str, ProcedureTemplate]:
    """All templates by slug, validated."""
    return {t.slug: t for t in (load_template(p) for p in sorted(DIRECTORY.glob("*.json")))}
