"""Lint: views and API modules reach organisation-owned data only through the tenancy gate.

The check itself is ``wcr.core.gatecheck`` (tested in ``wcr/core/tests/test_gatecheck.py``); it
needs Django's app registry to find the owned models. Exit status 1 naming each place.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The check reads the model graph only: development settings are enough (as for mypy).
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wcr.settings")

import django

django.setup()

from wcr.core.gatecheck import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
