"""The staff navigation's count of new requests ("Anfragen (3)")."""

from __future__ import annotations

from django import template

from wcr.accounts.models import Membership
from wcr.portal.selectors import intake_new_count

register = template.Library()


@register.simple_tag
def new_requests(membership: Membership | None) -> int:
    """New items in the acting organisation's inbox (one query; 0 without a membership)."""
    if membership is None:
        return 0
    return intake_new_count(membership.organisation_id)
