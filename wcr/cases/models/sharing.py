"""Grants: a case shared with another network organisation.

The one model that extends who sees a case beyond its owner. Referrals (``wcr.referrals``) create
and end grants through ``services.case_share_grant`` / ``services.case_share_end``; the cases app
knows nothing of referrals, so the dependency stays one way. A grant is active while ``ended_at``
is empty and the case is not closed (``selectors.cases_visible_to``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wcr.core.models import PublicModel

from .cases import Case
from .work import Document


class ShareEnd(models.TextChoices):
    REVOKED = "revoked", _("revoked by the owner")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("consent withdrawn")
    CASE_CLOSED = "case_closed", _("case closed")
    TRANSFERRED = "transferred", _("case transferred")
    COMPLETED = "completed", _("referral completed")


class CaseShare(PublicModel):
    """The parts of one case another organisation may see, from ``granted_at`` until ended."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shared with"),
    )
    # The summary (the case, its person and company, procedures and milestones) is always part of
    # a grant; the counselling contacts and the documents only when chosen.
    with_contacts = models.BooleanField(_("counselling contacts"), default=False)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="shares", verbose_name=_("documents")
    )
    basis = models.CharField(_("granted for"), max_length=200, blank=True)
    granted_at = models.DateTimeField(_("granted at"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_reason = models.CharField(
        _("ended because"), max_length=20, choices=ShareEnd.choices, blank=True
    )

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("case share")
        verbose_name_plural = _("case shares")
        indexes = [
            models.Index(
                fields=["organisation", "case"],
                condition=Q(ended_at__isnull=True),
                name="case_share_active",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=Q(ended_at__isnull=True),
                name="case_share_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.organisation_id}"

    @property
    def active(self) -> bool:
        return self.ended_at is None
