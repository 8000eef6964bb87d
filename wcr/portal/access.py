"""The portal's gates.

Routing rules: team leads of the lead partner and the network coordinator see and change them.
Everyone else (other organisations' team leads, counsellors, the data protection officer, the
administrator) gets 404, as for anything not theirs.

Intake items (requests in an organisation's inbox): counsellors and team leads of the receiving
organisation. The coordinator, the data protection officer and the administrator never read a
request's content (404). After a forward the forwarding organisation keeps its item (status,
receiver, reason) but no longer sees the requester's personal data.

Availability: counsellors change their own, team leads that of everyone in their organisation;
anyone else gets 404.

Bookings (appointments): counsellors and team leads of the organisation the booking is with see
its calendar and each booking (the requester's name and email); everyone else gets 404. Every
read is in the access log.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from wcr.accounts.access import membership_with_role, parse_code
from wcr.accounts.models import Membership, Role
from wcr.cases.access import casework_membership
from wcr.core.request import WcrRequest
from wcr.portal.models import Booking, IntakeItem
from wcr.portal.models.booking import Absence, AvailabilityWindow, Schedule
from wcr.portal.models.requests import IntakeStatus
from wcr.privacy.services import access_log_read


def may_edit_routing(membership: Membership | None) -> bool:
    if membership is None:
        return False
    if membership.role == Role.COORDINATOR:
        return True
    return membership.role == Role.TEAM_LEAD and membership.organisation.is_lead


def access_routing(request: WcrRequest) -> Membership:
    """The acting membership if it may edit the routing rules; else 404."""
    membership = membership_with_role(request, (Role.TEAM_LEAD, Role.COORDINATOR))
    if not may_edit_routing(membership):
        raise Http404
    return membership


def access_content(request: WcrRequest) -> Membership:
    """The acting membership if it may edit the portal's content pages and privacy notices (the
    same people as the routing rules); else 404."""
    membership = membership_with_role(request, (Role.TEAM_LEAD, Role.COORDINATOR))
    if not may_edit_routing(membership):
        raise Http404
    return membership


# --- The intake: requests in an organisation's inbox -----------------------------------------


def intake_shows_personal_data(item: IntakeItem) -> bool:
    """Whether the item's organisation still sees the requester's personal data (name, email,
    phone, message): not once it forwarded the request (the receiver has it now)."""
    return item.status != IntakeStatus.FORWARDED


def intake_items_for(request: WcrRequest) -> QuerySet[IntakeItem]:
    """The acting organisation's intake items (counsellors and team leads; else 404)."""
    membership = casework_membership(request)
    return IntakeItem.objects.for_org(membership.organisation_id)


def access_intake(request: WcrRequest, code: str | uuid.UUID, *, write: bool = False) -> IntakeItem:
    """One of the acting organisation's intake items; 404 for anyone else (other organisations,
    the coordinator, the data protection officer, the administrator). A read that shows the
    requester's personal data is written to the access log."""
    item = (
        intake_items_for(request)
        .select_related(
            "request",
            "request__municipality",
            "request__municipality__district",
            "request__privacy_notice",
            "organisation",
            "location",
            "decided_by",
            "case",
            "forwarded_from__organisation",
        )
        .filter(code=parse_code(code))
        .first()
    )
    if item is None:
        raise Http404
    if intake_shows_personal_data(item):
        access_log_read(request, item, owner=item.organisation, purpose="write" if write else "")
    return item


# --- Bookings: the organisation's appointments ----------------------------------------------


def bookings_for(request: WcrRequest) -> QuerySet[Booking]:
    """The acting organisation's bookings (counsellors and team leads; else 404)."""
    membership = casework_membership(request)
    return Booking.objects.for_org(membership.organisation_id)


def access_booking(request: WcrRequest, code: str | uuid.UUID, *, write: bool = False) -> Booking:
    """One of the acting organisation's bookings; 404 for anyone else. The read is logged."""
    booking = (
        bookings_for(request)
        .select_related("location", "organisation", "counsellor", "schedule", "request", "case")
        .filter(code=parse_code(code))
        .first()
    )
    if booking is None:
        raise Http404
    access_log_read(request, booking, owner=booking.organisation, purpose="write" if write else "")
    return booking


def access_availability(request: WcrRequest, username: str = "") -> Membership:
    """Whose availability the acting membership may change: its own (counsellors, team leads),
    or, for a team lead, a colleague's of the same organisation named by ``username``; else 404."""
    membership = casework_membership(request)
    if not username or username == request.user.get_username():
        return membership
    if membership.role != Role.TEAM_LEAD:
        raise Http404
    colleague = (
        Membership.objects.filter(
            organisation_id=membership.organisation_id,
            role__in=(Role.COUNSELLOR, Role.TEAM_LEAD),
            is_active=True,
            user__username=username,
        )
        .select_related("user", "organisation")
        .first()
    )
    if colleague is None:
        raise Http404
    return colleague


def access_window(schedule: Schedule, code: str) -> AvailabilityWindow:
    """A window of ``schedule`` (one ``access_availability`` granted) by its code; else 404."""
    found = AvailabilityWindow.objects.filter(schedule=schedule, code=parse_code(code)).first()
    if found is None:
        raise Http404
    return found


def access_absence(schedule: Schedule, code: str) -> Absence:
    """An absence of ``schedule`` by its code; else 404."""
    found = Absence.objects.filter(schedule=schedule, code=parse_code(code)).first()
    if found is None:
        raise Http404
    return found
