"""The forms of the intake's decisions: forward (to whom, why) and decline (why, who else can
help)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wcr.accounts.models import Organisation
from wcr.portal.services import REASON_MAX_LENGTH


class ForwardForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Forward to"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        empty_label=_("Choose a partner organisation"),
    )
    reason = forms.CharField(
        label=_("Reason for the forward"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stays in your inbox and goes to the receiving organisation."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(is_active=True).exclude(pk=organisation.pk)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the requester reads it)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    help_text = forms.CharField(
        label=_("Who else can help"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional. Left empty, the mail names the other Welcome Centers, Make it in Germany "
            "and the IQ network."
        ),
    )
