"""Small counts are not published: anything that leaves the platform (the committee report, a
chart's CSV, a published ESF+ table) shows counts from 1 to 4 as "< 5".

Primary suppression blanks each count from 1 to 4 (0 is shown: nobody is no one's data). So that
a blanked count cannot be recovered from its group's total, secondary suppression blanks the
next smallest non-zero count of the group when only one count of the group is blanked while the
total is shown. ``None`` is a suppressed cell.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

THRESHOLD = 5
MARK = "< 5"


def small(value: int | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


def suppress_group(
    total: int | None, parts: Mapping[str, int]
) -> tuple[int | None, dict[str, int | None]]:
    """A total and its parts (which add up to it) with small counts blanked."""
    shown_total = None if small(total) else total
    shown: dict[str, int | None] = {
        key: (None if small(value) else value) for key, value in parts.items()
    }
    hidden = [key for key, value in shown.items() if value is None]
    if shown_total is not None and len(hidden) == 1:
        others = sorted(
            (value, key) for key, value in shown.items() if value is not None and value > 0
        )
        if others:
            shown[others[0][1]] = None
    return shown_total, shown


def suppress_report(report: dict[str, Any]) -> dict[str, Any]:
    """The ESF+ report with small counts blanked (``None``) for publication."""
    result = copy.deepcopy(report)
    for figures in result["indicators"].values():
        parts = {key: value for key, value in figures.items() if key != "total"}
        total, shown = suppress_group(figures["total"], parts)
        figures["total"] = total
        figures.update(shown)
    result["incomplete"] = {"count": result["incomplete"]["count"], "participants": []}
    result["suppressed_below"] = THRESHOLD
    return result


def shown(value: int | None) -> str:
    return MARK if value is None else str(value)


def suppress_distribution(
    total: int | None, parts: Sequence[int]
) -> tuple[int | None, list[int | None]]:
    """A one-dimensional distribution with small counts blanked, its rows in their order.

    With ``total`` (the rows add up to it, as a chart's rows by status or by month do), the
    total is shown and secondary suppression keeps a blanked row from being recovered from it:
    ``suppress_group`` blanks the next smallest row when only one is blanked. Without a total
    (the rows overlap, as topics do, so no sum recovers a row) only the small rows are blanked.
    """
    keys = [str(index) for index in range(len(parts))]
    shown_total, shown = suppress_group(total, dict(zip(keys, parts, strict=True)))
    return shown_total, [shown[key] for key in keys]
