"""The navigator's rule engine: facts in, an explained answer out.

Pure Python, no Django import (import-linter keeps it so for every module of this package),
deterministic: the same facts, knowledge base and "today" give the same result. Three-valued
logic throughout: a missing fact is *unknown* (``None``), never false or zero, and "unknown"
travels through ``all``/``any``/``not`` by Kleene's rules. Thresholds are chosen by ``as_of``.

    facts = parse_facts(raw, today=today)         # FactsError names every bad field
    result = evaluate(facts, knowledge_base(), lang="de")

The result follows shared/specs/navigator.md (pathways, recognition, procedure_81a) and adds
``kb_version``, ``lang`` and, per pathway, the texts a reader needs (summary, steps, documents,
employer duties, costs, durations). See docs/navigator.md.

Modules: ``facts`` (checking and flattening a facts object), ``logic`` (three-valued logic, the
condition compiler, the opportunity-card points), ``render`` (texts, amounts, dates),
``pathways`` (compiled pathways, one pathway's status), ``recognition``, ``procedure_81a``, and
``answer`` (the entry points below).
"""

from wcr.navigator.engine.answer import evaluate, evaluate_raw, guide_texts
from wcr.navigator.engine.facts import (
    AS_OF_MIN,
    DATE_MAX,
    DATE_MIN,
    FACT_PATHS,
    Facts,
    FactsError,
    parse_facts,
)
from wcr.navigator.engine.logic import Context, Tri, chancenkarte_points, compile_expression
from wcr.navigator.engine.recognition import recognition_body
from wcr.navigator.engine.render import LANGUAGES, RenderedPathway

__all__ = [
    "AS_OF_MIN",
    "DATE_MAX",
    "DATE_MIN",
    "FACT_PATHS",
    "LANGUAGES",
    "Context",
    "Facts",
    "FactsError",
    "RenderedPathway",
    "Tri",
    "chancenkarte_points",
    "compile_expression",
    "evaluate",
    "evaluate_raw",
    "guide_texts",
    "parse_facts",
    "recognition_body",
]
