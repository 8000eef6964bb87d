"""The portal's models: one module per concern, each imported here."""

from wcr.portal.models.routing import RoutingRule as RoutingRule
