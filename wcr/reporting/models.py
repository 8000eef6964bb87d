"""ESF+ participant data (``shared/specs/esf-indicators.md``).

One ``Participation`` per participant: the entry questionnaire copied from the person when it is
first saved and from then on independent of the person (later changes to the person change
nothing in it), the exit data, the six-month status. The items the indicators count are stored
as plain columns (``age_at_entry``, ``third_country``, the exit flags, ``complete``) so one SQL
aggregate computes the report; the Art. 9 items are sealed (``wcr/reporting/crypto.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wcr.accounts.models import Organisation, User
from wcr.cases.models import Case, Person
from wcr.core.models import PublicModel
from wcr.reporting import crypto, rules


class Gender(models.TextChoices):
    WOMAN = "f", _("woman")
    MAN = "m", _("man")
    NON_BINARY = "d", _("non-binary (diverse)")


class LabourStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("unemployed")
    LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("long-term unemployed")
    INACTIVE = "inactive", _("inactive (neither employed nor looking for work)")
    EMPLOYED = "employed", _("employed")
    SELF_EMPLOYED = "self_employed", _("self-employed")


class ExitSituation(models.TextChoices):
    JOB_SEARCHING = "job_searching", _("engaged in job searching")
    EDUCATION_TRAINING = "education_training", _("in education or training")
    QUALIFICATION_GAINED = "qualification_gained", _("gained a qualification")
    EMPLOYED = "employed", _("in employment")
    SELF_EMPLOYED = "self_employed", _("self-employed")


class Status6m(models.TextChoices):
    EMPLOYED = "employed", _("in employment")
    SELF_EMPLOYED = "self_employed", _("self-employed")
    NOT_EMPLOYED = "not_employed", _("not in employment")


class Source(models.TextChoices):
    CASE = "case", _("case in the workbench")
    IMPORT = "import", _("imported")


ISCED_CHOICES = [
    (0, _("ISCED 0 – early childhood education / no formal education")),
    (1, _("ISCED 1 – primary education")),
    (2, _("ISCED 2 – lower secondary education")),
    (3, _("ISCED 3 – upper secondary education")),
    (4, _("ISCED 4 – post-secondary non-tertiary education")),
    (5, _("ISCED 5 – short-cycle tertiary education")),
    (6, _("ISCED 6 – bachelor's or equivalent")),
    (7, _("ISCED 7 – master's or equivalent")),
    (8, _("ISCED 8 – doctoral or equivalent")),
]
MISSING_LABELS = {
    "gender": _("gender"),
    "date_of_birth": _("date of birth"),
    "labour_status": _("labour-market status"),
    "isced": _("ISCED level"),
}
EXIT_FLAGS = {
    "job_searching": "exit_job_searching",
    "education_training": "exit_education_training",
    "qualification_gained": "exit_qualification_gained",
    "employed": "exit_employed",
    "self_employed": "exit_self_employed",
}


def participant_minutes() -> int:
    """Minutes of counselling contacts from which a case marked as ESF+ participation counts its
    person as a participant; below, the person is one of the "other persons reached"."""
    return int(settings.ESF_PARTICIPANT_MIN_HOURS) * 60


class ParticipationQuerySet(models.QuerySet["Participation"]):
    def for_org(self, organisation: Organisation | int) -> ParticipationQuerySet:
        return self.filter(organisation=organisation)


class Participation(PublicModel):
    """A participant's ESF+ data as frozen at entry, plus exit and six-month data."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    case = models.OneToOneField(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    external_id = models.CharField(_("identifier in the source system"), max_length=64, blank=True)
    entry_date = models.DateField(_("entry date"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    labour_status = models.CharField(
        _("labour-market status at entry"), max_length=24, choices=LabourStatus.choices, blank=True
    )
    isced = models.PositiveSmallIntegerField(
        _("highest education (ISCED)"), choices=ISCED_CHOICES, null=True, blank=True
    )
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    municipality_ags = models.CharField(_("municipality (AGS)"), max_length=8, blank=True)
    foreign_background = models.BooleanField(_("foreign background"), null=True, blank=True)
    homeless = models.BooleanField(
        _("homeless or affected by housing exclusion"), null=True, blank=True
    )
    rural = models.BooleanField(_("lives in a rural area"), null=True, blank=True)
    # Disability and minority (GDPR Art. 9), sealed together; null when neither is stated.
    special_categories = models.BinaryField(null=True, blank=True, editable=False)
    # Derived at every save (services.participation_*), for the SQL aggregate and the worklists.
    age_at_entry = models.PositiveSmallIntegerField(null=True, editable=False)
    third_country = models.BooleanField(default=True, editable=False)
    complete = models.BooleanField(default=False, editable=False)
    entry_recorded_at = models.DateTimeField(_("entry data recorded at"), null=True, blank=True)
    entry_recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_job_searching = models.BooleanField(default=False)
    exit_education_training = models.BooleanField(default=False)
    exit_qualification_gained = models.BooleanField(default=False)
    exit_employed = models.BooleanField(default=False)
    exit_self_employed = models.BooleanField(default=False)
    exit_recorded_at = models.DateTimeField(_("exit data recorded at"), null=True, blank=True)
    status_6m = models.CharField(
        _("status six months after leaving"), max_length=16, choices=Status6m.choices, blank=True
    )
    status_6m_recorded_at = models.DateTimeField(null=True, blank=True)
    follow_up_mailed_at = models.DateTimeField(
        _("six-month follow-up mailed at"), null=True, blank=True
    )

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("ESF+ participation")
        verbose_name_plural = _("ESF+ participations")
        indexes = [
            models.Index(fields=["organisation", "entry_date"], name="participation_org_entry"),
            models.Index(fields=["organisation", "exit_date"], name="participation_org_exit"),
            models.Index(fields=["entry_date"], name="participation_entry"),
            models.Index(fields=["exit_date"], name="participation_exit"),
            # The report's two reads besides its aggregate, so that neither reads the whole
            # table: the incomplete participants (about 8 %), and the sealed Art. 9 items of
            # the complete ones, covered (index-only on PostgreSQL).
            models.Index(
                fields=["organisation", "entry_date"],
                condition=Q(complete=False),
                name="participation_incomplete_entry",
            ),
            models.Index(
                fields=["organisation", "exit_date"],
                condition=Q(complete=False),
                name="participation_incomplete_exit",
            ),
            models.Index(
                fields=["organisation", "entry_date"],
                include=["code", "gender", "special_categories"],
                condition=Q(complete=True, special_categories__isnull=False),
                name="participation_sealed_entry",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="participation_external_id_unique_per_org",
            ),
            models.CheckConstraint(
                condition=Q(isced__isnull=True) | Q(isced__lte=8), name="participation_isced_0_8"
            ),
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True) | Q(exit_date__gte=models.F("entry_date")),
                name="participation_exit_after_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"ESF+ {self.code}"

    # -- the Art. 9 items ------------------------------------------------------------------------

    def special(self) -> tuple[bool | None, bool | None]:
        """(disability, minority), each yes / no / not stated."""
        if not self.special_categories:
            return None, None
        plain = crypto.open_sealed(self.special_categories, context=str(self.code))
        return _flag(plain[0:1]), _flag(plain[1:2])

    def set_special(self, *, disability: bool | None, minority: bool | None) -> None:
        if disability is None and minority is None:
            self.special_categories = None
            return
        self.special_categories = crypto.seal(
            _byte(disability) + _byte(minority), context=str(self.code)
        )

    # -- derived columns -------------------------------------------------------------------------

    @property
    def exit_situation(self) -> list[str]:
        return [code for code, name in EXIT_FLAGS.items() if getattr(self, name)]

    def set_exit_situation(self, codes: list[str]) -> None:
        for code, name in EXIT_FLAGS.items():
            setattr(self, name, code in codes)

    def derive(self) -> None:
        """Recompute the columns the report counts from the stated items."""
        birth = self.date_of_birth
        self.age_at_entry = rules.age_on(birth, self.entry_date) if birth else None
        self.third_country = rules.third_country_national(self.nationalities or [])
        self.complete = not self.missing()

    def missing(self) -> list[str]:
        return rules.missing(self.as_rule_participant(special=False))

    @property
    def missing_labels(self) -> list[str]:
        return [str(MISSING_LABELS[name]) for name in self.missing()]

    def as_rule_participant(self, *, special: bool = True) -> rules.Participant:
        disability, minority = self.special() if special else (None, None)
        return rules.Participant(
            id=str(self.code),
            entry_date=self.entry_date,
            gender=self.gender or None,
            date_of_birth=self.date_of_birth,
            labour_status=self.labour_status or None,
            isced=self.isced,
            nationalities=tuple(self.nationalities or ()),
            foreign_background=self.foreign_background,
            disability=disability,
            minority=minority,
            homeless=self.homeless,
            rural=self.rural,
            exit_date=self.exit_date,
            exit_situation=tuple(self.exit_situation),
            status_6m=self.status_6m or None,
        )


def _flag(byte: bytes) -> bool | None:
    return {b"y": True, b"n": False}.get(byte)


def _byte(value: bool | None) -> bytes:
    return b"-" if value is None else (b"y" if value else b"n")
