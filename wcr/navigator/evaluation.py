"""The engine with the platform's "today": the engine never reads the clock, so the Django side
gives it the date in the configured time zone (``timezone.localdate()``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from wcr.navigator.engine import evaluate_raw
from wcr.navigator.kb import KnowledgeBase


def evaluate_raw_today(raw: object, kb: KnowledgeBase, *, lang: str = "de") -> dict[str, Any]:
    """``engine.evaluate_raw`` with ``today=timezone.localdate()``; raises FactsError."""
    return evaluate_raw(raw, kb, lang=lang, today=timezone.localdate())
