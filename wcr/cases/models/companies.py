"""Companies (KMU) counselled by the network."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wcr.core.models import PublicModel

from .choices import LegalForm, Sector

SME_STAFF_LIMIT = 250  # fewer than 250 staff: KMU (Recommendation 2003/361/EC, staff headcount)


class Company(PublicModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="companies"
    )
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(
        _("legal form"), max_length=10, choices=LegalForm.choices, default=LegalForm.OTHER
    )
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, default=Sector.OTHER
    )
    staff_count = models.PositiveIntegerField(_("number of staff"), null=True, blank=True)
    municipality = models.ForeignKey(
        "region.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seat"),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    search_keys = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        indexes = [models.Index(fields=["organisation", "name"], name="company_org_name")]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="company_name_not_empty")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sme(self) -> bool | None:
        """Fewer than 250 staff; ``None`` while the staff count is unknown."""
        if self.staff_count is None:
            return None
        return self.staff_count < SME_STAFF_LIMIT

    @property
    def chamber(self) -> object | None:
        """The chamber responsible for the company: crafts or commerce, by sector and seat."""
        if self.municipality is None:
            return None
        if self.sector == Sector.CRAFTS:
            return self.municipality.chamber_of_crafts
        return self.municipality.chamber_of_commerce


class CompanyContact(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name
