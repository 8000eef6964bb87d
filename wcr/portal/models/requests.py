"""Requests for counselling from the public portal, and the intake items that bring them to a
partner organisation's inbox.

A ``PortalRequest`` is what the requester sent, stored before anything else happens (routing,
mail), so that no request is lost. An ``IntakeItem`` puts it in one organisation's inbox; a
forward closes that item (``forwarded``) and opens one at the next organisation, so each
organisation sees its own history of the request. A request never accepted is deleted after
``PORTAL_REQUEST_RETENTION_DAYS`` (``wcr.portal.intake.requests_purge_expired``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wcr.core.models import PublicModel


class RequestKind(models.TextChoices):
    PERSON = "person", _("person (skilled worker, trainee, founder)")
    COMPANY = "company", _("company")


class RequestSector(models.TextChoices):
    CRAFTS = "crafts", _("crafts")
    INDUSTRY = "industry", _("industry")
    COMMERCE = "commerce", _("commerce")
    SERVICES = "services", _("services")
    HEALTH_CARE = "health_care", _("health and care")
    HOSPITALITY = "hospitality", _("hospitality")
    IT = "it", _("IT")
    AGRICULTURE = "agriculture", _("agriculture")
    OTHER = "other", _("other")


class RequestLink(models.TextChoices):
    """What the municipality of a request is to the requester: it links them to the region."""

    RESIDENCE = "residence", _("place of residence")
    COMPANY_SEAT = "company_seat", _("company seat")
    WORKPLACE = "workplace", _("planned workplace")
    TRAINING_PLACE = "training_place", _("training place")


class IntakeStatus(models.TextChoices):
    NEW = "new", _("new")
    ACCEPTED = "accepted", _("accepted (case opened)")
    FORWARDED = "forwarded", _("forwarded")
    DECLINED = "declined", _("declined")


class RequestReferenceCounter(models.Model):
    """The last request number given in a year (``WCR-2026-00042``); its row is locked while a
    number is taken."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("request reference counter")
        verbose_name_plural = _("request reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class PortalRequest(PublicModel):
    reference = models.CharField(_("reference"), max_length=24, unique=True, editable=False)
    kind = models.CharField(_("who asks"), max_length=10, choices=RequestKind.choices)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=RequestSector.choices, blank=True)
    email = models.EmailField(_("email"), max_length=254)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    country = models.CharField(_("country"), max_length=2, default="DE")
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    municipality = models.ForeignKey(
        "region.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    link = models.CharField(
        _("the municipality is the"), max_length=20, choices=RequestLink.choices
    )
    topics = models.ManyToManyField(
        "cases.Topic", related_name="portal_requests", verbose_name=_("topics")
    )
    message = models.TextField(_("message"), max_length=4000, blank=True)
    language = models.CharField(_("language"), max_length=5)
    privacy_notice = models.ForeignKey(
        "portal.PrivacyNotice",
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("privacy notice shown"),
    )
    # ``answers_to_request()`` of a navigator result the requester attached (or ``None``).
    navigator_result = models.JSONField(_("navigator result"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("portal request")
        verbose_name_plural = _("portal requests")
        indexes = [models.Index(fields=["received_at"], name="portal_request_received")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="person") | Q(kind="company"), name="portal_request_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def requester_label(self) -> str:
        name = " ".join(part for part in (self.given_name, self.family_name) if part)
        if self.kind == RequestKind.COMPANY:
            return f"{self.company_name} ({name})" if name else self.company_name
        return name


class IntakeItemQuerySet(models.QuerySet["IntakeItem"]):
    def for_org(self, organisation_id: int) -> IntakeItemQuerySet:
        return self.filter(organisation_id=organisation_id)


class IntakeItem(PublicModel):
    """A request in one organisation's inbox."""

    request = models.ForeignKey(PortalRequest, on_delete=models.CASCADE, related_name="intake")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="intake_items",
        verbose_name=_("organisation"),
    )
    location = models.ForeignKey(
        "accounts.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_items",
        verbose_name=_("location"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=IntakeStatus.choices, default=IntakeStatus.NEW
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    # The priority of the routing rule that sent it here (``None``: no rule, or a forward).
    rule_priority = models.PositiveIntegerField(_("routing rule"), null=True, blank=True)
    forwarded_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forwarded from"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )

    objects = IntakeItemQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("intake item")
        verbose_name_plural = _("intake items")
        indexes = [
            models.Index(
                fields=["organisation", "status", "-received_at"], name="intake_org_status"
            ),
        ]
        constraints = [
            # A request is open in one inbox at a time.
            models.UniqueConstraint(
                fields=["request"], condition=Q(status="new"), name="intake_one_open_per_request"
            ),
            models.CheckConstraint(
                condition=Q(status="new", decided_at__isnull=True)
                | (~Q(status="new") & Q(decided_at__isnull=False)),
                name="intake_decided_at_iff_decided",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.request_id} → {self.organisation_id} ({self.status})"
