"""The entry points: ``evaluate`` (the explained answer for one set of facts), ``evaluate_raw``
(``parse_facts`` + ``evaluate``) and ``guide_texts`` (the texts without facts, for the employer
guide)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from wcr.navigator.engine.facts import Facts, FactsError, parse_facts
from wcr.navigator.engine.logic import Context
from wcr.navigator.engine.pathways import compiled_pathways, evaluate_pathway
from wcr.navigator.engine.procedure_81a import procedure_81a_result
from wcr.navigator.engine.recognition import recognition_result
from wcr.navigator.engine.render import LANGUAGES, format_amount, rendered_pathways

if TYPE_CHECKING:
    from wcr.navigator.kb import KnowledgeBase

STATUS_ORDER = {"eligible": 0, "possible": 1, "not_eligible": 2}


def evaluate(facts: Facts, kb: KnowledgeBase, *, lang: str = "de") -> dict[str, Any]:
    """The explained answer for one set of facts (shape: shared/specs/navigator.md)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    if facts.as_of < kb.earliest_as_of:
        raise FactsError(
            [("as_of", f"the knowledge base covers dates from {kb.earliest_as_of.isoformat()}")]
        )
    ctx = Context(facts=facts, kb=kb, lang=lang)
    texts = rendered_pathways(ctx)
    pathways = [
        evaluate_pathway(pathway, texts[pathway.data["id"]], ctx)
        for pathway in compiled_pathways(kb)
    ]
    pathways.sort(key=lambda p: STATUS_ORDER[p["status"]])
    return {
        "as_of": facts.as_of.isoformat(),
        "lang": lang,
        "kb_version": kb.version,
        "pathways": pathways,
        "recognition": recognition_result(ctx, pathways),
        "procedure_81a": procedure_81a_result(ctx, pathways),
    }


def guide_texts(kb: KnowledgeBase, *, lang: str, as_of: date) -> dict[str, Any]:
    """The knowledge base's texts for reading without facts (the employer guide): every
    pathway's texts, the § 81a procedure and the thresholds valid on ``as_of``."""
    ctx = Context(facts=Facts(values={}, as_of=as_of), kb=kb, lang=lang)
    texts = rendered_pathways(ctx)
    procedure = procedure_81a_result(ctx, [])
    thresholds = {}
    for parameter_id, parameter in kb.parameters.items():
        value = parameter.at(as_of)
        thresholds[parameter_id] = (
            None
            if value is None
            else {
                "amount": format_amount(value.amount, lang),
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
            "employer_guide": data["employer_guide"],
            "texts": texts[data["id"]],
        }
        for data in kb.pathways
    ]
    return {"pathways": pathways, "procedure_81a": procedure, "thresholds": thresholds}


def evaluate_raw(
    raw: object, kb: KnowledgeBase, *, lang: str = "de", today: date
) -> dict[str, Any]:
    """parse_facts + evaluate; raises FactsError for malformed facts. ``today`` stands for a
    missing ``as_of``."""
    return evaluate(parse_facts(raw, today=today), kb, lang=lang)
