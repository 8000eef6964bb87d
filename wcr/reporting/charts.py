"""Charts drawn on the server as inline SVG: no script, no inline style (the CSP stays strict).

Each chart is an image to assistive technology (``role="img"``) named by its ``<title>`` and
described by its ``<desc>`` (``aria-labelledby`` names both); the page puts the figure's table
beside it, which gives every number. Colours and type come from CSS classes on KERN tokens
(``static/css/wcr.css``, ``.wcr-chart``). Widths are percentages of the chart's width and
heights pixels, so the labels keep their size on a phone. Every label is escaped
(``format_html``). A suppressed value (``None``) draws no bar and reads "< 5".
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wcr.reporting.statistics import Figure

BAR_ROW = 44  # pixels per row of a bar chart: the label above, the bar below
BAR_MAX = 82.0  # percent of the width the longest bar takes (room for its value)
PLOT = 180  # pixels of a column chart's plot area
TOP = 20  # room above the highest column for its value
TICKS = 28  # room below for the month labels
MANY = 6  # from this many columns on, every other month label is hidden on narrow screens


def chart_id(figure: Figure) -> str:
    return f"chart-{figure.slug}"


def chart(figure: Figure) -> SafeString:
    """The figure's chart: columns for a figure by month, horizontal bars for the others."""
    if figure.chart == "column":
        return column_chart(figure)
    return bar_chart(figure)


def _pct(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def _maximum(figure: Figure) -> float:
    values = [row.values[0] for row in figure.rows if row.values[0] is not None]
    return float(max(values, default=0)) or 1.0


def _frame(figure: Figure, kind: str, height: int, body: SafeString) -> SafeString:
    ident = chart_id(figure)
    description = _("%(description)s The table beside the chart gives every number.") % {
        "description": figure.description
    }
    return format_html(
        '<svg class="wcr-chart wcr-chart--{kind}" id="{ident}" role="img" width="100%"'
        ' height="{height}" aria-labelledby="{ident}-title {ident}-desc"'
        ' xmlns="http://www.w3.org/2000/svg">'
        '<title id="{ident}-title">{title}</title><desc id="{ident}-desc">{desc}</desc>'
        "{body}</svg>",
        kind=kind,
        ident=ident,
        height=height,
        title=figure.title,
        desc=description,
        body=body,
    )


def bar_chart(figure: Figure) -> SafeString:
    """Horizontal bars of the figure's first column, one row per label."""
    maximum = _maximum(figure)
    rows = []
    for index, row in enumerate(figure.rows):
        top = index * BAR_ROW
        value = row.values[0]
        width = _pct(0.0 if value is None else BAR_MAX * float(value) / maximum)
        hidden = " wcr-chart__bar--hidden" if value is None else ""
        shown = figure.display(value)
        rows.append((top + 14, row.label, hidden, top + 19, width, width, top + 33, shown))
    body = format_html_join(
        "",
        '<g class="wcr-chart__row"><text class="wcr-chart__label" x="0" y="{}">{}</text>'
        '<rect class="wcr-chart__bar{}" x="0" y="{}" width="{}" height="18"></rect>'
        '<text class="wcr-chart__value" x="{}" dx="6" y="{}">{}</text></g>',
        rows,
    )
    return _frame(figure, "bar", max(len(figure.rows), 1) * BAR_ROW + 4, body)


def column_chart(figure: Figure) -> SafeString:
    """Columns of the figure's first column, one per row (month), left to right."""
    maximum = _maximum(figure)
    count = max(len(figure.rows), 1)
    slot = 100.0 / count
    baseline = TOP + PLOT
    columns = []
    for index, row in enumerate(figure.rows):
        value = row.values[0]
        height = 0.0 if value is None else PLOT * float(value) / maximum
        minor = " wcr-chart__tick--minor" if count >= MANY and index % 2 else ""
        middle = _pct(index * slot + slot / 2)
        columns.append(
            (
                _pct(index * slot + slot * 0.2),
                f"{baseline - height:.1f}",
                _pct(slot * 0.6),
                f"{height:.1f}",
                middle,
                f"{baseline - height - 5:.1f}",
                figure.display(value),
                minor,
                middle,
                baseline + 18,
                row.label,
            )
        )
    body = format_html_join(
        "",
        '<g class="wcr-chart__row"><rect class="wcr-chart__bar" x="{}" y="{}" width="{}"'
        ' height="{}"></rect><text class="wcr-chart__value" x="{}" y="{}"'
        ' text-anchor="middle">{}</text><text class="wcr-chart__tick{}" x="{}" y="{}"'
        ' text-anchor="middle">{}</text></g>',
        columns,
    )
    axis = format_html(
        '<line class="wcr-chart__axis" x1="0" x2="100%" y1="{y}" y2="{y}"></line>', y=baseline
    )
    return _frame(figure, "column", baseline + TICKS, format_html("{}{}", body, axis))
