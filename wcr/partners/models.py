"""The cooperation-partner directory: who else can help, with the fields of the Open Referral
HSDS model where they fit (organization → ``Partner``, service → ``PartnerService``, location →
``PartnerLocation``, contact → ``PartnerContact``; service areas as municipalities).

Directory entries are network-wide data, not one organisation's: they carry no
``organisation`` key. Each entry says where its facts come from (``source``) and how sure they
are (``confidence``, the reference's labels), and when a person last checked it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wcr.core.models import PublicModel
from wcr.region.models import Confidence

# An entry unchecked for longer than this is flagged in the staff list.
CHECK_INTERVAL_DAYS = 365


class PartnerKind(models.TextChoices):
    ZFE = "zfe", _("Central foreigners' office (ZFE)")
    FOREIGNERS_OFFICE = "foreigners_office", _("Foreigners' office")
    EMPLOYMENT_AGENCY = "employment_agency", _("Employment agency")
    JOBCENTER = "jobcenter", _("Job centre")
    RECOGNITION_BODY = "recognition_body", _("Recognition body")
    RECOGNITION_COUNSELLING = "recognition_counselling", _("Recognition and IQ counselling")
    MBE = "mbe", _("Migration counselling for adults (MBE)")
    JMD = "jmd", _("Youth migration service (JMD)")
    INTEGRATION_CENTRE = "integration_centre", _("Integration centre")
    CHAMBER = "chamber", _("Chamber")
    WELCOME_CENTRE = "welcome_centre", _("Welcome centre or other network")
    OTHER = "other", _("Other")


class PartnerQuerySet(models.QuerySet["Partner"]):
    def active(self) -> PartnerQuerySet:
        return self.filter(active=True)

    def with_details(self) -> PartnerQuerySet:
        """Everything a list or an API page shows, in a fixed number of queries."""
        return self.select_related("checked_by").prefetch_related(
            "topics",
            "municipalities",
            models.Prefetch("services", PartnerService.objects.prefetch_related("topics")),
            "locations",
            "contacts",
        )


class Partner(PublicModel):
    """A cooperation partner (HSDS organization): an authority, a chamber or a service."""

    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_("Stable key of the entry in the directory's data file."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=PartnerKind.choices)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), max_length=400, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    topics = models.ManyToManyField(
        "cases.Topic", blank=True, related_name="partners", verbose_name=_("topics")
    )
    municipalities = models.ManyToManyField(
        "region.Municipality",
        blank=True,
        related_name="partners",
        verbose_name=_("municipalities served"),
    )
    serves_all_nrw = models.BooleanField(_("serves all of North Rhine-Westphalia"), default=False)
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Language codes separated by commas, e.g. de, en, ar."),
    )
    source = models.TextField(_("source"))
    confidence = models.CharField(_("confidence"), max_length=12, choices=Confidence.choices)
    last_checked_on = models.DateField(_("last checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    # Set when a person edits the entry in the staff area: from then on the loader leaves it.
    edited_at = models.DateTimeField(_("edited in the staff area"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cooperation partner")
        verbose_name_plural = _("cooperation partners")

    def __str__(self) -> str:
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class PartnerService(PublicModel):
    """What a partner offers (HSDS service)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(
        "cases.Topic", blank=True, related_name="partner_services", verbose_name=_("topics")
    )
    eligibility = models.TextField(_("eligibility"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    fees = models.TextField(_("fees"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    url = models.URLField(_("web page"), max_length=400, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["partner", "position", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name


class PartnerLocation(PublicModel):
    """Where a partner can be found (HSDS location with its address and schedule as text)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name"), max_length=200, blank=True)
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["partner", "position", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or ", ".join(p for p in (self.street_address, self.city) if p)


class PartnerContact(PublicModel):
    """A named contact point of a partner (HSDS contact): a role or a person."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["partner", "role", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name or self.role
