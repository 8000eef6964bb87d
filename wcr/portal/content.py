"""Content pages: rendering restricted Markdown safely, and the services that write versions.

Bodies are CommonMark (``markdown-it-py``) with raw HTML switched off, so ``<script>`` typed into a
body arrives as text; the HTML produced is then cleaned by ``nh3`` (the Ammonia sanitiser) to a
small allow-list of tags, attributes and URL schemes. No images, no ``style``, no scripts, no
``javascript:`` links: the public pages keep their strict Content Security Policy. The reasons
are in docs/decisions.md, the editing guide in docs/portal-content.md.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

import nh3
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from wcr.accounts.models import Organisation, User
from wcr.core.public_cache import forget_public_pages
from wcr.portal.models import ContentPage, ContentVersion, PrivacyNotice
from wcr.portal.models.content import VersionState, page_languages
from wcr.privacy.services import audit_record

AUDIT_DRAFT_SAVED = "content.draft_saved"
AUDIT_PUBLISHED = "content.published"
AUDIT_NOTICE_CREATED = "privacy_notice.version_created"

TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "br", "blockquote", "code",
    "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
CLASSES = {
    "p": {"class": "kern-body"},
    "h2": {"class": "kern-heading-medium"},
    "h3": {"class": "kern-heading-small"},
    "h4": {"class": "kern-heading-small"},
    "ul": {"class": "kern-list kern-list--bullet"},
    "ol": {"class": "kern-list kern-list--number"},
    "a": {"class": "kern-link"},
}
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table")
_markdown.disable("image")


@lru_cache(maxsize=512)
def render(source: str) -> SafeString:
    """Restricted Markdown to clean HTML: a ``<script>`` or a ``javascript:`` link never survives.
    Kept per text in each process (a version's text never changes; an edit is a new text)."""
    html = _markdown.render(source)
    clean = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href", "title"}, "th": {"scope"}, "td": set()},
        url_schemes={"https", "http", "mailto", "tel"},
        set_tag_attribute_values=CLASSES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - cleaned by nh3 just above


@dataclass(frozen=True)
class Section:
    heading: str
    body: SafeString


def sections(source: str) -> tuple[SafeString, list[Section]]:
    """The text before the first ``## `` heading, and each ``## `` section after it (the start
    page shows the sections as cards)."""
    intro: list[str] = []
    parts: list[tuple[str, list[str]]] = []
    for line in source.splitlines():
        if line.startswith("## "):
            parts.append((line[3:].strip(), []))
        elif parts:
            parts[-1][1].append(line)
        else:
            intro.append(line)
    return render("\n".join(intro)), [
        Section(nh3.clean(heading, tags=set()), render("\n".join(lines)))
        for heading, lines in parts
    ]


def published_page(slug: str) -> tuple[ContentPage | None, ContentVersion | None]:
    page = ContentPage.objects.filter(slug=slug).first()
    return page, page.published() if page else None


def _lead() -> Organisation | None:
    return Organisation.objects.filter(is_lead=True).first()


def _label(user: User | None) -> str:
    return user.get_username() if user is not None else ""


def clean_bodies(slug: str, bodies: dict[str, str]) -> dict[str, str]:
    """The bodies of the page's languages, stripped; empty ones left out (they fall back)."""
    return {
        lang: bodies[lang].strip().replace("\r\n", "\n")
        for lang in page_languages(slug)
        if bodies.get(lang, "").strip()
    }


@transaction.atomic
def content_draft_save(
    *, actor: User, page: ContentPage, bodies: dict[str, str], to_review: list[str]
) -> ContentVersion:
    """A new draft version of ``page`` (the latest version's number + 1); audited."""
    latest = ContentVersion.objects.select_for_update().filter(page=page).order_by("-number")
    previous = latest.first()
    kept = clean_bodies(page.slug, bodies)
    version = ContentVersion.objects.create(
        page=page,
        number=(previous.number if previous else 0) + 1,
        bodies=kept,
        to_review=[lang for lang in to_review if lang in kept],
        author=actor,
        author_label=_label(actor),
        created_at=timezone.now(),
    )
    changed = sorted(
        lang
        for lang in set(kept) | set(previous.bodies if previous else {})
        if kept.get(lang) != (previous.bodies.get(lang) if previous else None)
    )
    audit_record(
        actor=actor,
        organisation=_lead(),
        action=AUDIT_DRAFT_SAVED,
        obj=version,
        changes={
            "page": {"old": None, "new": page.slug},
            "version": {"old": previous.number if previous else None, "new": version.number},
            "languages": {"old": None, "new": changed},
        },
    )
    return version


@transaction.atomic
def content_publish(*, actor: User, version: ContentVersion) -> ContentVersion:
    """Publish a draft; the page shows it from now on. A published version stays as it is."""
    version = ContentVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        return version
    before = version.page.published()
    version.state = VersionState.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor
    version.published_by_label = _label(actor)
    version.save(update_fields=["state", "published_at", "published_by", "published_by_label"])
    audit_record(
        actor=actor,
        organisation=_lead(),
        action=AUDIT_PUBLISHED,
        obj=version,
        changes={
            "page": {"old": None, "new": version.page.slug},
            "version": {"old": before.number if before else None, "new": version.number},
        },
    )
    # Readers see the new text at once, not after the public pages' cache time.
    transaction.on_commit(forget_public_pages)
    return version


class NoticeError(ValueError):
    """A new privacy notice version that cannot be stored; the message names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@transaction.atomic
def privacy_notice_version_create(
    *, actor: User, version: str, published_on: datetime.date, bodies: dict[str, str]
) -> PrivacyNotice:
    """A new version of the network-wide notice, rendered from restricted Markdown; a published
    version is never changed (a new one supersedes it on ``published_on``); audited."""
    kept = {lang: str(render(text)) for lang, text in clean_bodies("privacy", bodies).items()}
    notice = PrivacyNotice.objects.create(
        controller=None, version=version, published_on=published_on, bodies=kept
    )
    audit_record(
        actor=actor,
        organisation=_lead(),
        action=AUDIT_NOTICE_CREATED,
        obj=notice,
        changes={
            "version": {"old": None, "new": version},
            "published_on": {"old": None, "new": published_on.isoformat()},
            "languages": {"old": None, "new": sorted(kept)},
        },
    )
    transaction.on_commit(forget_public_pages)
    return notice
