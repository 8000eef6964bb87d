"""The public portal's data: one module per concern, imported here so Django finds the models."""

from wcr.portal.models.booking import Absence as Absence
from wcr.portal.models.booking import AvailabilityWindow as AvailabilityWindow
from wcr.portal.models.booking import Booking as Booking
from wcr.portal.models.booking import Schedule as Schedule
from wcr.portal.models.content import AccessibilityFeedback as AccessibilityFeedback
from wcr.portal.models.content import ContentPage as ContentPage
from wcr.portal.models.content import ContentVersion as ContentVersion
from wcr.portal.models.notices import PrivacyNotice as PrivacyNotice
from wcr.portal.models.requests import IntakeItem as IntakeItem
from wcr.portal.models.requests import PortalRequest as PortalRequest
from wcr.portal.models.requests import RequestReferenceCounter as RequestReferenceCounter
from wcr.portal.models.routing import RoutingRule as RoutingRule
