"""Deploy check: the Art. 9 items need their own key in production (docs/reporting.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Warning as CheckWarning


def check_field_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckWarning]:
    if settings.ESF_FIELD_KEYS:
        return []
    return [
        CheckWarning(
            "ESF_FIELD_KEYS is not set: the ESF+ Art. 9 items are sealed under a key derived "
            "from SECRET_KEY, so rotating SECRET_KEY would lock them.",
            hint="Set ESF_FIELD_KEYS (python -c 'from wcr.reporting.crypto import new_key; "
            "print(new_key())'); see docs/reporting.md.",
            id="wcr.W020",
        )
    ]
