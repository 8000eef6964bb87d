"""Recognition of a foreign qualification: whether it is needed, why, and which body decides."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wcr.navigator.engine.facts import LEVELS
from wcr.navigator.engine.logic import Context, Tri, nationality_in
from wcr.navigator.engine.render import localised

if TYPE_CHECKING:
    from wcr.navigator.kb import KnowledgeBase


def _body(kb: KnowledgeBase, body_id: str | None, lang: str) -> dict[str, Any] | None:
    if body_id is None:
        return None
    body = kb.recognition["bodies"][body_id]
    result = {"id": body_id, "name": localised(body["name"], lang), "url": body["url"]}
    for key in ("email", "phone", "address"):
        if key in body:
            result[key] = body[key]
    return result


def place_of(ctx: Context, order: tuple[str, ...] = ("job", "residence")) -> str | None:
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
        ags = place_of(ctx, tuple(rule.get("place_order", ("job", "residence"))))
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


_EU_LIST = nationality_in("eu_eea_ch")


def eu_citizen(ctx: Context) -> Tri:
    """Shares the memo of the named condition ``eu_citizen`` (the same list): computed once."""
    found = ctx.memo.get("eu_citizen")
    if found is None:
        found = ctx.memo["eu_citizen"] = _EU_LIST(ctx)
    return found[0]


def recognition_result(ctx: Context, pathways: list[dict[str, Any]]) -> dict[str, Any]:
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

    eu = eu_citizen(ctx)
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
    reason = localised(texts[key], lang)
    if occupation is not None and needed is not False:
        reason = f"{reason} {localised(kb.recognition['occupations'][occupation]['reason'], lang)}"
    if body_note and needed is not False:
        reason = f"{reason} {localised(texts[body_note], lang)}"
    if occupation is None and needed is not False:
        reason = f"{reason} {localised(texts['body_occupation_unknown'], lang)}"
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
    alternative: str | None = kb.recognition["occupations"][occupation].get("alternative")
    return alternative
