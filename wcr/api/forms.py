"""The staff area's form for a new API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wcr.accounts.models import (
    API_TOKEN_DEFAULT_DAYS,
    API_TOKEN_MAX_DAYS,
    API_TOKEN_NAME_MAX_LENGTH,
    ApiToken,
)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=API_TOKEN_NAME_MAX_LENGTH,
        help_text=_("What the token is for, for example the program that uses it."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=API_TOKEN_MAX_DAYS,
        initial=API_TOKEN_DEFAULT_DAYS,
        help_text=_("At most 365 days."),
    )
