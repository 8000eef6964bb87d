"""Users, partner organisations, locations and memberships with roles."""

from __future__ import annotations

import datetime
import uuid
from urllib.parse import quote

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wcr.core.models import PublicModel


class User(AbstractUser):
    """A staff account. Clients (people, companies) are not users."""

    code = models.UUIDField(_("code"), default=uuid.uuid4, unique=True, editable=False)
    is_demo = models.BooleanField(_("demo account"), default=False)
    # Until this moment the user may set up their second factor after a password login. Set by
    # an administrator when the account is created or its second factor is reset.
    mfa_enrolment_deadline = models.DateTimeField(
        _("second factor set-up allowed until"), null=True, blank=True
    )
    preferred_language = models.CharField(_("preferred language"), max_length=8, default="de")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


# Case references read ``<prefix>-<year>-<number>`` (``KIA-2026-0042``); the prefix is the
# organisation's, 2 to 5 capital letters (see ``services.organisation_reference_prefix``).
REFERENCE_PREFIX_PATTERN = r"^[A-Z]{2,5}$"


class ContactDetails(models.Model):
    """Postal address, phone, email, web page and where they come from. Until the network has
    confirmed them (``contact_verified``), the public pages mark them "to be confirmed"."""

    address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("web page"), blank=True)
    contact_verified = models.BooleanField(
        _("contact data confirmed by the network"),
        default=False,
        help_text=_("Until then the public pages mark the contact data as to be confirmed."),
    )
    contact_source = models.TextField(
        _("source of the contact data"), blank=True, help_text=_("Web pages, one a line.")
    )
    contact_retrieved_on = models.DateField(_("contact data retrieved on"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def postal_address(self) -> str:
        """One line: ``Sandkaulbach 21, 52062 Aachen``."""
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.address, place) if part)

    @property
    def map_url(self) -> str:
        """A link to the address on OpenStreetMap (a link, never an embedded map)."""
        if not self.address:
            return ""
        return "https://www.openstreetmap.org/search?query=" + quote(self.postal_address, safe="")

    @property
    def phone_uri(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch in "+-")


class Organisation(ContactDetails, PublicModel):
    class Kind(models.TextChoices):
        CHAMBER_OF_CRAFTS = "chamber_of_crafts", _("Chamber of crafts")
        CHAMBER_OF_COMMERCE = "chamber_of_commerce", _("Chamber of commerce")
        CHAMBERS_ASSOCIATION = "chambers_association", _("Association of chambers")
        MUNICIPALITY = "municipality", _("Municipality or district")
        EMPLOYERS_ASSOCIATION = "employers_association", _("Employers' association")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("short code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    is_lead = models.BooleanField(_("lead partner"), default=False)
    # Counts for ESF+ indicator EECO18 (public administrations or services supported).
    is_public_body = models.BooleanField(_("public administration"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    # Empty until the first case is opened (then derived from the slug) unless the administrator
    # chose one; fixed once a case carries it.
    reference_prefix = models.CharField(
        _("case reference prefix"),
        max_length=5,
        blank=True,
        validators=[
            RegexValidator(
                REFERENCE_PREFIX_PATTERN,
                _("Case reference prefix: please use 2 to 5 capital letters (A–Z), e.g. KIA."),
            )
        ],
        help_text=_(
            "2 to 5 capital letters that begin the references of the organisation's cases "
            "(KIA-2026-0042). Left empty, it is derived from the short code when the first case "
            "is opened. It cannot be changed once a case has a reference."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["is_lead"], condition=Q(is_lead=True), name="organisation_one_lead_partner"
            ),
            models.UniqueConstraint(
                fields=["reference_prefix"],
                condition=~Q(reference_prefix=""),
                name="organisation_reference_prefix_unique",
                violation_error_message=_(
                    "Case reference prefix: another organisation already uses it."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Location(ContactDetails, PublicModel):
    """A WCR site (Aachen, Mönchengladbach, Neuss) where counselling takes place."""

    slug = models.SlugField(_("short code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    host = models.CharField(
        _("in the offices of"), max_length=200, blank=True, help_text=_("The partner hosting it.")
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        help_text=_("As the partner publishes them."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    TEAM_LEAD = "team_lead", _("Team lead")
    COORDINATOR = "coordinator", _("Network coordinator")
    DATA_PROTECTION = "data_protection", _("Data protection officer")
    ADMINISTRATOR = "administrator", _("Platform administrator")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, organisation__is_active=True, user__is_active=True)

    def for_org(self, organisation: Organisation) -> MembershipQuerySet:
        return self.filter(organisation=organisation)


class Membership(PublicModel):
    """A user's role in one organisation. Someone working for two partners has two."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    locations = models.ManyToManyField(Location, blank=True, related_name="memberships")
    is_active = models.BooleanField(_("active"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_per_user_and_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


# API tokens live 90 days unless their user chooses otherwise, and never more than a year.
API_TOKEN_DEFAULT_DAYS = 90
API_TOKEN_MAX_DAYS = 365
API_TOKEN_NAME_MAX_LENGTH = 100


def api_token_default_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=API_TOKEN_DEFAULT_DAYS)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self, *, now: datetime.datetime | None = None) -> ApiTokenQuerySet:
        """Not revoked, not expired, and its membership, organisation and user are still
        active."""
        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=now or timezone.now(),
            membership__is_active=True,
            membership__organisation__is_active=True,
            user__is_active=True,
            user=models.F("membership__user"),
        )

    def of_user(self, user: User) -> ApiTokenQuerySet:
        return self.filter(user=user)


class ApiToken(PublicModel):
    """A bearer token for the REST API, acting for one membership with its user's own rights.

    The token reads ``wcr_<prefix>_<secret>``: ``prefix`` names it (shown in lists and logs),
    and only the SHA-256 hash of the secret is stored, so a database copy yields no usable token.
    It expires (90 days by default, at most a year after it was made) and is either read-only
    or read-write.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("The organisation and role the token acts for."),
    )
    name = models.CharField(
        _("name"),
        max_length=API_TOKEN_NAME_MAX_LENGTH,
        blank=True,
        help_text=_("What the token is for."),
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("SHA-256 of the secret"), max_length=64, editable=False)
    scope = models.CharField(_("access"), max_length=8, choices=Scope.choices)
    expires_at = models.DateTimeField(_("expires at"), default=api_token_default_expiry)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=["read", "write"]), name="apitoken_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    expires_at__lte=models.F("created_at")
                    + datetime.timedelta(days=API_TOKEN_MAX_DAYS)
                ),
                name="apitoken_expires_within_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"wcr_{self.prefix}_… ({self.user})"

    def status(self, *, now: datetime.datetime | None = None) -> ApiToken.Status:
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    @property
    def read_only(self) -> bool:
        return self.scope == self.Scope.READ
