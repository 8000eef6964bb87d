"""The public portal's data: one module per concern, imported here so Django finds the models."""

from wcr.portal.models.notices import PrivacyNotice as PrivacyNotice
from wcr.portal.models.routing import RoutingRule as RoutingRule
