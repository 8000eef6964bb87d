"""The work on a case: counselling contacts, procedures with milestones, checklists, tasks,
documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wcr.core.models import PublicModel

from .cases import Case, Topic
from .choices import ChecklistStatus, ContactChannel, language_label


class Contact(PublicModel):
    """One counselling contact, logged in seconds from the case page."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    happened_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    location = models.ForeignKey(
        "accounts.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    language = models.CharField(_("language"), max_length=8, default="de")
    interpreter = models.BooleanField(_("with interpreter"), default=False)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics"))
    note = models.TextField(_("note"), blank=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("counselling contact")
        verbose_name_plural = _("counselling contacts")
        indexes = [models.Index(fields=["case", "-happened_on"], name="contact_case_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=600),
                name="contact_duration_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.get_channel_display()}"

    @property
    def language_label(self) -> str:
        return language_label(self.language)


class Procedure(PublicModel):
    """A procedure started from a template (recognition, § 81a, visa, …) on a case."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="procedures")
    template = models.SlugField(_("template"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("started on"))

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return self.title


class Milestone(PublicModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="milestones")
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, null=True, blank=True, related_name="milestones"
    )
    key = models.SlugField(max_length=60)
    title = models.CharField(_("milestone"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # The deadline runs from the day the milestone ``after_key`` is done (or the procedure's
    # start for "start"): ``period_months``/``period_weeks``/``period_days`` later.
    after_key = models.SlugField(max_length=60, blank=True)
    period_months = models.PositiveSmallIntegerField(default=0)
    period_weeks = models.PositiveSmallIntegerField(default=0)
    period_days = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [
            models.Index(fields=["organisation", "done_on", "due_on"], name="milestone_open_due")
        ]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(PublicModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="checklist")
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, null=True, blank=True, related_name="checklist"
    )
    document_type = models.SlugField(max_length=60)
    title = models.CharField(_("document"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ChecklistStatus.choices, default=ChecklistStatus.MISSING
    )
    expires_on = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("document checklist")

    def __str__(self) -> str:
        return self.title


class Task(PublicModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("assignee"),
    )
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["assignee", "done_at", "due_on"], name="task_assignee_open")
        ]

    def __str__(self) -> str:
        return self.title


class Document(PublicModel):
    """An uploaded file, stored outside the web root and served only through the access gate."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    checklist_item = models.ForeignKey(
        ChecklistItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=100, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.original_name
