"""People counselled by the network: international skilled workers, trainees, founders."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from wcr.core.models import PublicModel

from .choices import (
    CefrLevel,
    DatePrecision,
    Gender,
    NameKind,
    Occupation,
    QualificationLevel,
    RecognitionState,
    ResidenceStatus,
    Script,
    language_label,
)


class Person(PublicModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="persons"
    )
    given_name = models.CharField(_("given names (as in the passport)"), max_length=150)
    family_name = models.CharField(_("family name (as in the passport)"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, default=Gender.UNKNOWN
    )
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street = models.CharField(_("street and number"), max_length=150, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    municipality = models.ForeignKey(
        "region.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality of residence"),
    )
    country_of_residence = models.CharField(_("country of residence"), max_length=2, default="DE")
    residence_status = models.CharField(
        _("residence status"),
        max_length=20,
        choices=ResidenceStatus.choices,
        default=ResidenceStatus.UNKNOWN,
    )
    residence_expiry = models.DateField(_("residence title valid until"), null=True, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, default="de")
    # Space-padded skeleton keys of every name variant (see wcr.cases.names), kept by services.
    search_keys = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["organisation", "family_name"], name="person_org_family"),
            models.Index(fields=["organisation", "birth_date"], name="person_org_birth"),
            models.Index(fields=["email"], name="person_email"),
            models.Index(fields=["phone"], name="person_phone"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=False) | Q(birth_date_precision="unknown"),
                name="person_birth_date_or_unknown",
            )
        ]

    def __str__(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def birth_date_display(self) -> str:
        if self.birth_date is None:
            return "–"
        if self.birth_date_precision == DatePrecision.YEAR:
            return str(self.birth_date.year)
        if self.birth_date_precision == DatePrecision.MONTH:
            return formats.date_format(self.birth_date, "YEAR_MONTH_FORMAT")
        # In the reader's language: 14.03.1991, 14 Mar 1991.
        return formats.date_format(self.birth_date, "SHORT_DATE_FORMAT")


class PersonName(models.Model):
    """Another way the person's name is written: original script, other transliterations."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(_("kind"), max_length=20, choices=NameKind.choices)
    script = models.CharField(_("script"), max_length=10, choices=Script.choices)
    given_name = models.CharField(_("given names"), max_length=150, blank=True)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("name variant")
        verbose_name_plural = _("name variants")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class PersonLanguage(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language (ISO 639-1)"), max_length=3)
    level = models.CharField(_("level"), max_length=6, choices=CefrLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="person_language_once")
        ]

    def __str__(self) -> str:
        return f"{language_label(self.language)} {self.get_level_display()}"


class Qualification(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qualifications")
    title = models.CharField(_("qualification"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=QualificationLevel.choices)
    country = models.CharField(_("country where obtained"), max_length=2, blank=True)
    occupation = models.CharField(
        _("occupational field"), max_length=20, choices=Occupation.choices, default=Occupation.OTHER
    )
    recognition = models.CharField(
        _("recognition in Germany"),
        max_length=12,
        choices=RecognitionState.choices,
        default=RecognitionState.NONE,
    )
    regulated = models.BooleanField(_("regulated occupation"), null=True, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self) -> str:
        return self.title
