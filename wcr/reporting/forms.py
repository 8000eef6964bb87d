"""Forms of the ESF+ participant data and the report's period."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wcr.accounts.models import Organisation
from wcr.cases.forms import DateInput, parse_countries
from wcr.reporting.models import (
    ISCED_CHOICES,
    ExitSituation,
    Gender,
    LabourStatus,
    Participation,
    Status6m,
)
from wcr.reporting.services import EntryInput, ExitInput

_YES_NO = [("", _("not stated")), ("yes", _("yes")), ("no", _("no"))]
_TO_BOOL = {"yes": True, "no": False, "": None}


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=_YES_NO,
            coerce=lambda value: _TO_BOOL[value],
            empty_value=None,
            required=False,
            **kwargs,
        )


class EntryForm(forms.Form):
    """The entry questionnaire. Empty answers are "not stated"; the participant then counts in
    no indicator until gender, date of birth, labour-market status and ISCED are given."""

    entry_date = forms.DateField(label=_("Entry date"), widget=DateInput)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("not stated")), *Gender.choices], required=False
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    labour_status = forms.ChoiceField(
        label=_("Labour-market status at entry"),
        choices=[("", _("not stated")), *LabourStatus.choices],
        required=False,
    )
    isced = forms.TypedChoiceField(
        label=_("Highest education (ISCED level)"),
        choices=[("", _("not stated")), *ISCED_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    nationalities = forms.CharField(
        label=_("Nationalities"),
        required=False,
        help_text=_("Two-letter codes separated by commas, e.g. SY, DE; empty: stateless"),
    )
    foreign_background = YesNoField(label=_("Foreign background"))
    homeless = YesNoField(label=_("Homeless or affected by housing exclusion"))
    rural = YesNoField(label=_("Lives in a rural area"))

    def __init__(self, *args: Any, special: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if special:
            help_text = _(
                "Special category of personal data (Art. 9 GDPR): only if the person "
                "wishes to state it."
            )
            self.fields["disability"] = YesNoField(label=_("Disability"), help_text=help_text)
            self.fields["minority"] = YesNoField(
                label=_("Belongs to a minority (including marginalised communities such as Roma)"),
                help_text=help_text,
            )

    @classmethod
    def initial_from(cls, data: EntryInput) -> dict[str, Any]:
        initial = dict(data.__dict__)
        initial["nationalities"] = ", ".join(data.nationalities)
        for name in ("foreign_background", "homeless", "rural", "disability", "minority"):
            initial[name] = _yes_no(initial[name])
        return initial

    def clean_nationalities(self) -> list[str]:
        return parse_countries(self.cleaned_data.get("nationalities", ""), "nationalities")

    def clean_entry_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["entry_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The entry date cannot lie in the future."))
        return day

    def clean_date_of_birth(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("date_of_birth")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot lie in the future."))
        if day is not None and day.year < 1900:
            raise forms.ValidationError(_("Please check the year of birth."))
        return day

    def entry_input(self, participation: Participation | None) -> EntryInput:
        data = self.cleaned_data
        disability, minority = (None, None)
        if participation is not None and participation.special_categories:
            disability, minority = participation.special()
        return EntryInput(
            entry_date=data["entry_date"],
            gender=data["gender"],
            date_of_birth=data["date_of_birth"],
            labour_status=data["labour_status"],
            isced=data["isced"],
            nationalities=data["nationalities"],
            postal_code=participation.postal_code if participation else "",
            municipality_ags=participation.municipality_ags if participation else "",
            foreign_background=data["foreign_background"],
            homeless=data["homeless"],
            rural=data["rural"],
            disability=data["disability"] if "disability" in self.fields else disability,
            minority=data["minority"] if "minority" in self.fields else minority,
        )


class ExitForm(forms.Form):
    exit_date = forms.DateField(label=_("Exit date"), required=False, widget=DateInput)
    exit_situation = forms.MultipleChoiceField(
        label=_("Situation upon leaving"),
        choices=ExitSituation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status_6m = forms.ChoiceField(
        label=_("Situation six months after leaving"),
        choices=[("", _("not known")), *Status6m.choices],
        required=False,
    )

    def __init__(self, *args: Any, entry_date: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry_date = entry_date

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        exit_date = data.get("exit_date")
        if exit_date is not None and exit_date < self.entry_date:
            self.add_error("exit_date", _("The exit date cannot lie before the entry date."))
        if exit_date is not None and exit_date > timezone.localdate():
            self.add_error("exit_date", _("The exit date cannot lie in the future."))
        if exit_date is None and data.get("exit_situation"):
            self.add_error(
                "exit_date", _("Please enter the exit date for the situation upon leaving.")
            )
        if exit_date is None and data.get("status_6m"):
            self.add_error("exit_date", _("Please enter the exit date for the six-month status."))
        return data

    def exit_input(self) -> ExitInput:
        return ExitInput(
            exit_date=self.cleaned_data["exit_date"],
            exit_situation=list(self.cleaned_data["exit_situation"]),
            status_6m=self.cleaned_data["status_6m"],
        )


class PeriodForm(forms.Form):
    """The report's period (default: the current calendar year) and, for the network
    coordinator, an organisation."""

    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("To"), widget=DateInput)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("whole network"),
        to_field_name="slug",
    )

    def __init__(self, *args: Any, network: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if network:
            field = self.fields["organisation"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Organisation.objects.filter(is_active=True)
        else:
            del self.fields["organisation"]

    @staticmethod
    def defaults() -> dict[str, Any]:
        today = timezone.localdate()
        return {"start": datetime.date(today.year, 1, 1), "end": datetime.date(today.year, 12, 31)}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_period(self, data.get("start"), data.get("end"))
        return data


# A longer period would make hundreds of columns by month (the statistics) and reports nobody
# reads; the same rule for the report, the committee report and the dashboard.
MAX_PERIOD_DAYS = 366 * 5


def check_period(form: forms.Form, start: datetime.date | None, end: datetime.date | None) -> None:
    """Add the period's problems to ``form``: the end before the start, more than five years."""
    if start is None or end is None:
        return
    if end < start:
        form.add_error("end", _("The end of the period lies before its start."))
    elif (end - start).days > MAX_PERIOD_DAYS:
        form.add_error("start", _("The period may span at most five years."))
