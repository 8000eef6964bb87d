"""Template helpers for rendering form fields with KERN UX markup."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()

_CHOICE_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def kern_widget(field: forms.BoundField) -> SafeString:
    """The field's widget with KERN classes and the ARIA links to its hint and error."""
    widget = field.field.widget
    attrs: dict[str, str | bool] = {}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if isinstance(widget, forms.CheckboxInput):
        attrs["class"] = "kern-form-check__checkbox"
    elif isinstance(widget, forms.Select):
        attrs["class"] = "kern-form-input__select"
    elif not isinstance(widget, _CHOICE_WIDGETS):
        attrs["class"] = "kern-form-input__input" + (
            " kern-form-input__input--error" if field.errors else ""
        )
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_choice_group(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect))


@register.filter
def is_select(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.Select)
