"""Pathways: each pathway's conditions compiled once per knowledge base, and one pathway
evaluated against the facts (met, failed, unknown, pending: steps still to take; its
status)."""

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
    # (condition, its check, the check of its step still to take or None)
    conditions: tuple[tuple[dict[str, Any], Compiled, Compiled | None], ...]
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
                (
                    condition,
                    compile_expression(condition["when"], kb.definitions),
                    compile_expression(condition["step"]["when"], kb.definitions)
                    if "step" in condition
                    else None,
                )
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
    pending: list[str] = []
    first_steps: list[str] = []
    for (_condition, check, step_check), label, step in zip(
        pathway.conditions, texts.labels, texts.steps, strict=True
    ):
        value, detail = check(ctx)
        if detail:
            label = f"{label}: {detail}"
        if value is False and step_check is not None and step is not None:
            # A condition that fails only because a step is still to take (the degree's
            # comparability not yet confirmed, say) is no failure: the pathway is possible.
            is_step = step_check(ctx)[0]
            if is_step is True:
                pending.append(
                    localised(ENGINE_TEXTS["pending"], ctx.lang).format(label=label, step=step[0])
                )
                first_steps.append(step[1])
                continue
            if is_step is None:
                unknown.append(label)
                continue
        (met if value is True else failed if value is False else unknown).append(label)
    status = "not_eligible" if failed else "possible" if unknown or pending else "eligible"
    next_steps = list(dict.fromkeys([*first_steps, *texts.next_steps]))
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
        "pending": pending,
        "next_steps": next_steps,
        "documents": list(texts.documents),
        "employer_duties": list(texts.employer_duties),
        "costs": list(texts.costs),
        "durations": list(texts.durations),
        "procedure_81a": data["procedure_81a"],
        "sources": [_source(source, ctx.lang) for source in data["sources"]],
    }
    if texts.discretionary_note is not None:
        result["discretionary_note"] = texts.discretionary_note
    return result


def _source(source: dict[str, Any], lang: str) -> dict[str, Any]:
    """A source's public title in the reader's language where the rules give a translation,
    else in the page's own language; ``lang`` is the title's language, ``hreflang`` the
    page's (so a page can mark a German title, and a link to a German page)."""
    page_lang = source.get("lang", "de")
    translated = source.get("translations", {}).get(lang)
    title, title_lang = (translated, lang) if translated else (source["title"], page_lang)
    return {
        "title": title,
        "url": source["url"],
        "as_of": source["as_of"],
        "lang": title_lang,
        "hreflang": page_lang,
    }
