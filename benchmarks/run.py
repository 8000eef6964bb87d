"""`make bench`: benchmarks on generated data, each against a bare-SQL baseline in the same run.

Prints one line per benchmark (lines starting with ``#`` are comments for people):

    BENCH name=… rows=… p50_ms=… p95_ms=… baseline=bare_sql baseline_p95_ms=… ratio=…

The database is ``benchmarks/database.py``'s (``BENCH_REUSE=1`` keeps the generated data between
runs); the benchmarks are one function each in ``navigator.py``, ``audit.py``, ``workbench.py``,
``portal.py`` (the public portal under load through gunicorn), ``booking.py`` (free slots) and
``esf.py`` (the ESF+ report on a million participants). ``BENCH_ONLY`` (comma-separated names, or
the groups ``navigator``, ``audit``, ``workbench``, ``portal``, ``booking``, ``esf``) runs only those; see
``docs/benchmarks.md``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import audit
import booking
import database
import esf
import navigator
import portal
import workbench
from common import measure, note, percentiles

# Name of the line -> its group. The order is the order they run in.
BENCHMARKS: dict[str, str] = {
    "navigator_engine": "navigator",
    "navigator_api": "navigator",
    "access_log_append": "audit",
    "audit_chain_verify": "audit",
    "case_list": "workbench",
    "case_list_shared": "workbench",
    "name_search": "workbench",
    "case_page": "workbench",
    "case_page_render": "workbench",
    "duplicate_check": "workbench",
    "static_css": "portal",
    "portal_start": "portal",
    "portal_start_rendered": "portal",
    "portal_request_form": "portal",
    "portal_request_post": "portal",
    "booking_week": "booking",
    "booking_next_slots": "booking",
    "esf_report": "esf",
    "esf_report_org": "esf",
    "esf_report_sealed": "esf",
    "esf_dashboard": "esf",
}
GROUPS = ["navigator", "audit", "workbench", "portal", "booking", "esf"]
WORKBENCH: dict[str, Callable[[workbench.Workbench], None]] = {
    "case_list": workbench.bench_case_list,
    "case_list_shared": workbench.bench_case_list_shared,
    "name_search": workbench.bench_name_search,
    "case_page": workbench.bench_case_page_sql,
    "case_page_render": workbench.bench_case_page_rendered,
    "duplicate_check": workbench.bench_duplicate_check,
}


def selected_benchmarks(only: str) -> list[str]:
    """The names ``BENCH_ONLY`` asks for (all when empty); an unknown name stops the run."""
    wanted = {part.strip() for part in only.split(",") if part.strip()}
    if not wanted:
        return list(BENCHMARKS)
    unknown = wanted - set(BENCHMARKS) - set(GROUPS)
    if unknown:
        raise SystemExit(
            f"BENCH_ONLY: unknown {', '.join(sorted(unknown))}; "
            f"known: {', '.join([*BENCHMARKS, *GROUPS])}"
        )
    return [name for name, group in BENCHMARKS.items() if name in wanted or group in wanted]


def main() -> None:
    chosen = selected_benchmarks(os.environ.get("BENCH_ONLY", ""))
    persons, seed, reuse = database.settings_from_environment()
    needs_persons = any(BENCHMARKS[name] == "workbench" for name in chosen)
    if not database.on_postgres() and needs_persons and "BENCH_PERSONS" not in os.environ:
        note(
            f"SQLite: {persons} persons by default (250000 on PostgreSQL); "
            "BENCH_PERSONS=250000 for the full scale"
        )
    url, reused = database.bench_database_url(
        persons=persons, seed=seed, reuse=reuse, workbench=needs_persons
    )
    database.setup_django(url)
    if needs_persons:
        database.prepare(persons=persons, seed=seed, reused=reused)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)

    if "navigator_engine" in chosen:
        navigator.run_engine(measure)
    if "navigator_api" in chosen:
        navigator.run_api(url, percentiles)
    if {"access_log_append", "audit_chain_verify"} & set(chosen):
        chain = audit.setup()
        if "access_log_append" in chosen:
            audit.bench_access_log_append(chain)
        if "audit_chain_verify" in chosen:
            audit.bench_chain_verify(chain)
    if needs_persons:
        bench: Any = workbench.setup()
        for name, func in WORKBENCH.items():
            if name in chosen:
                func(bench)
    if any(BENCHMARKS[name] == "portal" for name in chosen):
        portal.run(url, note)
    if any(BENCHMARKS[name] == "booking" for name in chosen):
        booking.run()
    if any(BENCHMARKS[name] == "esf" for name in chosen):
        esf.run(seed=seed, reuse=reuse, chosen=chosen)


if __name__ == "__main__":
    main()
