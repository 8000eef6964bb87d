"""Template helpers for print documents (``templates/print/``, rendered by ``wcr.core.pdf``)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from wcr.core.pdf import isolate_latin as _isolate_latin

register = template.Library()


@register.filter
def isolate_latin(text: object) -> SafeString:
    """Latin-script runs (law names, offices, addresses) isolated in right-to-left text."""
    return _isolate_latin(text)
