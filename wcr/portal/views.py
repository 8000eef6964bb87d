"""Public pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.validators import validate_email
from django.forms import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wcr.accounts.models import Location, Organisation
from wcr.core.public_cache import public_page
from wcr.portal.content import published_page, sections
from wcr.portal.content import render as render_markdown
from wcr.portal.feedback import accessibility_feedback_receive
from wcr.portal.models import ContentVersion, PrivacyNotice
from wcr.portal.models.content import PageSlug
from wcr.portal.models.notices import privacy_notice_in_force
from wcr.portal.ratelimit import retry_after

FEEDBACK_MAX_CHARS = 4000
PAGE_MAX_CHARS = 300


def page_title(slug: str) -> str:
    return str(PageSlug(slug).label)


def content_context(version: ContentVersion | None, *, cards: bool = False) -> dict[str, Any]:
    """What a content page's template needs: the body in the reader's language (or the fallback,
    marked with its own ``lang`` and ``dir``), split into intro and cards for the start page."""
    language = get_language() or "de"
    body_language = version.body_language(language) if version else language
    source = version.body(language) if version else ""
    bidi = get_language_info(body_language)["bidi"] if body_language != language else False
    context: dict[str, Any] = {
        "version": version,
        "body_language": body_language,
        "body_lang_attrs": body_language != language,
        "body_dir": "rtl" if bidi else "ltr",
    }
    if cards:
        context["intro"], context["cards"] = sections(source)
    else:
        context["body"] = render_markdown(source)
    return context


def page_response(
    request: HttpRequest,
    slug: str,
    version: ContentVersion | None,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """A content page with ``version`` (the published one, or a draft in the staff preview)."""
    context: dict[str, Any] = {"title": page_title(slug), "slug": slug}
    if slug == PageSlug.START:
        template = "portal/home.html"
        context |= {
            "locations": Location.objects.filter(is_active=True),
            "partners": Organisation.objects.filter(is_active=True).order_by("-is_lead", "name"),
        } | content_context(version, cards=True)
    else:
        template = TEMPLATES.get(slug, "portal/content_page.html")
        context |= content_context(version)
        if slug == PageSlug.IMPRINT:
            context["lead"] = Organisation.objects.filter(is_lead=True).first()
    return render(request, template, context | (extra or {}), status=status)


TEMPLATES = {
    PageSlug.ACCESSIBILITY.value: "portal/accessibility.html",
    PageSlug.IMPRINT.value: "portal/imprint.html",
}


def _content_page(
    request: HttpRequest, slug: str, extra: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    _page, version = published_page(slug)
    return page_response(request, slug, version, extra, status)


@public_page
def home(request: HttpRequest) -> HttpResponse:
    return _content_page(request, PageSlug.START)


@public_page
def topics(request: HttpRequest) -> HttpResponse:
    return _content_page(request, PageSlug.TOPICS)


@public_page
def counselling(request: HttpRequest) -> HttpResponse:
    return _content_page(request, PageSlug.COUNSELLING)


@public_page
def easy_language(request: HttpRequest) -> HttpResponse:
    return _content_page(request, PageSlug.EASY_LANGUAGE)


@public_page
def locations(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/locations.html", {"locations": Location.objects.filter(is_active=True)}
    )


def _privacy_page(request: HttpRequest, notice: PrivacyNotice | None) -> HttpResponse:
    in_force = privacy_notice_in_force()
    language = get_language() or "de"
    # gate: the published privacy notices are public texts, no personal data
    published = PrivacyNotice.objects.network().published()
    shown = {n.pk for n in (in_force, notice) if n is not None}
    versions = [v for v in published if v.pk not in shown]
    context = {
        "lead": Organisation.objects.filter(is_lead=True).first(),
        "notice": notice,
        "in_force": in_force,
        "body": notice.body(language) if notice else "",
        "body_language": notice.body_language(language) if notice else language,
        "versions": versions,
    }
    return render(request, "portal/privacy.html", context)


@public_page
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The notice in force, with its version and date, and the list of earlier versions."""
    return _privacy_page(request, privacy_notice_in_force())


@public_page
def privacy_notice_version(request: HttpRequest, version: str) -> HttpResponse:
    """One published version of the network-wide notice, at its own address."""
    # gate: the published privacy notices are public texts, no personal data
    notice = PrivacyNotice.objects.network().published().filter(version=version).first()
    if notice is None:
        raise Http404
    return _privacy_page(request, notice)


def _feedback_errors(message: str, email: str, page: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not message:
        errors["message"] = _("Message: please describe the barrier.")
    elif len(message) > FEEDBACK_MAX_CHARS:
        errors["message"] = _("Message: please write at most %(n)d characters (now %(count)d).") % {
            "n": FEEDBACK_MAX_CHARS,
            "count": len(message),
        }
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Email: please enter a valid email address, or leave it empty.")
    if len(page) > PAGE_MAX_CHARS:
        errors["page"] = _("Page: please enter at most %(n)d characters.") % {"n": PAGE_MAX_CHARS}
    return errors


@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement with its feedback form (BITV 2.0 § 7, BITVNRW § 5)."""
    data = {"message": "", "email": "", "page": request.GET.get("seite", "")[:PAGE_MAX_CHARS]}
    errors: dict[str, str] = {}
    status = 200
    wait: int | None = None
    if request.method == "POST":
        data = {key: request.POST.get(key, "").strip() for key in ("message", "email", "page")}
        wait = retry_after(request, scope="portal-feedback")
        if wait is not None:
            errors["form"] = _(
                "Too many messages from your connection. Please try again in %(minutes)d minutes."
            ) % {"minutes": max(1, wait // 60)}
            status = 429
        else:
            errors = _feedback_errors(**data)
            status = 400 if errors else 200
        if not errors:
            if not request.POST.get("website"):  # the honeypot: people leave it empty
                accessibility_feedback_receive(language=get_language() or "de", **data)
            messages.success(
                request, _("Thank you. Your message has been sent; we answer within two weeks.")
            )
            return redirect("portal:accessibility")
    response = _content_page(
        request,
        PageSlug.ACCESSIBILITY,
        {"form": data, "errors": errors, "max_chars": FEEDBACK_MAX_CHARS},
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(wait)
    return response


@public_page
def imprint(request: HttpRequest) -> HttpResponse:
    return _content_page(request, PageSlug.IMPRINT)
