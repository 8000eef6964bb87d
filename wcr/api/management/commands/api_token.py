"""``python manage.py api_token USERNAME [--org CODE] [--days N] [--read-only] [--name TEXT]``: a
new API token with the user's own rights, read-write unless ``--read-only``, valid for 90 days
unless ``--days`` (at most 365) says otherwise. ``--revoke PREFIX`` revokes one instead.

Only the token goes to standard output (one line), so scripts can capture it; everything else
goes to standard error.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wcr.accounts.models import (
    API_TOKEN_DEFAULT_DAYS,
    API_TOKEN_MAX_DAYS,
    ApiToken,
    Membership,
    Organisation,
    User,
)
from wcr.api.tokens import ApiTokenInputError, api_token_create, api_token_revoke


class Command(BaseCommand):
    help = (
        "Prints a new API token for USERNAME, acting with the user's own rights for one "
        "organisation (--org, else the user's first active membership), read-write unless "
        f"--read-only, valid for {API_TOKEN_DEFAULT_DAYS} days unless --days says otherwise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--org", metavar="CODE", help="Code of the organisation the token acts for."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=API_TOKEN_DEFAULT_DAYS,
            metavar="N",
            help=f"Days the token is valid (1 to {API_TOKEN_MAX_DAYS}; "
            f"default {API_TOKEN_DEFAULT_DAYS}).",
        )
        parser.add_argument(
            "--read-only",
            action="store_true",
            help="The token may only read (GET); writing answers 403.",
        )
        parser.add_argument("--name", default="", help="What the token is for (shown in lists).")
        parser.add_argument(
            "--revoke",
            metavar="PREFIX",
            help="Instead: revoke the user's token wcr_PREFIX_… (the part after “wcr_”).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["revoke"]:
            self._revoke(options["username"], options["revoke"])
            return
        membership = self._membership(options["username"], options["org"])
        try:
            token, plain = api_token_create(
                actor=None,
                membership=membership,
                scope=ApiToken.Scope.READ if options["read_only"] else ApiToken.Scope.WRITE,
                days=options["days"],
                name=options["name"].strip(),
            )
        except ApiTokenInputError as error:
            raise CommandError(f"--{error.field}: {error}") from error
        self.stdout.write(plain)
        self.stderr.write(
            f"Token for {membership.user.get_username()} acting for "
            f"{membership.organisation.slug} as {membership.role}, "
            f"{'read-only' if token.read_only else 'read-write'}, valid until "
            f"{token.expires_at:%Y-%m-%d %H:%M} UTC; it is shown only now."
        )

    def _revoke(self, username: str, prefix: str) -> None:
        token = (
            ApiToken.objects.filter(user__username=username, prefix=prefix)
            .select_related("membership__organisation")
            .first()
        )
        if token is None:
            raise CommandError(f"The user “{username}” has no token “wcr_{prefix}_…”.")
        if token.revoked_at is not None:
            raise CommandError(f"The token “wcr_{prefix}_…” is already revoked.")
        api_token_revoke(actor=None, token=token)
        self.stderr.write(f"Revoked the token “wcr_{prefix}_…” of {username}.")

    def _membership(self, username: str, org: str | None) -> Membership:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named “{username}”.")
        if not user.is_active:
            raise CommandError(f"The user “{username}” is inactive.")
        memberships = (
            Membership.objects.filter(user=user)
            .select_related("user", "organisation")
            .order_by("organisation__name", "pk")
        )
        if org is None:
            membership = memberships.active().first()
            if membership is None:
                raise CommandError(f"The user “{username}” has no active membership.")
            return membership
        if not Organisation.objects.filter(slug=org).exists():
            raise CommandError(f"No organisation with the code “{org}”.")
        membership = memberships.filter(organisation__slug=org).first()
        if membership is None:
            raise CommandError(f"The user “{username}” has no membership in “{org}”.")
        if not membership.organisation.is_active:
            raise CommandError(f"The organisation “{org}” is inactive.")
        if not membership.is_active:
            raise CommandError(f"The membership of “{username}” in “{org}” is inactive.")
        return membership
