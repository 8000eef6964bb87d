"""The network's central contact for the public pages (the lead partner)."""

from __future__ import annotations

from django import template

from wcr.accounts.models import Organisation

register = template.Library()


@register.simple_tag
def lead_partner() -> Organisation | None:
    return Organisation.objects.filter(is_lead=True, is_active=True).first()
