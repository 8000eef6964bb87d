"""Documents of a case: upload (type checked by content), download and removal."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wcr.accounts.access import staff_required
from wcr.cases import forms as case_forms
from wcr.cases import selectors, services
from wcr.cases.access import CASE_ROLES, access_case, access_case_part
from wcr.cases.models import ChecklistItem, Document
from wcr.cases.views._common import case_context
from wcr.core.request import WcrRequest


@staff_required(*CASE_ROLES)
@require_POST
def document_add(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=True)
    form = case_forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "cases/case_detail.html",
            case_context(request, case, upload_form=form),
            status=400,
        )
    item = None
    item_code = selectors._uuid_or_none(request.POST.get("checklist_item", ""))
    if item_code is not None:
        # gate: within the case that came through access_case
        item = ChecklistItem.objects.filter(case=case, code=item_code).first()
    try:
        services.document_upload(
            actor=request.user, case=case, upload=form.cleaned_data["file"], checklist_item=item
        )
    except services.InvalidUpload as problem:
        if str(problem) == "size":
            form.add_error("file", _("The file is too large (at most 10 MB)."))
        else:
            form.add_error(
                "file",
                _(
                    "This kind of file is not accepted: please upload a PDF, JPEG, PNG, DOCX or XLSX."
                ),
            )
        return render(
            request,
            "cases/case_detail.html",
            case_context(request, case, upload_form=form),
            status=400,
        )
    messages.success(request, _("The document was uploaded."))
    return redirect(reverse("cases:detail", kwargs={"code": case.code}) + "#documents")


@staff_required(*CASE_ROLES)
def document_download(request: WcrRequest, code: str) -> FileResponse | HttpResponseNotAllowed:
    document = access_case_part(request, Document.objects.all(), code)
    # The gate first, then the method: other organisations get 404 for every method.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    response = FileResponse(
        services.document_path(document).open("rb"),
        as_attachment=True,
        filename=services.document_download_name(document),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def document_remove(request: WcrRequest, code: str) -> HttpResponse:
    """Confirm, with a reason, and remove a document: counsellors and team leads of the case's
    own organisation (a case seen through a referral keeps its owner's documents)."""
    document = access_case_part(
        request, Document.objects.select_related("uploaded_by"), code, write=True
    )
    assert request.membership is not None
    if document.case.organisation_id != request.membership.organisation_id:
        raise Http404
    form = case_forms.DocumentRemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.document_remove(
            actor=request.user, document=document, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("The document “%(name)s” was removed.") % {"name": document.original_name},
        )
        return redirect(reverse("cases:detail", kwargs={"code": document.case.code}) + "#documents")
    return render(
        request,
        "cases/document_remove.html",
        {
            "document": document,
            "case": document.case,
            "type_label": services.document_type_label(document),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
