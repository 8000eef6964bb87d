"""The statistics dashboard (``/mitarbeitende/berichte/statistik/``) and each chart's data as
CSV (``<slug>.csv``). Who sees what: ``wcr/reporting/access.py``; the figures:
``wcr/reporting/statistics.py``; the rules: ``docs/statistics.md``."""

from __future__ import annotations

import csv
import datetime
from typing import Any

from django import forms
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from wcr.accounts.access import staff_required
from wcr.accounts.models import Location, Organisation
from wcr.cases.forms import DateInput
from wcr.core.request import WcrRequest
from wcr.reporting import charts
from wcr.reporting import statistics as stats
from wcr.reporting.access import STATISTICS_ROLES, StatisticsAccess, access_statistics
from wcr.reporting.forms import check_period
from wcr.reporting.suppression import MARK

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a CSV cell a spreadsheet would run


class StatisticsFilterForm(forms.Form):
    """The dashboard's filters; every field may stay empty (the year so far, everything)."""

    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput)
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=gettext_lazy("all organisations"),
    )
    location = forms.ModelChoiceField(
        label=gettext_lazy("Location"),
        queryset=Location.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=gettext_lazy("all locations"),
    )

    def __init__(self, *args: Any, network: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = stats.location_choices()  # type: ignore[attr-defined]
        if network:
            self.fields["organisation"].queryset = stats.organisation_choices()  # type: ignore[attr-defined]
        else:
            del self.fields["organisation"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "start" in cleaned and "end" in cleaned:
            check_period(self, *self.period(cleaned))
        return cleaned

    @staticmethod
    def period(cleaned: dict[str, Any]) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        end = cleaned.get("end") or today
        start = cleaned.get("start") or end.replace(month=1, day=1)
        return start, end

    def filters(self, access: StatisticsAccess) -> stats.Filters:
        start, end = self.period(self.cleaned_data)
        organisation = self.cleaned_data.get("organisation")
        location = self.cleaned_data.get("location")
        if access.network:
            organisation_id = organisation.pk if organisation is not None else None
        else:
            organisation_id = access.organisation_id
        return stats.Filters(
            start=start,
            end=end,
            organisation_id=organisation_id,
            location_id=location.pk if location is not None else None,
        )


def _sections(figures: list[stats.Figure], specs: list[stats.FigureSpec]) -> list[dict[str, Any]]:
    titles = stats.section_titles()
    entries: dict[str, list[dict[str, Any]]] = {section: [] for section in stats.SECTIONS}
    for spec, figure in zip(specs, figures, strict=True):
        entries[spec.section].append({"figure": figure, "chart": charts.chart(figure)})
    return [
        {"slug": section, "title": titles[section], "entries": entries[section]}
        for section in stats.SECTIONS
        if entries[section]
    ]


@staff_required(*STATISTICS_ROLES)
@require_GET
def statistics(request: WcrRequest) -> HttpResponse:
    access = access_statistics(request)
    form = StatisticsFilterForm(request.GET, network=access.network)
    context: dict[str, Any] = {"form": form, "access": access, "sections": []}
    if not form.is_valid():
        return render(request, "reporting/statistics.html", context, status=400)
    filters = form.filters(access)
    specs = stats.figure_specs(network=access.network, filters=filters)
    figures = stats.figures(specs, filters, suppress=access.suppressed)
    context |= {
        "filters": filters,
        "sections": _sections(figures, specs),
        "query": request.GET.urlencode(),
    }
    return render(request, "reporting/statistics.html", context)


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_value(value: stats.Value_) -> str:
    return MARK if value is None else str(value)


@staff_required(*STATISTICS_ROLES)
@require_GET
def statistics_csv(request: WcrRequest, slug: str) -> HttpResponse:
    """One chart's data as CSV: always with small counts suppressed (it leaves the platform)."""
    access = access_statistics(request)
    form = StatisticsFilterForm(request.GET, network=access.network)
    if not form.is_valid():
        errors = [
            f"{form.fields[name].label}: {' '.join(str(m) for m in messages)}"
            for name, messages in form.errors.items()
            if name in form.fields
        ]
        return HttpResponseBadRequest("\n".join(errors), content_type="text/plain; charset=utf-8")
    filters = form.filters(access)
    specs = [
        spec
        for spec in stats.figure_specs(network=access.network, filters=filters)
        if spec.slug == slug
    ]
    if not specs:
        raise Http404
    figure = stats.figures(specs, filters, suppress=True)[0]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{figure.slug}_{filters.start.isoformat()}_{filters.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow([_cell(figure.label_header), *(_cell(h) for h in figure.headers)])
    for row in figure.rows:
        writer.writerow([_cell(row.label), *(_csv_value(v) for v in row.values)])
    if figure.total is not None:
        writer.writerow([_("Total"), *(_csv_value(v) for v in figure.total)])
    for label, value in figure.notes:
        writer.writerow([_cell(label), _csv_value(value)])
    return response
