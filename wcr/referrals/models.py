"""Consent records and referrals.

A consent is a record, not a yes/no field (ISO/IEC TS 27560, W3C DPV): who agreed to what, for
whom, on which notice text (version, language, hash), through which channel, recorded by whom,
until when; withdrawal is a state of the record, not its deletion, and a new consent supersedes
the old one. A referral hands a case to another network organisation (shared or transferred) or
refers the person to a partner of the directory; what it makes visible is a ``cases.CaseShare``
created and ended through the cases app's services.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wcr.core.models import PublicModel


class ConsentPurpose(models.Model):
    """A purpose consent is asked for (data: a network may configure its own)."""

    SHARE_WITH_ORGANISATION = "share_with_organisation"
    SIX_MONTH_FOLLOW_UP = "six_month_follow_up"

    slug = models.SlugField(_("short code"), max_length=60, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    needs_recipient = models.BooleanField(_("names a recipient organisation"), default=False)
    # Months until a consent for this purpose expires; none: valid until withdrawn.
    valid_months = models.PositiveSmallIntegerField(_("valid for (months)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("consent purpose")
        verbose_name_plural = _("consent purposes")

    def __str__(self) -> str:
        return self.name_de if (get_language() or "de").startswith("de") else self.name_en


class ConsentNotice(models.Model):
    """The text a person was shown when asked for consent: one per purpose, version, language."""

    purpose = models.ForeignKey(ConsentPurpose, on_delete=models.PROTECT, related_name="notices")
    version = models.CharField(_("version"), max_length=20)
    language = models.CharField(_("language"), max_length=8)
    text = models.TextField(_("text"))
    published_on = models.DateField(_("published on"))

    class Meta:
        ordering = ["purpose", "-published_on", "language"]
        verbose_name = _("consent notice")
        verbose_name_plural = _("consent notices")
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "version", "language"], name="consent_notice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose.slug} {self.version} ({self.language})"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (Art. 6(1)(a) GDPR)")
    EXPLICIT_CONSENT = "explicit_consent", _("Explicit consent (Art. 9(2)(a) GDPR)")
    CONTRACT = "contract", _("Contract (Art. 6(1)(b) GDPR)")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (Art. 6(1)(c) GDPR)")
    PUBLIC_TASK = "public_task", _("Public task (Art. 6(1)(e) GDPR)")


class DataCategory(models.TextChoices):
    IDENTITY = "identity", _("Name and date of birth")
    CONTACT = "contact", _("Contact details")
    RESIDENCE = "residence", _("Residence status")
    QUALIFICATIONS = "qualifications", _("Qualifications")
    CASE_SUMMARY = "case_summary", _("Case summary")
    COUNSELLING_NOTES = "counselling_notes", _("Counselling contacts")
    DOCUMENTS = "documents", _("Documents")


class ConsentChannel(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form")
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone")


class ConsentStatus(models.TextChoices):
    GIVEN = "given", _("given")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn by the person")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired")


class Consent(PublicModel):
    person = models.ForeignKey(
        "cases.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    controller = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("controller"),
    )
    purpose = models.ForeignKey(
        ConsentPurpose, on_delete=models.PROTECT, related_name="+", verbose_name=_("purpose")
    )
    recipient = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    # A cooperation partner of the directory (an external referral) instead of a network
    # organisation.
    recipient_partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient (cooperation partner)"),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    notice = models.ForeignKey(
        ConsentNotice, on_delete=models.PROTECT, related_name="+", verbose_name=_("notice")
    )
    # Copied from the notice, so the record says what was shown even if a notice were edited.
    notice_version = models.CharField(_("notice version"), max_length=20)
    notice_language = models.CharField(_("notice language"), max_length=8)
    notice_sha256 = models.CharField(_("notice hash (SHA-256)"), max_length=64)
    data_categories = models.JSONField(_("data categories"), default=list)
    channel = models.CharField(_("channel"), max_length=20, choices=ConsentChannel.choices)
    evidence = models.ForeignKey(
        "cases.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence (signed form)"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ConsentStatus.choices, default=ConsentStatus.GIVEN
    )
    given_at = models.DateTimeField(_("given on"))
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_channel = models.CharField(
        _("withdrawn through"), max_length=20, choices=ConsentChannel.choices, blank=True
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["person", "status"], name="consent_person_status")]

    def __str__(self) -> str:
        return f"{self.purpose.slug} → {self.recipient_id or '-'} ({self.status})"

    @property
    def is_valid(self) -> bool:
        """Given, not withdrawn, not past its expiry."""
        if self.status != ConsentStatus.GIVEN:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


def valid_consent_condition() -> Q:
    now = timezone.now()
    return Q(status=ConsentStatus.GIVEN) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ReferralKind(models.TextChoices):
    INTERNAL = "internal", _("Share with a network organisation")
    TRANSFER = "transfer", _("Transfer to a network organisation")
    EXTERNAL = "external", _("Refer to a cooperation partner")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("sent, waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")
    UNSUCCESSFUL = "unsuccessful", _("unsuccessful")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired without an answer")


OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class ExternalBasis(models.TextChoices):
    CONSENT = "consent", _("the person's consent: we send the letter")
    PERSON_HANDS_OVER = (
        "person_hands_over",
        _("the person takes the letter to the partner themselves (no data leaves us)"),
    )


class LetterField(models.TextChoices):
    """What an external referral's letter may name about the person (only the fields chosen)."""

    NAME = "name", _("Name")
    BIRTH_DATE = "birth_date", _("Date of birth")
    CONTACT = "contact", _("Email and phone")
    NATIONALITY = "nationality", _("Nationalities")
    RESIDENCE = "residence", _("Residence status")
    QUALIFICATIONS = "qualifications", _("Qualifications")
    LANGUAGE = "language", _("Preferred language")


