"""Editing the portal's content pages and the privacy notice in the staff area (docs/portal-content.md):
the list of pages, a page's versions, a new draft from the latest version, the preview of a draft
in the public layout, publishing; and a new version of the network-wide privacy notice."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wcr.accounts.access import staff_required
from wcr.core.request import WcrRequest
from wcr.portal.access import access_content
from wcr.portal.content import (
    content_draft_save,
    content_publish,
    privacy_notice_version_create,
)
from wcr.portal.models import ContentPage, ContentVersion, PrivacyNotice
from wcr.portal.models.content import (
    CONTENT_LANGUAGES,
    MAX_BODY_CHARS,
    VersionState,
    page_languages,
)
from wcr.portal.models.notices import VERSION_PATTERN
from wcr.portal.views import page_response


def language_names() -> dict[str, str]:
    return {
        code: str(translation.get_language_info(code)["name_translated"])
        for code in CONTENT_LANGUAGES
    }


def _page(slug: str) -> ContentPage:
    page = ContentPage.objects.filter(slug=slug).first()
    if page is None:
        raise Http404
    return page


def _version(page: ContentPage, number: str) -> ContentVersion:
    if not number.isdigit():
        raise Http404
    version = page.versions.filter(number=int(number)).first()
    if version is None:
        raise Http404
    return version


@staff_required()
@require_GET
def pages(request: WcrRequest) -> HttpResponse:
    access_content(request)
    rows = []
    for page in ContentPage.objects.prefetch_related("versions"):
        versions = sorted(page.versions.all(), key=lambda v: -v.number)
        published = next((v for v in versions if v.is_published), None)
        rows.append(
            {"page": page, "published": published, "latest": versions[0] if versions else None}
        )
    # gate: the network-wide privacy notices are public texts
    notice = PrivacyNotice.objects.network().first()
    return render(request, "portal/staff/content_pages.html", {"rows": rows, "notice": notice})


@staff_required()
@require_GET
def page_detail(request: WcrRequest, slug: str) -> HttpResponse:
    access_content(request)
    page = _page(slug)
    versions = list(page.versions.order_by("-number"))
    published = next((v for v in versions if v.is_published), None)
    context = {
        "page": page,
        "versions": versions,
        "published": published,
        "languages": {
            code: name for code, name in language_names().items() if code in page_languages(slug)
        },
    }
    return render(request, "portal/staff/content_page.html", context)


@staff_required()
@require_http_methods(["GET", "POST"])
def page_edit(request: WcrRequest, slug: str) -> HttpResponse:
    membership = access_content(request)
    page = _page(slug)
    latest = page.latest()
    languages = {
        code: name for code, name in language_names().items() if code in page_languages(slug)
    }
    bodies = {code: str(latest.bodies.get(code, "")) if latest else "" for code in languages}
    to_review = list(latest.to_review) if latest else []
    errors: dict[str, str] = {}
    if request.method == "POST":
        bodies = {code: request.POST.get(f"body_{code}", "") for code in languages}
        to_review = [code for code in request.POST.getlist("to_review") if code in languages]
        if not bodies["de"].strip():
            errors["de"] = _(
                "German: the German text is required (the other languages fall back to it)."
            )
        for code, text in bodies.items():
            if len(text) > MAX_BODY_CHARS:
                errors[code] = _("%(language)s: at most %(n)d characters, please.") % {
                    "language": languages[code],
                    "n": MAX_BODY_CHARS,
                }
        if not errors:
            version = content_draft_save(
                actor=membership.user, page=page, bodies=bodies, to_review=to_review
            )
            messages.success(
                request,
                _("Draft version %(number)d saved. Check the preview, then publish it.")
                % {"number": version.number},
            )
            return redirect("content:page", slug=page.slug)
    context = {
        "page": page,
        "latest": latest,
        "fields": [
            {
                "code": code,
                "name": name,
                "body": bodies[code],
                "error": errors.get(code, ""),
                "to_review": code in to_review,
            }
            for code, name in languages.items()
        ],
        "errors": errors,
        "max_chars": MAX_BODY_CHARS,
    }
    return render(request, "portal/staff/content_edit.html", context, status=400 if errors else 200)


@staff_required()
@require_GET
def page_preview(request: WcrRequest, slug: str, number: str) -> HttpResponse:
    """A version in the public layout, marked "Preview", in the language asked for (``?sprache=``)."""
    access_content(request)
    page = _page(slug)
    version = _version(page, number)
    language = request.GET.get("sprache", "de")
    if language not in CONTENT_LANGUAGES:
        language = "de"
    back = reverse("content:page", kwargs={"slug": slug})
    with translation.override(language):
        response = page_response(request, slug, version, {"preview": True, "back_url": back})
    response["X-Robots-Tag"] = "noindex"
    return response


@staff_required()
@require_POST
def page_publish(request: WcrRequest, slug: str, number: str) -> HttpResponse:
    membership = access_content(request)
    page = _page(slug)
    version = _version(page, number)
    published = page.published()
    if version.state != VersionState.DRAFT or (published and published.number > version.number):
        messages.error(
            request, _("Only a draft newer than the published version can be published.")
        )
        return redirect("content:page", slug=slug)
    content_publish(actor=membership.user, version=version)
    messages.success(request, _("Version %(number)d is published.") % {"number": version.number})
    return redirect("content:page", slug=slug)


def _notice_errors(
    version: str, published_on: str, bodies: dict[str, str]
) -> tuple[dict[str, str], datetime.date | None]:
    errors: dict[str, str] = {}
    day: datetime.date | None = None
    if not re.fullmatch(VERSION_PATTERN, version):
        errors["version"] = _("Version: please use numbers like 2 or 2.1.")
    # gate: the network-wide privacy notices are public texts
    elif PrivacyNotice.objects.network().filter(version=version).exists():
        errors["version"] = _(
            "Version: this version exists already; published versions are never changed."
        )
    try:
        day = datetime.date.fromisoformat(published_on)
    except ValueError:
        errors["published_on"] = _("Publication date: please enter a date (YYYY-MM-DD).")
    else:
        if day < timezone.localdate():
            errors["published_on"] = _("Publication date: today or later, please.")
    if not bodies.get("de", "").strip():
        errors["body_de"] = _(
            "German: the German text is required (the other languages fall back to it)."
        )
    for code, text in bodies.items():
        if len(text) > MAX_BODY_CHARS:
            errors[f"body_{code}"] = _("%(language)s: at most %(n)d characters, please.") % {
                "language": language_names()[code],
                "n": MAX_BODY_CHARS,
            }
    return errors, day


@staff_required()
@require_http_methods(["GET", "POST"])
def notices(request: WcrRequest) -> HttpResponse:
    """The versions of the network-wide privacy notice and a form for the next one."""
    membership = access_content(request)
    # gate: the network-wide privacy notices are public texts
    existing = list(PrivacyNotice.objects.network().order_by("-published_on", "-id"))
    data: dict[str, Any] = {"version": "", "published_on": timezone.localdate().isoformat()}
    bodies = {code: "" for code in CONTENT_LANGUAGES}
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = {key: request.POST.get(key, "").strip() for key in ("version", "published_on")}
        bodies = {code: request.POST.get(f"body_{code}", "") for code in CONTENT_LANGUAGES}
        errors, day = _notice_errors(data["version"], data["published_on"], bodies)
        if not errors and day is not None:
            notice = privacy_notice_version_create(
                actor=membership.user, version=data["version"], published_on=day, bodies=bodies
            )
            messages.success(
                request,
                _("Version %(version)s of the privacy notice saved; in force from %(date)s.")
                % {"version": notice.version, "date": day.strftime("%d.%m.%Y")},
            )
            return redirect("content:notices")
    context = {
        "notices": existing,
        "data": data,
        "fields": [
            {
                "code": code,
                "name": name,
                "body": bodies[code],
                "error": errors.get(f"body_{code}", ""),
            }
            for code, name in language_names().items()
        ],
        "errors": errors,
    }
    return render(
        request, "portal/staff/privacy_notices.html", context, status=400 if errors else 200
    )
