"""The employer guide: "How do I hire someone from abroad?" – steps, duties, decision points
and a checklist per pathway, read from the same knowledge base as the wizard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from wcr.accounts.models import Location
from wcr.navigator.engine import guide_texts
from wcr.navigator.kb import knowledge_base

# The pathways an employer recruits through (free movement needs no title; study,
# training-place search and self-employment involve no employer).
EMPLOYER_PATHWAYS = (
    "aufenthg_18a",
    "aufenthg_18b",
    "aufenthg_18g",
    "aufenthg_18g_reduced",
    "aufenthg_18g_it",
    "aufenthg_19c_2",
    "aufenthg_16d_3",
    "aufenthg_16d_1",
    "aufenthg_16a",
    "beschv_26_1",
    "beschv_26_2",
    "eu_free_movement",
)


def employer_guide(request: HttpRequest) -> HttpResponse:
    current = get_language() or "de"
    language = current if current in ("de", "en") else "en"
    today = timezone.localdate()
    kb = knowledge_base()
    guide = guide_texts(kb, lang=language, as_of=today)
    by_id = {pathway["id"]: pathway for pathway in guide["pathways"]}
    return render(
        request,
        "navigator/employer_guide.html",
        {
            "pathways": [by_id[pathway_id] for pathway_id in EMPLOYER_PATHWAYS],
            "procedure": guide["procedure_81a"],
            "thresholds": guide["thresholds"],
            "today": today,
            "kb_version": kb.version,
            "locations": Location.objects.filter(is_active=True),
            # German and English only: other languages read the guide in English.
            "content_lang": "" if language == current else "en",
        },
    )
