"""Demo requests from the portal (``seed_portal_demo``, run by ``seed_demo``): a few in each
state, so the demo shows the inbox. Idempotent: nothing is added when demo requests exist."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from wcr.accounts.models import Membership, Organisation, Role
from wcr.portal import services
from wcr.portal.intake import request_check, request_submit
from wcr.portal.models import AvailabilityWindow, IntakeItem, PortalRequest, Schedule
from wcr.portal.models.notices import privacy_notice_in_force

DEMO_DOMAIN = "demo-anfrage.invalid"
REQUESTS: list[tuple[str, dict[str, Any]]] = [
    ("new", {"kind": "person", "given_name": "Olena", "family_name": "Bondarenko", "postal_code": "52062", "topics": ["recognition"], "language": "uk", "country": "UA"}),
    ("new", {"kind": "company", "given_name": "Jana", "family_name": "Becker", "company_name": "Becker Sanitär GmbH", "sector": "crafts", "postal_code": "52349", "topics": ["recruitment"], "language": "de"}),
    ("new", {"kind": "person", "given_name": "Ahmad", "family_name": "Haddad", "postal_code": "41460", "topics": ["residence"], "language": "ar", "country": "SY"}),
    ("accepted", {"kind": "person", "given_name": "Mehmet", "family_name": "Yıldız", "postal_code": "41061", "topics": ["recognition"], "language": "tr", "country": "TR"}),
    ("forwarded", {"kind": "person", "given_name": "Priya", "family_name": "Sharma", "postal_code": "52062", "topics": ["residence"], "language": "en", "country": "IN"}),
    ("declined", {"kind": "person", "given_name": "Lucas", "family_name": "Martin", "postal_code": "52062", "topics": ["recognition"], "language": "en", "country": "FR"}),
]  # fmt: skip


def _counsellor(organisation: Organisation) -> Any:
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.COUNSELLOR, is_active=True)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def seed_requests() -> int:
    """Create the demo requests; answer how many were created."""
    if PortalRequest.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        return 0
    notice = privacy_notice_in_force()
    if notice is None:
        return 0
    created = 0
    with transaction.atomic():
        for state, fields in REQUESTS:
            raw = {
                **fields,
                "email": f"{fields['given_name'].lower()}@{DEMO_DOMAIN}",
                "privacy_notice_version": notice.version,
                "message": "Demo-Anfrage aus dem Portal.",
            }
            checked = request_check(raw, language=fields["language"])
            if checked.data is None:
                continue
            item = request_submit(data=checked.data)
            created += 1
            _decide(item, state)
    return created


def _decide(item: IntakeItem, state: str) -> None:
    actor = _counsellor(item.organisation)
    if state == "new" or actor is None:
        return
    if state == "accepted":
        services.intake_accept(actor=actor, item=item)
    elif state == "declined":
        services.intake_decline(
            actor=actor, item=item, reason="Demo: Wir beraten zu diesem Anliegen nicht."
        )
    else:
        target = (
            Organisation.objects.filter(is_active=True).exclude(pk=item.organisation_id).first()
        )
        if target is not None:
            services.intake_forward(
                actor=actor, item=item, organisation=target, reason="Demo: dort zuständig."
            )


# The demo counsellors' weekly windows: (weekday, from, to, channel); 0 = Monday.
WINDOWS = [
    (0, "09:00", "12:00", "in_person"),
    (1, "09:00", "12:00", "in_person"),
    (1, "14:00", "16:00", "phone"),
    (2, "14:00", "16:00", "video"),
    (3, "09:00", "12:00", "in_person"),
    (3, "14:00", "16:00", "phone"),
]
DEMO_HORIZON_DAYS = 56  # eight weeks


def seed_availability() -> int:
    """A published schedule for each demo counsellor without one: the windows above, taken in
    turn by their locations, bookable eight weeks ahead. Answers how many were created."""
    created = 0
    memberships = (
        Membership.objects.filter(role=Role.COUNSELLOR, is_active=True, schedule__isnull=True)
        .select_related("organisation")
        .prefetch_related("locations")
        .order_by("pk")
    )
    with transaction.atomic():
        for membership in memberships:
            locations = list(membership.locations.order_by("pk"))
            if not locations:
                continue
            schedule = Schedule.objects.create(
                membership=membership,
                organisation=membership.organisation,
                horizon_days=DEMO_HORIZON_DAYS,
                video_link=f"https://video.example.org/wcr-{membership.pk}",
            )
            AvailabilityWindow.objects.bulk_create(
                AvailabilityWindow(
                    schedule=schedule,
                    weekday=weekday,
                    start_time=datetime.time.fromisoformat(start),
                    end_time=datetime.time.fromisoformat(end),
                    location=locations[index % len(locations)],
                    channel=channel,
                )
                for index, (weekday, start, end, channel) in enumerate(WINDOWS)
            )
            created += 1
    return created
