"""Deterministic demo data (idempotent): the demo network's organisations, locations and users."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from wcr.accounts.demo import LEAD_CONTACT, LOCATION_CONTACTS, LOCATIONS, ORGANISATIONS, demo_users
from wcr.accounts.models import Location, Membership, Organisation, User

DEFAULT_DEMO_PASSWORD = "WCR-demo-2026!"  # noqa: S105 (demo only, refused outside DEBUG)
# What the platform administrator may manage in /admin/: configuration, organisations, users.
ADMIN_PERMISSION_APPS = ("accounts", "region", "django_tasks_database", "mfa")


class Command(BaseCommand):
    help = "Creates the demo organisations, locations and users (idempotent). Demo mode only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--remove", action="store_true", help="Deactivate every demo account instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["remove"]:
            count = User.objects.filter(is_demo=True).update(is_active=False)
            self.stdout.write(f"Deactivated {count} demo accounts.")
            return
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a known password and runs only with DEBUG=true "
                "(make demo sets it)."
            )
        password = settings.DEMO_PASSWORD or DEFAULT_DEMO_PASSWORD
        with transaction.atomic():
            users = self._seed(password)
        # Each app that has demo data of its own seeds it in its command (no import from here).
        call_command("seed_cases_demo", stdout=self.stdout)
        call_command("seed_navigator_demo", stdout=self.stdout)
        call_command("seed_portal_demo", stdout=self.stdout)
        call_command("seed_partners_demo", stdout=self.stdout)
        call_command("seed_referrals_demo", stdout=self.stdout)
        call_command("seed_reporting_demo", stdout=self.stdout)
        self._print_logins(users, password)

    def _seed(self, password: str) -> list[User]:
        locations = {}
        for slug, name, city in LOCATIONS:
            locations[slug], _ = Location.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "city": city, "is_active": True, **LOCATION_CONTACTS[slug]},
            )
        organisations = {}
        for org in ORGANISATIONS:
            organisations[org.slug], _ = Organisation.objects.update_or_create(
                slug=org.slug,
                defaults={
                    "name": org.name,
                    "short_name": org.short_name,
                    "kind": org.kind,
                    "is_lead": org.is_lead,
                    "is_public_body": org.is_public_body,
                    "is_active": True,
                    **(LEAD_CONTACT if org.is_lead else {}),
                },
            )
        org_locations = {org.slug: org.locations for org in ORGANISATIONS}
        password_hash = make_password(password)  # hashed once: seeding stays fast
        admin_permissions = list(
            Permission.objects.filter(content_type__app_label__in=ADMIN_PERMISSION_APPS)
        )
        users = []
        for spec in demo_users():
            user, _ = User.objects.update_or_create(
                username=spec.username,
                defaults={
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "email": f"{spec.username}@demo.welcome-rheinisches-revier.invalid",
                    "is_demo": True,
                    "is_active": True,
                    "is_staff": spec.is_staff,
                    "is_superuser": False,
                    "password": password_hash,
                },
            )
            if spec.is_staff:
                user.user_permissions.set(admin_permissions)
            for org_slug, role in spec.memberships:
                membership, _ = Membership.objects.update_or_create(
                    user=user,
                    organisation=organisations[org_slug],
                    defaults={"role": role, "is_active": True},
                )
                membership.locations.set([locations[s] for s in org_locations[org_slug]])
            users.append(user)
        return users

    def _print_logins(self, users: list[User], password: str) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready. Demo logins (second factor optional in demo mode):"
            )
        )
        for user in users:
            roles = ", ".join(
                f"{m.get_role_display()} @ {m.organisation.slug}"
                for m in user.memberships.select_related("organisation")
            )
            self.stdout.write(f"  {user.username:<24} {roles}")
        self.stdout.write(f"Password for all demo users: {password}")
