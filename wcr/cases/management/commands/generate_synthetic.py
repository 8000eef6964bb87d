"""Realistic synthetic data at scale for benchmarks (bulk-inserted)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wcr.cases.synthetic import generate


class Command(BaseCommand):
    help = (
        "Generates synthetic persons (name variants in several scripts), companies, cases, "
        "contacts, milestones and tasks, deterministic for a seed; the apps' registered "
        "extensions add their own data (ESF+ participations: wcr.reporting)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--persons", type=int, required=True, help="number of persons (e.g. 250000)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["persons"] < 1:
            raise CommandError("--persons must be at least 1")
        started = time.perf_counter()
        counts = generate(
            persons=options["persons"],
            seed=options["seed"],
            batch_size=options["batch_size"],
            progress=self.stdout.write if options["verbosity"] > 1 else None,
        )
        seconds = time.perf_counter() - started
        extra = "".join(f", {added} {kind}" for kind, added in counts.extra.items())
        self.stdout.write(
            f"Generated {counts.persons} persons ({counts.names} names in other scripts), {counts.companies} companies, "
            f"{counts.cases} cases, {counts.contacts} contacts, {counts.milestones} milestones, {counts.tasks} tasks"
            f"{extra} in {seconds:.1f} s"
        )
