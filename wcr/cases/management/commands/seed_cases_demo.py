"""``manage.py seed_cases_demo``: the demo cases of every organisation (run by seed_demo)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wcr.accounts.models import Organisation
from wcr.cases.demo import seed_cases


class Command(BaseCommand):
    help = "Create the demo people, companies and cases of every organisation (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data only with DEBUG=true (make demo sets it).")
        with transaction.atomic():
            cases = sum(
                seed_cases(org, index=index)
                for index, org in enumerate(Organisation.objects.order_by("slug"))
            )
        self.stdout.write(f"Demo cases created: {cases}")
