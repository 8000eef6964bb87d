"""The charts: accessible inline SVG (role, title, desc, aria-labelledby), escaped labels, no
inline style, suppressed values as "< 5", and the dashboard's table equal to the chart's data."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from wcr.reporting import charts
from wcr.reporting.statistics import Figure, Row
from wcr.reporting.tests.test_statistics import PERIOD, StatisticsData

DEFAULT_ROWS = (Row("neu <b>", (12,)), Row("abgeschlossen", (None,)), Row("leer", (0,)))


def figure(chart: str = "bar", rows: tuple[Row, ...] | None = None) -> Figure:
    return Figure(
        slug="example",
        title="Fälle nach <Status>",
        description="Alle Fälle & mehr.",
        label_header="Status",
        headers=("Fälle",),
        rows=DEFAULT_ROWS if rows is None else rows,
        unit="Fälle",
        chart=chart,
        total=(20,),
    )


class Texts(HTMLParser):
    """The text of each element with one of the classes asked for, in document order."""

    def __init__(self, *classes: str) -> None:
        super().__init__()
        self.classes = set(classes)
        self.found: list[tuple[str, str]] = []
        self.open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = set((dict(attrs).get("class") or "").split())
        hit = names & self.classes
        self.open = hit.pop() if hit else None

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.found.append((self.open, data))
            self.open = None


def texts(html: str, css_class: str) -> list[str]:
    parser = Texts(css_class)
    parser.feed(html)
    return [text for _name, text in parser.found]


class ChartMarkupTests(SimpleTestCase):
    def test_a_bar_chart_is_an_image_named_by_its_title_and_desc(self) -> None:
        svg = str(charts.chart(figure()))
        self.assertIn('role="img"', svg)
        self.assertIn('aria-labelledby="chart-example-title chart-example-desc"', svg)
        self.assertIn('<title id="chart-example-title">Fälle nach &lt;Status&gt;</title>', svg)
        self.assertRegex(svg, r'<desc id="chart-example-desc">Alle Fälle &amp; mehr\.')
        self.assertNotIn("style=", svg)
        self.assertNotIn("<b>", svg)
        self.assertEqual(texts(svg, "wcr-chart__label"), ["neu <b>", "abgeschlossen", "leer"])

    def test_the_values_read_as_the_table_does_and_a_suppressed_one_draws_no_bar(self) -> None:
        svg = str(charts.bar_chart(figure()))
        self.assertEqual(texts(svg, "wcr-chart__value"), ["12", "< 5", "0"])
        self.assertEqual(svg.count("wcr-chart__bar--hidden"), 1)
        widths = re.findall(
            r'<rect class="wcr-chart__bar[^"]*" x="0" y="\d+" width="([\d.]+)%"', svg
        )
        self.assertEqual(widths, ["82", "0", "0"])

    def test_a_column_chart_has_one_column_and_label_per_month(self) -> None:
        months = tuple(Row(f"M{n}", (n,)) for n in range(1, 8))
        svg = str(charts.chart(figure("column", months)))
        self.assertIn("wcr-chart--column", svg)
        self.assertEqual(texts(svg, "wcr-chart__tick"), [f"M{n}" for n in range(1, 8)])
        # Every other month label is hidden on a phone (CSS), the table keeps them all.
        self.assertEqual(texts(svg, "wcr-chart__tick--minor"), ["M2", "M4", "M6"])
        self.assertEqual(texts(svg, "wcr-chart__value"), [str(n) for n in range(1, 8)])
        self.assertIn('role="img"', svg)

    def test_an_empty_figure_still_draws_a_named_image(self) -> None:
        svg = str(charts.chart(figure(rows=())))
        self.assertIn('<title id="chart-example-title">', svg)
        self.assertNotIn("<rect", svg)


class ChartTableTests(StatisticsData):
    def test_each_chart_on_the_dashboard_shows_the_numbers_of_its_table(self) -> None:
        self.sign_in(self.coordinator)
        with translation.override("de"):
            response = self.client.get(reverse("reporting:statistics"), PERIOD)
        html = response.content.decode()
        sections = [e for s in response.context["sections"] for e in s["entries"]]
        self.assertGreater(len(sections), 15)
        self.assertGreater(sum(entry["figure"].has_data for entry in sections), 12)
        for entry in sections:
            figure = entry["figure"]
            if not figure.has_data:
                self.assertNotIn(f'id="chart-{figure.slug}"', html)
                continue
            with self.subTest(figure=figure.slug):
                svg = html[
                    html.index(f'id="chart-{figure.slug}"') : html.index(
                        "</svg>", html.index(f'id="chart-{figure.slug}"')
                    )
                ]
                start = html.index(f'id="table-{figure.slug}"')
                table = html[start : html.index("</table>", start)]
                body = table[table.index("<tbody") : table.index("</tbody>")]
                cells = texts(body, "wcr-figure__number")
                columns = len(figure.headers)
                self.assertEqual(texts(svg, "wcr-chart__value"), cells[::columns])
                shown = [values[0] for _label, values in figure.shown_rows()]
                self.assertEqual(cells[::columns], shown)
                self.assertIn('<th class="kern-table__cell" scope="col">', table)
                self.assertIn("<caption", table)
