"""The demo network of ``specs/interfaces.md``: organisations, locations, users."""

from __future__ import annotations

from dataclasses import dataclass

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
