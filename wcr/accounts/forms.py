"""The staff login form: allauth's, with the login field made for user names."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm
from django.utils.translation import gettext_lazy as _


class StaffLoginForm(LoginForm):  # type: ignore[misc]  # allauth ships no types
    """Staff sign in with their user name (or their email address): allauth marks a field that
    takes both ``autocomplete="email"``, so password managers offered the wrong entry."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("User name or email")
        login.widget.attrs["autocomplete"] = "username"
        login.widget.attrs.pop("placeholder", None)  # the label says it
