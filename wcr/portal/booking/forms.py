"""The staff forms of availability: the schedule's settings, a window, an absence."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from wcr.accounts.models import Location
from wcr.portal.models.booking import Absence, AvailabilityWindow, Schedule

WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


# The limits of the schedule's check constraints, so that a form names the field it breaks.
SCHEDULE_LIMITS = {
    "slot_minutes": (10, 240),
    "buffer_before_minutes": (0, 120),
    "buffer_after_minutes": (0, 120),
    "min_notice_hours": (0, 720),
    "horizon_days": (1, 365),
    "daily_cap": (1, 100),
}


class ScheduleForm(forms.ModelForm[Schedule]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (low, high) in SCHEDULE_LIMITS.items():
            field = self.fields[name]
            assert isinstance(field, forms.IntegerField)
            field.min_value, field.max_value = low, high
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update({"min": low, "max": high})

    class Meta:
        model = Schedule
        fields = [
            "is_published",
            "slot_minutes",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "min_notice_hours",
            "not_same_day",
            "horizon_days",
            "daily_cap",
            "video_link",
            "open_on_holidays",
        ]


class WindowForm(forms.ModelForm[AvailabilityWindow]):
    weekday = forms.TypedChoiceField(
        label=_("weekday"),
        choices=[("", _("– an extra day instead –")), *WEEKDAYS],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = AvailabilityWindow
        fields = ["weekday", "on_date", "start_time", "end_time", "location", "channel"]
        widgets = {
            "on_date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        location = self.fields["location"]
        assert isinstance(location, forms.ModelChoiceField)
        location.queryset = Location.objects.filter(is_active=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weekday, on_date = data.get("weekday"), data.get("on_date")
        if (weekday is None) == (on_date is None):
            self.add_error("weekday", _("Choose a weekday, or a date for an extra day (not both)."))
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and start >= end:
            self.add_error("end_time", _("The end must be after the start."))
        return data


class AbsenceForm(forms.ModelForm[Absence]):
    class Meta:
        model = Absence
        fields = ["starts_on", "ends_on", "note"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and start > end:
            self.add_error("ends_on", _("The last day must not be before the first."))
        return data
