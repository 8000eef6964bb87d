"""Pages of the data protection officer: access log, audit trail, chain check."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wcr.accounts.access import staff_required, visible_organisation_ids
from wcr.accounts.models import Role
from wcr.core.request import WcrRequest
from wcr.privacy.chain import CHAINS, ExpectedHead, verify_chain
from wcr.privacy.models import AuditEvent
from wcr.privacy.selectors import access_log_entries

PAGE_SIZE = 50
MAX_HEADS_TEXT = 1000


@staff_required(Role.DATA_PROTECTION)
def access_log(request: WcrRequest) -> HttpResponse:
    query = request.GET.get("object", "").strip()
    entries = access_log_entries(visible_organisation_ids(request.membership), object_code=query)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/access_log.html", {"page": page, "query": query})


@staff_required(Role.DATA_PROTECTION)
def audit_trail(request: WcrRequest) -> HttpResponse:
    orgs = visible_organisation_ids(request.membership)
    entries = (
        # gate: limited to visible_organisation_ids (the privacy gate)
        AuditEvent.objects.filter(organisation_id__in=orgs)
        .select_related("organisation")
        .order_by("-seq")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/audit_trail.html", {"page": page})


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