class ReferralOutcome(models.TextChoices):
    # After findhelp's outcomes (shared/reference/booking-referrals-consent-reporting.md § B).
    GOT_HELP = "got_help", _("got help")
    ELIGIBLE = "eligible", _("eligible, in progress")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("referred elsewhere")
    NOT_ELIGIBLE = "not_eligible", _("not eligible")
    NO_CAPACITY = "no_capacity", _("no capacity")
    COULD_NOT_CONTACT = "could_not_contact", _("could not be contacted")
    NO_LONGER_INTERESTED = "no_longer_interested", _("no longer interested")


class Referral(PublicModel):
    kind = models.CharField(_("kind"), max_length=20, choices=ReferralKind.choices)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    from_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from"),
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to"),
    )
    to_partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to (cooperation partner)"),
    )
    external_basis = models.CharField(
        _("basis of the external referral"),
        max_length=20,
        choices=ExternalBasis.choices,
        blank=True,
    )
    letter_fields = models.JSONField(_("fields in the letter"), default=list)
    unsuccessful_reason = models.TextField(_("why it was unsuccessful"), blank=True)
    reason = models.TextField(_("reason"))
    topics = models.ManyToManyField(
        "cases.Topic", blank=True, related_name="+", verbose_name=_("topics")
    )
    with_contacts = models.BooleanField(_("with the counselling contacts"), default=False)
    documents = models.ManyToManyField(
        "cases.Document", blank=True, related_name="+", verbose_name=_("documents")
    )
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    override_justification = models.TextField(_("justification of the override"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    answer_due_on = models.DateField(_("answer due on"))
    reminded_at = models.DateTimeField(_("reminded on"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=ReferralOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("outcome in words"), blank=True)
    feedback = models.TextField(_("feedback received"), blank=True)
    share = models.ForeignKey(
        "cases.CaseShare", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["from_organisation", "status"], name="referral_from_status"),
            models.Index(fields=["to_organisation", "status"], name="referral_to_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id} → {self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        if self.to_organisation is not None:
            return self.to_organisation.name
        if self.to_partner is not None:
            return self.to_partner.name
        return ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
