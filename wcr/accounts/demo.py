"""The demo network of ``specs/interfaces.md``: organisations, locations, users."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from wcr.accounts.models import Organisation, Role

Kind = Organisation.Kind


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    short_name: str
    kind: str
    is_lead: bool
    is_public_body: bool
    locations: tuple[str, ...]


ORGANISATIONS = (
    DemoOrganisation("whkt", "Westdeutscher Handwerkskammertag", "WHKT", Kind.CHAMBERS_ASSOCIATION, True, False, ("aachen", "moenchengladbach", "neuss")),
    DemoOrganisation("hwk-aachen", "Handwerkskammer Aachen", "HWK Aachen", Kind.CHAMBER_OF_CRAFTS, False, False, ("aachen",)),
    DemoOrganisation("kia", "Kommunales Integrationszentrum StädteRegion Aachen", "KIA", Kind.MUNICIPALITY, False, True, ("aachen",)),
    DemoOrganisation("vuv", "Vereinigte Unternehmerverbände Aachen", "VuV", Kind.EMPLOYERS_ASSOCIATION, False, False, ("aachen",)),
    DemoOrganisation("stadt-aachen", "Stadt Aachen, Fachbereich Wirtschaft", "Stadt Aachen", Kind.MUNICIPALITY, False, True, ("aachen",)),
    DemoOrganisation("ihk-mn", "IHK Mittlerer Niederrhein", "IHK MN", Kind.CHAMBER_OF_COMMERCE, False, False, ("moenchengladbach", "neuss")),
)  # fmt: skip

LOCATIONS = (
    ("aachen", "Aachen", "Aachen"),
    ("moenchengladbach", "Mönchengladbach", "Mönchengladbach"),
    ("neuss", "Neuss", "Neuss"),
)

# Contact data from the partners' public pages, retrieved on this day; sources and what is still
# unknown in docs/region.md. None of it is confirmed by the network yet (contact_verified=False):
# the public pages say so. Only what a source states is filled in (no phone or opening hours of a
# location were published; the lead partner's central number stands in for them).
RETRIEVED_ON = datetime.date(2026, 12, 2)
_WIKIPEDIA_IHK_MN = (
    "https://de.wikipedia.org/wiki/Industrie-_und_Handelskammer_Mittlerer_Niederrhein"
)
LOCATION_CONTACTS: dict[str, dict[str, Any]] = {
    "aachen": {
        "host": "Handwerkskammer Aachen (QualiTec GmbH)",
        "address": "Sandkaulbach 21",
        "website": "https://www.welcome-rheinisches-revier.de/",
        "contact_source": (
            "https://www.hwk-aachen.de/artikel/willkommen-in-deutschland-33,0,2399.html\n"
            "https://de.wikipedia.org/wiki/Handwerkskammer_Aachen"
        ),
    },
    "moenchengladbach": {
        "host": "IHK Mittlerer Niederrhein",
        "address": "Bismarckstraße 109",
        "website": "https://www.welcome-rheinisches-revier.de/",
        "contact_source": _WIKIPEDIA_IHK_MN,
    },
    "neuss": {
        "host": "IHK Mittlerer Niederrhein",
        "address": "Friedrichstraße 40",
        "website": "https://www.welcome-rheinisches-revier.de/",
        "contact_source": _WIKIPEDIA_IHK_MN,
    },
}
for _contact in LOCATION_CONTACTS.values():
    _contact.update(contact_verified=False, contact_retrieved_on=RETRIEVED_ON)

# The lead partner, named in the imprint as the responsible body.
LEAD_CONTACT: dict[str, Any] = {
    "address": "Postfach 10 53 33",
    "postal_code": "40044",
    "city": "Düsseldorf",
    "phone": "+49 211 3007-700",
    "website": "https://www.whkt.de/",
    "contact_source": "https://www.whkt.de/index.php?id=1066",
    "contact_verified": False,
    "contact_retrieved_on": RETRIEVED_ON,
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str], ...]  # (organisation slug, role)
    is_staff: bool = False


def demo_users() -> list[DemoUser]:
    users = []
    for org in ORGANISATIONS:
        users.append(
            DemoUser(
                f"berater.{org.slug}", "Berater", org.short_name, ((org.slug, Role.COUNSELLOR),)
            )
        )
        users.append(
            DemoUser(
                f"leitung.{org.slug}", "Leitung", org.short_name, ((org.slug, Role.TEAM_LEAD),)
            )
        )
    users.append(
        DemoUser("koordination", "Netzwerk", "Koordination", (("whkt", Role.COORDINATOR),))
    )
    users.append(
        DemoUser(
            "datenschutz",
            "Daten",
            "Schutz",
            tuple((org.slug, Role.DATA_PROTECTION) for org in ORGANISATIONS),
        )
    )
    users.append(
        DemoUser(
            "admin", "Plattform", "Administration", (("whkt", Role.ADMINISTRATOR),), is_staff=True
        )
    )
    return users  # fmt: skip
