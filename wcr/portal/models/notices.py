"""Versioned privacy notices (GDPR Art. 13): one series of versions per controller.

A notice without a controller is the network-wide notice of the joint controllers, published by
the lead partner; it is the one the portal shows. The notice "in force" is the latest version
published on or before today. Requests and bookings record the version they were shown, and
``privacy_notice_check`` refuses an unknown or outdated version.
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# "1", "2", "2.1", "10.0.3": what a version may look like (also in URLs and the API).
VERSION_PATTERN = r"^[0-9]{1,4}(?:\.[0-9]{1,4}){0,2}$"
_VERSION = re.compile(VERSION_PATTERN)
NOTICE_LANGUAGES = ("de", "en", "ar", "uk", "tr")


class PrivacyNoticeQuerySet(models.QuerySet["PrivacyNotice"]):
    def network(self) -> PrivacyNoticeQuerySet:
        """The network-wide notices: no controller named, or the lead partner's."""
        return self.filter(Q(controller__isnull=True) | Q(controller__is_lead=True))

    def published(self) -> PrivacyNoticeQuerySet:
        return self.filter(published_on__lte=timezone.localdate())


class PrivacyNotice(models.Model):
    controller = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="privacy_notices",
        verbose_name=_("controller"),
        help_text=_("Empty: the network-wide notice of the joint controllers (the lead partner)."),
    )
    version = models.CharField(_("version"), max_length=16)
    published_on = models.DateField(_("published on"))
    # The rendered body (trusted HTML written by staff) per language: {"de": "...", "en": ...}.
    bodies = models.JSONField(_("text per language"), default=dict)

    objects = PrivacyNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        constraints = [
            models.UniqueConstraint(
                fields=["controller", "version"], name="privacy_notice_version_once"
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(controller__isnull=True),
                name="privacy_notice_network_version_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.published_on.isoformat()})"

    def body_language(self, language: str) -> str:
        """The language of the text shown to a reader of ``language``: that one when the notice
        has it, else German, else English (the page marks the text with its own ``lang``)."""
        for code in (language, "de", "en"):
            if self.bodies.get(code):
                return code
        return language

    def body(self, language: str) -> str:
        """The text in ``body_language(language)``; empty when the notice has none."""
        return str(self.bodies.get(self.body_language(language), ""))


def privacy_notice_in_force() -> PrivacyNotice | None:
    """The network-wide notice in force: the latest published one (``None`` before the first)."""
    return PrivacyNotice.objects.network().published().first()


def privacy_notice_check(version: object, *, in_force: PrivacyNotice | None = None) -> bool:
    """True only for the version of the notice in force; an unknown, outdated or malformed
    version (or one not published yet) is refused. ``in_force``: the notice in force, when the
    caller has already fetched it (saves the query)."""
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        return False
    if in_force is None:
        in_force = privacy_notice_in_force()
    return in_force is not None and in_force.version == version
