"""Content pages of the public portal, edited by staff without a deployment (docs/portal-content.md).

A page (``start``, ``topics``, …) has a series of immutable versions; each holds a body per
language in restricted Markdown (``wcr.portal.content.render``). A version is written as a draft
and may be published once; the page shows its latest published version. Saving an edit always
creates a new version, so what was shown on a given day can be read back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wcr.portal.models.notices import NOTICE_LANGUAGES

CONTENT_LANGUAGES = NOTICE_LANGUAGES
MAX_BODY_CHARS = 40_000
FEEDBACK_RETENTION_DAYS = 365


class PageSlug(models.TextChoices):
    START = "start", _("Start page")
    TOPICS = "topics", _("Topics")
    COUNSELLING = "counselling", _("How counselling works")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")
    IMPRINT = "imprint", _("Imprint")
    EASY_LANGUAGE = "easy-language", _("Leichte Sprache")


# Leichte Sprache is German by definition: the page has one body, in German.
GERMAN_ONLY = frozenset({PageSlug.EASY_LANGUAGE.value})


def page_languages(slug: str) -> tuple[str, ...]:
    return ("de",) if slug in GERMAN_ONLY else CONTENT_LANGUAGES


class ContentPage(models.Model):
    slug = models.SlugField(_("page"), max_length=40, unique=True, choices=PageSlug.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")

    def __str__(self) -> str:
        return str(self.get_slug_display())

    def published(self) -> ContentVersion | None:
        """The version the public sees: the latest published one."""
        return self.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()

    def latest(self) -> ContentVersion | None:
        return self.versions.order_by("-number").first()


class VersionState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class ContentVersion(models.Model):
    """One version of a page; its bodies never change once written (an edit is a new version)."""

    page = models.ForeignKey(
        ContentPage, on_delete=models.CASCADE, related_name="versions", verbose_name=_("page")
    )
    number = models.PositiveIntegerField(_("version"))
    # Restricted Markdown per language: {"de": "...", "en": "..."}; a missing language falls back.
    bodies = models.JSONField(_("text per language"), default=dict)
    # Languages whose text was machine-assisted and still awaits review by a native speaker.
    to_review = models.JSONField(_("machine-assisted, to be reviewed"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=VersionState.choices, default=VersionState.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    author_label = models.CharField(_("written by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("written at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_by_label = models.CharField(_("published by"), max_length=150, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["page", "-number"]
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="content_version_once"),
            models.CheckConstraint(
                condition=Q(state="draft", published_at__isnull=True)
                | Q(state="published", published_at__isnull=False),
                name="content_version_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.page.slug} {self.number}"

    @property
    def is_published(self) -> bool:
        return self.state == VersionState.PUBLISHED

    def body_language(self, language: str) -> str:
        """The language of the text shown to a reader of ``language``: that one when the version
        has it, else German, else English (as ``PrivacyNotice.body_language``)."""
        for code in (language, "de", "en"):
            if str(self.bodies.get(code, "")).strip():
                return code
        return language

    def body(self, language: str) -> str:
        return str(self.bodies.get(self.body_language(language), ""))


class AccessibilityFeedback(models.Model):
    """A barrier reported through the accessibility statement's form (BITV 2.0 § 7, BITVNRW § 5).

    Personal data only when an email address is given; every report is deleted after
    ``FEEDBACK_RETENTION_DAYS`` (365) by ``manage.py portal_feedback_purge`` (daily)."""

    message = models.TextField(_("message"), max_length=4000)
    email = models.EmailField(_("email"), blank=True)
    page = models.CharField(_("page"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=8)
    created_at = models.DateTimeField(_("received at"), db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"
