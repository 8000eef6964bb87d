"""The filters of the data protection officer's logs: who, which organisation, when, what kind."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from wcr.accounts.models import Organisation, User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class LogFilterForm(forms.Form):
    """Bound to the query string; ``apply`` narrows a log's entries (already limited to the
    officer's organisations) by the valid fields."""

    user = forms.ChoiceField(label=_("Who"), required=False)
    organisation = forms.ChoiceField(label=_("Acting organisation"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        users: Iterable[User],
        organisations: Iterable[Organisation],
        kinds: Iterable[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        everyone = [("", _("all"))]
        self.fields["user"].choices = everyone + [(str(u.code), str(u)) for u in users]  # type: ignore[attr-defined]
        self.fields["organisation"].choices = everyone + [  # type: ignore[attr-defined]
            (str(o.code), str(o)) for o in organisations
        ]
        self.fields["kind"].choices = everyone + list(kinds)  # type: ignore[attr-defined]

    def clean_date_from(self) -> datetime.date | None:
        return _within_range(self.cleaned_data.get("date_from"))

    def clean_date_to(self) -> datetime.date | None:
        return _within_range(self.cleaned_data.get("date_to"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("“To” must not be before “From”."))
        return cleaned

    def valid_filters(self) -> dict[str, Any]:
        """The fields that are valid (all of them for a valid form), without the empty ones."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in (None, "") and name not in self.errors
        }

    def apply(
        self, entries: QuerySet[Any], *, kind: Callable[[str], dict[str, str]]
    ) -> QuerySet[Any]:
        filters = self.valid_filters()
        if "user" in filters:
            entries = entries.filter(actor__code=filters["user"])
        if "organisation" in filters:
            entries = entries.filter(organisation__code=filters["organisation"])
        if "date_from" in filters:
            entries = entries.filter(at__gte=_start_of(filters["date_from"]))
        if "date_to" in filters:
            next_day = filters["date_to"] + datetime.timedelta(days=1)
            entries = entries.filter(at__lt=_start_of(next_day))
        if "kind" in filters:
            entries = entries.filter(**kind(filters["kind"]))
        return entries


EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2999, 12, 31)


def _within_range(day: datetime.date | None) -> datetime.date | None:
    if day is not None and not EARLIEST <= day <= LATEST:
        raise forms.ValidationError(
            _("Please enter a date between %(earliest)s and %(latest)s."),
            params={
                "earliest": formats.date_format(EARLIEST, "SHORT_DATE_FORMAT"),
                "latest": formats.date_format(LATEST, "SHORT_DATE_FORMAT"),
            },
        )
    return day


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def members_of(organisation_ids: Iterable[int]) -> QuerySet[User]:
    """Everyone who is or was a member of the organisations: the actors the filter offers."""
    return (
        User.objects.filter(Q(memberships__organisation_id__in=list(organisation_ids)))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
