"""The network's area: districts, municipalities (AGS), postal codes and the authorities serving
each municipality. Loaded from ``wcr/region/data/*.csv``, each row with its sources."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    OFFICIAL = "OFF", _("official source")
    SECONDARY = "SEC", _("secondary sources")
    UNVERIFIED = "UNVERIFIED", _("unverified")


class Authority(models.Model):
    class Kind(models.TextChoices):
        CHAMBER_OF_CRAFTS = "chamber_of_crafts", _("Chamber of crafts")
        CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("Chamber of commerce")
        EMPLOYMENT_AGENCY = "employment_agency", _("Employment agency")
        FOREIGNERS_OFFICE = "foreigners_office", _("Foreigners' office")
        JOBCENTER = "jobcenter", _("Jobcenter")
        BEZIRKSREGIERUNG = "bezirksregierung", _("District government")

    slug = models.SlugField(_("id"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    url = models.URLField(_("web page"), max_length=400, blank=True)
    confidence = models.CharField(_("confidence"), max_length=12, choices=Confidence.choices)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A Kreis, the StädteRegion or a kreisfreie Stadt (first five digits of the AGS)."""

    ags = models.CharField(_("district key"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=120)
    regierungsbezirk = models.CharField(_("Regierungsbezirk"), max_length=40)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name

    @property
    def in_service_area(self) -> bool:
        return self.ags in settings.SERVICE_AREA_DISTRICTS


# The authorities serving a municipality (foreign keys of ``Municipality``).
AUTHORITY_FIELDS = (
    "chamber_of_crafts",
    "chamber_of_commerce",
    "employment_agency",
    "foreigners_office",
    "jobcenter",
    "bezirksregierung",
    "social_professions_authority",
)


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def with_overlays(self) -> MunicipalityQuerySet:
        return self.select_related("district", *AUTHORITY_FIELDS)

    def in_service_area(self) -> MunicipalityQuerySet:
        return self.filter(district__ags__in=settings.SERVICE_AREA_DISTRICTS)


def _authority(name: str, verbose: Any) -> models.ForeignKey[Authority | None, Authority | None]:
    return models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose,
    )


class Municipality(models.Model):
    ags = models.CharField(_("municipality key (AGS)"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=120)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="municipalities")
    chamber_of_crafts = _authority("chamber_of_crafts", _("chamber of crafts"))
    chamber_of_commerce = _authority("chamber_of_commerce", _("chamber of commerce"))
    employment_agency = _authority("employment_agency", _("employment agency"))
    foreigners_office = _authority("foreigners_office", _("foreigners' office"))
    jobcenter = _authority("jobcenter", _("Jobcenter"))
    bezirksregierung = _authority("bezirksregierung", _("district government"))
    social_professions_authority = _authority(
        "social_professions_authority", _("recognition of social professions")
    )
    # Slug of the nearest WCR location (a product decision, configurable as data).
    wcr_location = models.SlugField(_("WCR location"), max_length=40, blank=True)
    confidence = models.CharField(_("confidence"), max_length=12, choices=Confidence.choices)
    sources = models.TextField(_("sources"), blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    @property
    def in_service_area(self) -> bool:
        return self.district.in_service_area


class PostalCode(models.Model):
    """One postal code of one municipality; a code may belong to several municipalities."""

    code = models.CharField(_("postal code"), max_length=5, db_index=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="postal_codes"
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "municipality"], name="postal_code_once_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.municipality}"
