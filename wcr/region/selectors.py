"""Lookups used by the cases, the navigator and the portal."""

from __future__ import annotations

import re

from wcr.region.models import Municipality

_AGS = re.compile(r"^\d{8}$")
_POSTAL_CODE = re.compile(r"^\d{5}$")


def municipality_by_ags(ags: str) -> Municipality | None:
    """The municipality with this 8-digit key, with its authorities; ``None`` if unknown."""
    ags = ags.strip()
    if not _AGS.match(ags):
        return None
    return Municipality.objects.with_overlays().filter(ags=ags).first()


def municipalities_for_postal_code(
    postal_code: str, *, authorities: bool = True
) -> list[Municipality]:
    """Every municipality of the region that uses this postal code (most codes: one, a few:
    two); empty when the code is not in the region or malformed. ``authorities=False`` fetches
    only the district with it (the portal's request checks: a third of their time otherwise)."""
    postal_code = postal_code.strip()
    if not _POSTAL_CODE.match(postal_code):
        return []
    municipalities = (
        Municipality.objects.with_overlays()
        if authorities
        else Municipality.objects.select_related("district")
    )
    return list(municipalities.filter(postal_codes__code=postal_code).order_by("name").distinct())
