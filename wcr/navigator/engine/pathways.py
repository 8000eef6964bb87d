"""Pathways: each pathway's conditions compiled once per knowledge base, and one pathway
evaluated against the facts (met, failed, unknown; its status)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from wcr.navigator.engine.logic import Compiled, Context, compile_expression
from wcr.navigator.engine.render import ENGINE_TEXTS, RenderedPathway, format_date, localised

if TYPE_CHECKING:
    from wcr.navigator.kb import KnowledgeBase


@dataclass(frozen=True)
class CompiledPathway:
    data: dict[str, Any]
    conditions: tuple[tuple[dict[str, Any], Compiled], ...]
    valid_from: date
    valid_to: date | None


_COMPILED: dict[int, tuple[Any, tuple[CompiledPathway, ...]]] = {}


def compiled_pathways(kb: KnowledgeBase) -> tuple[CompiledPathway, ...]:
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


def evaluate_pathway(
    pathway: CompiledPathway, texts: RenderedPathway, ctx: Context
) -> dict[str, Any]:
    data = pathway.data
    met: list[str] = []
    failed: list[str] = []
    unknown: list[str] = []
    as_of = ctx.facts.as_of
    if as_of < pathway.valid_from:
        key = "not_in_force" if data["before_valid_from"] == "failed" else "earlier_version"
        text = localised(ENGINE_TEXTS[key], ctx.lang).format(
            date=format_date(pathway.valid_from, ctx.lang)
        )
        (failed if key == "not_in_force" else unknown).append(text)
    if pathway.valid_to is not None and as_of > pathway.valid_to:
        failed.append(
            localised(ENGINE_TEXTS["expired"], ctx.lang).format(
                date=format_date(pathway.valid_to, ctx.lang)
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
