"""Lint: views and API modules reach organisation-owned data only through the tenancy gate.

Forbids ``<Model>.objects.get(``, ``.filter(``, ``.all(`` and ``.exclude(`` on organisation-owned
models in ``views.py`` and ``api.py`` (use ``wcr.accounts.access`` or the model's
``.for_org()`` / ``.visible_to()`` queryset methods instead). Exit status 1 naming each place.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "wcr"
OWNED_MODELS = (
    "Case",
    "Person",
    "Company",
    "Contact",
    "Referral",
    "Membership",
    "Document",
    "Task",
    "Assessment",
)
PATTERN = re.compile(rf"\b({'|'.join(OWNED_MODELS)})\.objects\.(get|filter|all|exclude)\(")


def main() -> int:
    problems = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.name not in {"views.py", "api.py"} and path.parent.name not in {"views", "api"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            # A queryset handed to the gate itself (access_case_part(request, Task.objects.all(), …))
            # is filtered by the gate.
            if PATTERN.search(line) and "access_" not in line:
                problems.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    for problem in problems:
        print(f"{problem}\n    -> fetch through wcr.accounts.access (the tenancy gate)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
