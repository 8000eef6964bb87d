"""What every benchmark shares: timing, the ``BENCH`` line, the answer check, bare-SQL helpers."""

from __future__ import annotations

import datetime
import itertools
import os
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

SAMPLES = int(os.environ.get("BENCH_SAMPLES", "300"))

Timing = tuple[float, float]  # p50 and p95 in milliseconds


def percentiles(samples: list[float]) -> Timing:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50 * 1000, p95 * 1000


def measure(func: Callable[[], object], samples: int) -> Timing:
    timings = []
    for _ in range(samples):
        start = time.perf_counter()
        func()
        timings.append(time.perf_counter() - start)
    return percentiles(timings)


def report(name: str, rows: int, result: Timing, baseline: Timing) -> None:
    """The spec's line: ``ratio`` is p95 over the baseline's p95, both from this run."""
    p50, p95 = result
    ratio = p95 / baseline[1] if baseline[1] else float("inf")
    print(
        f"BENCH name={name} rows={rows} p50_ms={p50:.2f} p95_ms={p95:.2f} "
        f"baseline=bare_sql baseline_p95_ms={baseline[1]:.2f} ratio={ratio:.2f}",
        flush=True,
    )


def note(text: str) -> None:
    """A comment line for people (``#``), ignored by the tools that parse the ``BENCH`` lines."""
    print(f"# {text}", flush=True)


def cycled(func: Callable[[Any], object], samples: list[Any]) -> Callable[[], object]:
    """``func`` applied to the samples in turn, one per call."""
    items = itertools.cycle(samples)
    return lambda: func(next(items))


def check_answers(
    name: str, app: Callable[[Any], object], bare: Callable[[Any], object], samples: list[Any]
) -> None:
    """Stop the run when the application and its baseline disagree on any sample."""
    for sample in samples:
        got, expected = app(sample), bare(sample)
        if got != expected:
            raise SystemExit(
                f"{name}: answers differ for {sample!r}:\n  app  {got!r}\n  bare {expected!r}"
            )


def warm_up(*funcs: Callable[[Any], object], samples: list[Any]) -> None:
    """Caches, prepared plans, Python-level caches: two rounds over the samples."""
    for _ in range(2):
        for sample in samples:
            for func in funcs:
                func(sample)


def compare_and_measure(
    name: str,
    rows: int,
    app: Callable[[Any], object],
    bare: Callable[[Any], object],
    samples: list[Any],
    runs: int = SAMPLES,
) -> Timing:
    """Check, warm up, time the application then its baseline; print the line; the baseline."""
    check_answers(name, app, bare, samples)
    warm_up(app, bare, samples=samples)
    result = measure(cycled(app, samples), runs)
    baseline = measure(cycled(bare, samples), runs)
    report(name, rows, result, baseline)
    return baseline


# --- Bare SQL -------------------------------------------------------------------------------------


def fetch(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [col[0] for col in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def fetch_tuples(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def uuid_param(code: str) -> Any:
    """A UUID as the database stores it (SQLite: 32 hex digits)."""
    from django.db import connection

    return uuid.UUID(code) if connection.vendor == "postgresql" else uuid.UUID(code).hex


def placeholders(values: list[Any]) -> str:
    return ", ".join(["%s"] * len(values))


def as_datetime(value: Any) -> datetime.datetime:
    """A timestamp column as an aware datetime (SQLite answers text, naive in UTC)."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value  # type: ignore[no-any-return]


def local_date(value: Any) -> datetime.date:
    """The local (TIME_ZONE) day of a timestamp column, as ``timezone.localdate`` gives it."""
    from django.utils import timezone

    return timezone.localdate(as_datetime(value))


def as_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value  # type: ignore[no-any-return]
