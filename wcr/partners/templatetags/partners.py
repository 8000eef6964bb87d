"""The directory's template filters."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wcr.cases.models import Topic
from wcr.partners import views

register = template.Library()


@register.filter
def topic_label(topic: Topic) -> str:
    """``{{ topic|topic_label }}``: the topic's name in the active language."""
    return views.topic_label(topic)


@register.simple_tag
def data_lang() -> str:
    """`` lang="de" dir="ltr"`` on pages in other languages: the directory's texts are German
    data, so screen readers read them as German and right-to-left pages keep them left-to-right."""
    if (get_language() or "de").startswith("de"):
        return ""
    return mark_safe(' lang="de" dir="ltr"')
