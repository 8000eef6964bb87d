"""Cases: the counselling of a person, a company, or a company recruiting named people."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wcr.core.models import PublicModel

from .choices import CaseStatus, Channel, ClosingReason, Outcome


class Topic(models.Model):
    """A counselling topic (data, so another network can use its own)."""

    slug = models.SlugField(_("short code"), max_length=40, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name_de if (get_language() or "de").startswith("de") else self.name_en


class Case(PublicModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases"
    )
    # ``KIA-2026-0042``: the organisation's prefix, the year of opening, the organisation's
    # sequence in that year (``services.case_reference_block``); read out on the phone.
    reference = models.CharField(_("reference"), max_length=24, unique=True, editable=False)
    location = models.ForeignKey(
        "accounts.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("location"),
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("responsible counsellor"),
    )
    person = models.ForeignKey(
        "cases.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("person"),
    )
    company = models.ForeignKey(
        "cases.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("company"),
    )
    # A worker case belongs to the company's recruitment case; milestones are visible from both.
    recruitment_case = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker_cases",
        verbose_name=_("recruitment case"),
    )
    title = models.CharField(_("short description"), max_length=200, blank=True)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="cases", verbose_name=_("topics")
    )
    channel = models.CharField(
        _("came through"), max_length=20, choices=Channel.choices, default=Channel.OTHER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.CharField(
        _("closing reason"), max_length=20, choices=ClosingReason.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    esf_participant = models.BooleanField(_("ESF+ participant"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # The case lists filter by status or counsellor and show the newest first (``-opened_on,
        # -id``, the seek order of ``selectors.case_list_page``): each of these indexes yields
        # a page's rows in that order, so a page reads about its 50 rows, not the caseload.
        indexes = [
            models.Index(
                fields=["organisation", "status", "-opened_on", "-id"],
                name="case_org_status_opened",
            ),
            models.Index(
                fields=["organisation", "counsellor", "-opened_on", "-id"],
                name="case_org_counsellor_opened",
            ),
            models.Index(fields=["organisation", "location", "status"], name="case_org_location"),
            models.Index(fields=["organisation", "-opened_on", "-id"], name="case_org_opened"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(company__isnull=False),
                name="case_has_person_or_company",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="case_closed_on_iff_closed",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title or str(self.person or self.company)

    @property
    def client_label(self) -> str:
        parts = [str(p) for p in (self.company, self.person) if p is not None]
        return " / ".join(parts)


class CaseReferenceCounter(models.Model):
    """The last case number given in an organisation and year; its row is locked while a number
    is taken, so two cases opened at once get consecutive references."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case reference counter")
        verbose_name_plural = _("case reference counters")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="case_reference_counter_org_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last_number}"
