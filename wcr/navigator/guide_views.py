"""The employer guide: "How do I hire someone from abroad?" – steps, duties, decision points
and a checklist per pathway (those flagged ``employer_guide`` in their rules file, in the
knowledge base's order), read from the same knowledge base as the wizard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from wcr.accounts.models import Location
from wcr.navigator.engine import guide_texts
from wcr.navigator.kb import knowledge_base


def employer_guide(request: HttpRequest) -> HttpResponse:
    current = get_language() or "de"
    language = current if current in ("de", "en") else "en"
    today = timezone.localdate()
    kb = knowledge_base()
    guide = guide_texts(kb, lang=language, as_of=today)
    return render(
        request,
        "navigator/employer_guide.html",
        {
            # The pathways an employer recruits through: flagged in their rules file.
            "pathways": [pathway for pathway in guide["pathways"] if pathway["employer_guide"]],
            "procedure": guide["procedure_81a"],
            "thresholds": guide["thresholds"],
            "today": today,
            "kb_version": kb.version,
            "locations": Location.objects.filter(is_active=True),
            # German and English only: other languages read the guide in English.
            "content_lang": "" if language == current else "en",
        },
    )
