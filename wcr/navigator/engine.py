"""STUB – replaced by the real engine shortly. Signatures and result shape are final."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

LANGUAGES = ("de", "en", "ar", "uk", "tr")
PATHWAY_IDS = (
    "eu_free_movement", "aufenthg_16a", "aufenthg_16b", "aufenthg_16d_1", "aufenthg_16d_3",
    "aufenthg_17_1", "aufenthg_18a", "aufenthg_18b", "aufenthg_18g", "aufenthg_18g_reduced",
    "aufenthg_18g_it", "aufenthg_19c_2", "aufenthg_20a", "aufenthg_21", "beschv_26_1", "beschv_26_2",
)


class FactsError(ValueError):
    """Malformed facts. ``errors`` is a list of (field path, message) pairs, e.g.
    ("job_offer.annual_gross_salary", "must be a number")."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{f}: {m}" for f, m in errors))


@dataclass(frozen=True)
class Facts:
    values: dict[str, Any] = field(default_factory=dict)
    as_of: date = field(default_factory=date.today)


def parse_facts(raw: object, *, today: date | None = None) -> Facts:
    if not isinstance(raw, dict):
        raise FactsError([("(root)", "must be a JSON object")])
    return Facts(values=dict(raw), as_of=today or date.today())


def evaluate(facts: Facts, kb: Any = None, *, lang: str = "de") -> dict[str, Any]:
    pathways = [
        {
            "id": pid, "status": "possible", "discretionary": False, "legal_basis": "§ …",
            "title": pid, "summary": "…", "met": [], "failed": [], "unknown": ["…"],
            "next_steps": ["…"], "documents": ["…"], "employer_duties": ["…"],
            "costs": ["…"], "durations": ["…"], "procedure_81a": False,
            "sources": [{"title": "…", "url": "https://example.org", "as_of": "2025-12-31"}],
        }
        for pid in PATHWAY_IDS
    ]
    return {
        "as_of": facts.as_of.isoformat(), "lang": lang, "kb_version": "stub",
        "pathways": pathways,
        "recognition": {"needed": None, "reason": "…", "body": None},
        "procedure_81a": {"available": None, "reason": "…",
                          "authority": {"id": "zfe_nrw", "name": "ZFE NRW"}, "steps": []},
    }
