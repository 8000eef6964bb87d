"""What the navigator keeps: only assessments a counsellor saved to a case. The public wizard
stores nothing (its answers live in the visitor's session)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wcr.core.models import PublicModel


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def for_org(self, organisation_id: int) -> AssessmentQuerySet:
        return self.filter(organisation_id=organisation_id)


class Assessment(PublicModel):
    """A navigator result saved to a case, with the facts it was computed from and the version
    of the knowledge base, so the advice given is on record as it was given."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="navigator_assessments"
    )
    facts = models.JSONField(_("facts"))
    result = models.JSONField(_("result"))
    kb_version = models.CharField(_("knowledge base version"), max_length=40)
    as_of = models.DateField(_("rules as of"))
    language = models.CharField(_("language"), max_length=5)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("navigator assessment")
        verbose_name_plural = _("navigator assessments")
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.created_at:%Y-%m-%d}"

    @property
    def fitting(self) -> list[dict[str, Any]]:
        return [p for p in self.result.get("pathways", []) if p["status"] != "not_eligible"]
