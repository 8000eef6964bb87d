"""The accelerated skilled-worker procedure (§ 81a AufenthG): available or not, and why."""

from __future__ import annotations

from typing import Any

from wcr.navigator.engine.logic import Context, Tri, tri_all, tri_any, tri_not
from wcr.navigator.engine.recognition import eu_citizen, place_of
from wcr.navigator.engine.render import ENGINE_TEXTS, localised, render_text


def procedure_81a_result(ctx: Context, pathways: list[dict[str, Any]]) -> dict[str, Any]:
    kb, lang = ctx.kb, ctx.lang
    procedure = kb.procedure_81a
    eu = eu_citizen(ctx)
    state, country = ctx.fact("residence_country")
    abroad: Tri = None if state != "known" else country != "DE"
    offer = tri_any([ctx.facts.values.get("job_offer"), ctx.facts.values.get("training_offer")])
    fitting = [
        p for p in pathways if p["id"] in procedure["pathways"] and p["status"] != "not_eligible"
    ]
    # A pathway that fits once a step is taken (recognition, comparability) is covered: the
    # accelerated procedure includes the recognition procedure.
    covered: Tri = (
        True
        if any(p["status"] == "eligible" or (p["pending"] and not p["unknown"]) for p in fitting)
        else None
        if fitting
        else False
    )
    available = tri_all([tri_not(eu), abroad, offer, covered])
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
        "name": localised(procedure["authority"]["name"], lang),
        "url": procedure["authority"]["url"],
    }
    for extra in ("email", "phone", "address"):
        if extra in procedure["authority"]:
            assert authority is not None
            authority[extra] = procedure["authority"][extra]
    reason = localised(ENGINE_TEXTS[key], lang)
    ags = place_of(ctx) if ctx.facts.values.get("job_offer") else None
    if ags is not None and not ags.startswith(procedure.get("state_prefix", "05")):
        authority = None
        reason = f"{reason} {localised(ENGINE_TEXTS['81a_other_state'], lang)}"
    return {
        "available": available,
        "reason": reason,
        "legal_basis": procedure["legal_basis"],
        "authority": authority,
        "steps": [render_text(step, ctx) for step in procedure["steps"]],
        "costs": [render_text(item, ctx) for item in procedure["costs"]],
        "durations": [render_text(item, ctx) for item in procedure["durations"]],
        "employer_duties": [render_text(item, ctx) for item in procedure["employer_duties"]],
    }
