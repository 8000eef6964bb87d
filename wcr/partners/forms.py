"""The staff area's forms: a directory entry, its services and its locations."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wcr.cases.models import Topic
from wcr.partners.models import Partner, PartnerLocation, PartnerService
from wcr.region.models import Municipality

_LANGUAGE_CODES = re.compile(r"^\s*[a-z]{2,3}(\s*,\s*[a-z]{2,3})*\s*$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/-]{3,38}$")


def _languages(value: str) -> str:
    value = value.strip()
    if value and not _LANGUAGE_CODES.match(value):
        raise ValidationError(_("Enter language codes separated by commas, e.g. de, en, ar."))
    return ", ".join(code.strip() for code in value.split(",") if code.strip())


class PartnerForm(forms.ModelForm):  # type: ignore[type-arg]
    topics = forms.ModelMultipleChoiceField(
        Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("topics"),
    )
    municipalities = forms.ModelMultipleChoiceField(
        Municipality.objects.order_by("district__name", "name"),
        required=False,
        label=_("municipalities served"),
        help_text=_("Leave empty for a body that serves all of North Rhine-Westphalia."),
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "description",
            "website",
            "email",
            "phone",
            "languages",
            "topics",
            "serves_all_nrw",
            "municipalities",
            "source",
            "confidence",
            "active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "source": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_languages(self) -> str:
        return _languages(self.cleaned_data["languages"])

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if phone and not _PHONE.match(phone):
            raise ValidationError(_("Enter a phone number with digits, e.g. +49 241 123456."))
        return phone

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        municipalities = data.get("municipalities")
        serves_all = data.get("serves_all_nrw")
        if serves_all and municipalities:
            self.add_error(
                "municipalities",
                _("A body for all of North Rhine-Westphalia names no municipalities."),
            )
        if not serves_all and municipalities is not None and not municipalities:
            self.add_error(
                "municipalities",
                _("Choose the municipalities served, or tick “serves all of NRW”."),
            )
        return data


class ServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PartnerService
        fields = [
            "name",
            "description",
            "eligibility",
            "fees",
            "application_process",
            "url",
            "languages",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("description", "eligibility", "fees", "application_process")
        }

    def clean_languages(self) -> str:
        return _languages(self.cleaned_data["languages"])


class LocationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PartnerLocation
        fields = ["name", "street_address", "postal_code", "city", "opening_hours", "accessibility"]
        widgets = {
            "opening_hours": forms.Textarea(attrs={"rows": 2}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_postal_code(self) -> str:
        code: str = self.cleaned_data["postal_code"].strip()
        if code and not re.fullmatch(r"\d{5}", code):
            raise ValidationError(_("Enter a postal code of five digits."))
        return code


ServiceFormSet = forms.inlineformset_factory(
    Partner, PartnerService, form=ServiceForm, extra=1, can_delete=True
)
LocationFormSet = forms.inlineformset_factory(
    Partner, PartnerLocation, form=LocationForm, extra=1, can_delete=True
)


class StaffFilterForm(forms.Form):
    topic = forms.ModelChoiceField(
        Topic.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Topic"),
        empty_label=_("All topics"),
    )
    place = forms.RegexField(
        r"^\d{5}$|^\d{8}$",
        required=False,
        max_length=8,
        label=_("Postal code or municipality key"),
        error_messages={
            "invalid": _("Enter a postal code (5 digits) or a municipality key (8 digits).")
        },
    )
    stale = forms.BooleanField(
        required=False, label=_("Only entries not checked for over 12 months")
    )
