"""Extensions of the synthetic-data generator (``manage.py generate_synthetic``).

The generator lives in the case workbench (``wcr.cases.synthetic``), which must not import the
apps built on it (reporting, referrals, …). An app that has data of its own to add registers a
function here in its ``AppConfig.ready``; the generator calls every registered function once per
batch, inside the batch's transaction, after the batch's persons and cases exist. Each function
answers how many rows of which kind it added, for the generator's summary.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SyntheticBatch:
    """One batch the generator has just written (saved objects, primary keys set)."""

    number: int  # 0, 1, 2, … in the order of generation
    seed: int
    today: datetime.date
    now: datetime.datetime
    persons: Sequence[Any]
    cases: Sequence[Any]  # each with its ``person`` set
    batch_size: int

    def rng(self, name: str) -> random.Random:
        """A random source of the extension's own, so that adding or changing an extension
        never changes what the generator itself draws (deterministic per seed and batch)."""
        return random.Random(f"{name}:{self.seed}:{self.number}")  # noqa: S311 (synthetic data)


Extension = Callable[[SyntheticBatch], dict[str, int]]
_extensions: dict[str, Extension] = {}


def register_synthetic_extension(name: str, extension: Extension) -> None:
    """Register (or replace, under the same name) an extension; call from ``AppConfig.ready``."""
    _extensions[name] = extension


def synthetic_extensions() -> dict[str, Extension]:
    """The registered extensions by name, in the order they were registered."""
    return dict(_extensions)
