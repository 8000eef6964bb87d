"""Pages of the data protection officer: access log, audit trail, chain check."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wcr.accounts.access import staff_required, visible_organisation_ids
from wcr.accounts.models import Organisation, Role
from wcr.core.request import WcrRequest
from wcr.privacy.chain import CHAINS, ExpectedHead, verify_chain
from wcr.privacy.forms import LogFilterForm, members_of
from wcr.privacy.models import AuditEvent
from wcr.privacy.selectors import (
    PURPOSE_OF,
    access_kinds,
    access_log_entries,
    access_rows,
    audit_rows,
)
from wcr.privacy.sentences import kinds

PAGE_SIZE = 50
MAX_HEADS_TEXT = 1000


def _filters(
    request: WcrRequest,
    orgs: list[int],
    *,
    kinds: list[tuple[str, str]],
    organisations: QuerySet[Organisation],
) -> LogFilterForm:
    return LogFilterForm(
        request.GET, users=members_of(orgs), organisations=organisations, kinds=kinds
    )


@staff_required(Role.DATA_PROTECTION)
def access_log(request: WcrRequest) -> HttpResponse:
    query = request.GET.get("object", "").strip()
    orgs = list(visible_organisation_ids(request.membership))
    # Readers of the organisation's records may act for any organisation (a referral).
    form = _filters(
        request, orgs, kinds=access_kinds(), organisations=Organisation.objects.order_by("name")
    )
    entries = form.apply(
        access_log_entries(orgs, object_code=query), kind=lambda k: {"purpose": PURPOSE_OF[k]}
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = access_rows(list(page.object_list))
    return render(
        request,
        "privacy/access_log.html",
        {
            "page": page,
            "rows": rows,
            "query": query,
            "form": form,
            "filtered": bool(query or form.valid_filters()),
        },
        status=400 if form.errors else 200,
    )


@staff_required(Role.DATA_PROTECTION)
def audit_trail(request: WcrRequest) -> HttpResponse:
    orgs = list(visible_organisation_ids(request.membership))
    form = _filters(
        request,
        orgs,
        kinds=[(action, str(k.label)) for action, k in kinds().items()],
        organisations=Organisation.objects.filter(pk__in=orgs).order_by("name"),
    )
    entries = (
        # gate: limited to visible_organisation_ids (the privacy gate)
        AuditEvent.objects.filter(organisation_id__in=orgs)
        .select_related("organisation", "actor")
        .order_by("-seq")
    )
    page = Paginator(form.apply(entries, kind=lambda k: {"action": k}), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = audit_rows(list(page.object_list))
    return render(
        request,
        "privacy/audit_trail.html",
        {"page": page, "rows": rows, "form": form, "filtered": bool(form.valid_filters())},
        status=400 if form.errors else 200,
    )


@staff_required(Role.DATA_PROTECTION)
@require_POST
def chain_check(request: WcrRequest) -> HttpResponse:
    """Verify both chains; optionally against heads mailed earlier (one ``CHAIN:SEQ:MAC`` a line),
    which finds a tail cut off together with the head."""
    expected: dict[str, ExpectedHead] = {}
    text = request.POST.get("expected_heads", "")
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            if len(text) > MAX_HEADS_TEXT:
                raise ValueError(text)
            head = ExpectedHead.parse(line)
        except ValueError:
            error = _("Each line of “Heads from an earlier mail” must read CHAIN:NUMBER:MAC.")
            return render(
                request,
                "privacy/chain_check.html",
                {"field_errors": {"expected_heads": error}},
                status=400,
            )
        expected[head.chain] = head
    results = [verify_chain(chain, expect=expected.get(chain)) for chain in CHAINS]
    return render(
        request,
        "privacy/chain_check.html",
        {"results": results, "expected": list(expected.values())},
    )
