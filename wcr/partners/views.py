"""The public directory "Wer noch helfen kann" (``/partner/``): every active entry, filtered by
topic and place (postal code or municipality key), and one entry's page. Public data the same
for everyone, so the pages carry ``@public_page``."""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wcr.cases.models import Topic
from wcr.core.public_cache import public_page
from wcr.partners.selectors import partner_by_code, partners_for
from wcr.region.models import Municipality
from wcr.region.selectors import municipalities_for_postal_code, municipality_by_ags

_POSTAL_CODE = re.compile(r"^\d{5}$")
_AGS = re.compile(r"^\d{8}$")
PLACE_MAX_CHARS = 20


def topic_label(topic: Topic) -> str:
    """The topic's name in the active language (German and English from the data, the other
    languages from the catalogue, msgid the English name, as the portal does)."""
    if (get_language() or "de").startswith("de"):
        return topic.name_de
    return _(topic.name_en)


def _place(value: str) -> tuple[Municipality | None, list[Municipality], str]:
    """The municipality a place names, the choices when a postal code names several, or the
    problem (worded for the reader)."""
    if _AGS.match(value):
        municipality = municipality_by_ags(value)
        if municipality is None:
            return None, [], _("No municipality has the key %(key)s.") % {"key": value}
        return municipality, [], ""
    if _POSTAL_CODE.match(value):
        found = municipalities_for_postal_code(value, authorities=False)
        if not found:
            return (
                None,
                [],
                _(
                    "The postal code %(code)s is not in the region; the bodies for all of North "
                    "Rhine-Westphalia are shown."
                )
                % {"code": value},
            )
        if len(found) > 1:
            return None, found, ""
        return found[0], [], ""
    return None, [], _("Enter a postal code of five digits.")


@require_safe
@public_page
def directory(request: HttpRequest) -> HttpResponse:
    topics = list(Topic.objects.all())
    topic_slug = request.GET.get("topic", "").strip()[:40]
    place = request.GET.get("place", "").strip()[:PLACE_MAX_CHARS]
    errors: dict[str, str] = {}
    topic = next((t for t in topics if t.slug == topic_slug), None)
    if topic_slug and topic is None:
        errors["topic"] = _("Choose a topic from the list.")
    municipality, choices, place_error = _place(place) if place else (None, [], "")
    # A postal code outside the region is no mistake: it shows the NRW-wide bodies.
    outside = bool(place_error) and bool(_POSTAL_CODE.match(place))
    if place_error and not outside:
        errors["place"] = place_error
    partners = []
    if not errors and not choices:
        partners = partners_for(
            topic.slug if topic else None, municipality.ags if municipality else None
        )
    if outside:
        partners = [p for p in partners if p.serves_all_nrw]
    context: dict[str, Any] = {
        "topics": [(t.slug, topic_label(t)) for t in topics],
        "topic": topic,
        "topic_name": topic_label(topic) if topic else "",
        "topic_slug": topic_slug,
        "place": place,
        "municipality": municipality,
        "choices": choices,
        "outside_note": place_error if outside else "",
        "errors": errors,
        "partners": partners,
        "local": [p for p in partners if not p.serves_all_nrw],
        "nrw_wide": [p for p in partners if p.serves_all_nrw],
        "filtered": bool(topic or municipality or outside),
    }
    return render(request, "partners/directory.html", context, status=400 if errors else 200)


@require_safe
@public_page
def detail(request: HttpRequest, code: str) -> HttpResponse:
    partner = partner_by_code(code)
    if partner is None:
        raise Http404
    return render(
        request,
        "partners/detail.html",
        {"partner": partner},
    )
