"""The staff area's API token pages: each user lists, creates and revokes their own tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wcr.accounts.access import staff_required
from wcr.accounts.models import ApiToken
from wcr.api.access import access_api_token
from wcr.api.forms import ApiTokenForm
from wcr.api.tokens import ApiTokenInputError, api_token_create, api_token_revoke, api_tokens_of
from wcr.core.request import WcrRequest


@staff_required()
@require_http_methods(["GET", "POST"])
def token_list(request: WcrRequest) -> HttpResponse:
    """The user's tokens and a form for a new one. The new token's plain text is in the answer
    to the POST only: it is stored nowhere, so it cannot be shown again."""
    membership = request.membership
    if membership is None:  # pragma: no cover (staff_required)
        raise Http404
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    created: ApiToken | None = None
    plain = ""
    if form.is_valid():
        try:
            created, plain = api_token_create(
                actor=request.user,
                membership=membership,
                scope=ApiToken.Scope(form.cleaned_data["scope"]),
                days=form.cleaned_data["days"],
                name=form.cleaned_data["name"],
            )
        except ApiTokenInputError as error:  # pragma: no cover (the form checks the same)
            form.add_error(error.field, str(error))
        else:
            form = ApiTokenForm()
    status = 400 if form.errors else 200
    return render(
        request,
        "staff/api_tokens.html",
        {
            "tokens": api_tokens_of(request.user),
            "form": form,
            "created": created,
            "plain": plain,
        },
        status=status,
    )


@staff_required()
@require_http_methods(["GET", "POST"])
def token_revoke(request: WcrRequest, code: str) -> HttpResponse:
    """Asks to confirm (GET), then revokes (POST) one of the user's own tokens."""
    token = access_api_token(request, code)
    if request.method == "POST":
        if token.status() == ApiToken.Status.ACTIVE:
            api_token_revoke(actor=request.user, token=token)
            messages.success(
                request,
                _("The token %(prefix)s was revoked. It no longer works.")
                % {"prefix": f"wcr_{token.prefix}_…"},
            )
        else:
            messages.info(request, _("This token is no longer active; nothing was changed."))
        return redirect("api_tokens:list")
    return render(request, "staff/api_token_revoke.html", {"token": token})
