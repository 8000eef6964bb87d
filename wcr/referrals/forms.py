"""The forms of consents and referrals. Field names match the API's (``to``, ``consent``,
``override_justification``), so a refusal of the service names the same field in both."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wcr.accounts.models import Organisation
from wcr.cases.models import Case, Document, Person, Topic
from wcr.referrals.models import (
    Consent,
    ConsentChannel,
    ConsentPurpose,
    DataCategory,
    LegalBasis,
    ReferralKind,
    ReferralOutcome,
    valid_consent_condition,
)

TEXT_MAX_LENGTH = 2000
NOTICE_LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("tr", "Türkçe"),
]


def _other_organisations(own_id: int) -> Any:
    return Organisation.objects.filter(is_active=True).exclude(pk=own_id).order_by("name")


class DocumentChoiceField(forms.ModelChoiceField[Document]):
    def label_from_instance(self, obj: Document) -> str:
        return f"{obj.original_name} ({obj.case.reference})"


class ConsentChoiceField(forms.ModelChoiceField[Consent]):
    def label_from_instance(self, obj: Consent) -> str:
        return _("for %(org)s, given %(date)s") % {
            "org": obj.recipient.name if obj.recipient else "–",
            "date": obj.given_at.date().strftime("%d.%m.%Y"),
        }


class ConsentForm(forms.Form):
    purpose = forms.ModelChoiceField(
        label=_("Purpose"),
        queryset=ConsentPurpose.objects.all(),
        to_field_name="slug",
        empty_label=None,
    )
    recipient = forms.ModelChoiceField(
        label=_("Recipient organisation"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("No recipient (the purpose names none)"),
        help_text=_("For sharing: the organisation the person agrees to."),
    )
    language = forms.ChoiceField(
        label=_("Language of the notice shown"), choices=NOTICE_LANGUAGES, initial="de"
    )
    channel = forms.ChoiceField(label=_("How was it given?"), choices=ConsentChannel.choices)
    given_on = forms.DateField(
        label=_("Given on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, initial=LegalBasis.CONSENT
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Data the consent covers"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[DataCategory.IDENTITY, DataCategory.CONTACT, DataCategory.CASE_SUMMARY],
    )
    evidence = DocumentChoiceField(
        label=_("Signed form (a document of the person's cases)"),
        queryset=Document.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("None"),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    refused = forms.BooleanField(
        label=_("The person refused"),
        required=False,
        help_text=_("A refusal is recorded too, so nobody asks again unawares."),
    )

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recipient = self.fields["recipient"]
        assert isinstance(recipient, forms.ModelChoiceField)
        recipient.queryset = _other_organisations(person.organisation_id)
        evidence = self.fields["evidence"]
        assert isinstance(evidence, forms.ModelChoiceField)
        evidence.queryset = Document.objects.filter(case__person=person)  # gate: the person's own
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["given_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date lies in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        purpose = data.get("purpose")
        if purpose is not None and purpose.needs_recipient and not data.get("recipient"):
            self.add_error("recipient", _("Choose the organisation the consent is for."))
        return data


class WithdrawForm(forms.Form):
    channel = forms.ChoiceField(label=_("How was it withdrawn?"), choices=ConsentChannel.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What should happen?"),
        choices=[
            (ReferralKind.INTERNAL, ReferralKind.INTERNAL.label),
            (ReferralKind.TRANSFER, ReferralKind.TRANSFER.label),
        ],
        widget=forms.RadioSelect,
        initial=ReferralKind.INTERNAL,
        help_text=_(
            "Sharing: the other organisation sees the parts chosen below until you revoke it. "
            "Transfer: the case moves to it on acceptance."
        ),
    )
    to = forms.ModelChoiceField(
        label=pgettext_lazy("referral recipient", "To"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        empty_label=_("Choose a partner organisation"),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    with_contacts = forms.BooleanField(
        label=_("Share the counselling contacts (with their notes)"), required=False
    )
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents to share"),
        queryset=Document.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = ConsentChoiceField(
        label=_("Consent of the person"),
        queryset=Consent.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("No consent recorded"),
        help_text=_("A valid consent for sharing with the chosen organisation."),
    )
    override_justification = forms.CharField(
        label=_("Without consent: justification (team leads only)"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Logged and shown to the data protection officer."),
    )
    follow_up_on = forms.DateField(
        label=_("Follow up on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, case: Case, is_team_lead: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to = self.fields["to"]
        assert isinstance(to, forms.ModelChoiceField)
        to.queryset = _other_organisations(case.organisation_id)
        documents = self.fields["documents"]
        assert isinstance(documents, forms.ModelMultipleChoiceField)
        documents.queryset = Document.objects.filter(case=case)  # gate: the case's own
        consent = self.fields["consent"]
        assert isinstance(consent, forms.ModelChoiceField)
        consent.queryset = (
            Consent.objects.filter(  # gate: the case's person, recorded by its organisation
                person_id=case.person_id or 0,
                purpose__slug=ConsentPurpose.SHARE_WITH_ORGANISATION,
            )
            .filter(valid_consent_condition())
            .select_related("recipient")
        )
        if case.person_id is None:
            del self.fields["consent"]
            del self.fields["override_justification"]
        elif not is_team_lead:
            del self.fields["override_justification"]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReferralOutcome.choices)
    note = forms.CharField(
        label=_("Outcome in words"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
