"""What the API's audit events (tokens) say in words (see ``wcr.privacy.sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from wcr.accounts.models import ApiToken, Membership
from wcr.privacy.sentences import Field, Kind, model_field, register

TOKEN = {
    "user": Field(gettext_lazy("User"), refers="user"),
    "role": model_field(Membership, "role"),
}

register(
    Kind(
        "api_token.created",
        gettext_lazy("API token created"),
        gettext_lazy("API token created by %(actor)s"),
        TOKEN,
        lambda name: model_field(ApiToken, name),
    ),
    Kind(
        "api_token.revoked",
        gettext_lazy("API token revoked"),
        gettext_lazy("API token revoked by %(actor)s"),
        TOKEN,
        lambda name: model_field(ApiToken, name),
    ),
)
