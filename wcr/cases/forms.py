"""Forms of the case workbench: validation only; the services change state."""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wcr.accounts.models import Location, Membership, Role, User
from wcr.cases.models import (
    Case,
    CaseStatus,
    Channel,
    ClosingReason,
    Company,
    ContactChannel,
    DatePrecision,
    Gender,
    Outcome,
    Person,
    Topic,
)
from wcr.cases.models.choices import (
    COUNSELLING_LANGUAGES,
    CefrLevel,
    LegalForm,
    Occupation,
    QualificationLevel,
    RecognitionState,
    ResidenceStatus,
    Script,
    Sector,
)
from wcr.cases.procedures import templates
from wcr.cases.selectors import Caseload
from wcr.core.dates import date_input_hint
from wcr.region.models import Municipality

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_GERMAN_POSTAL_CODE = re.compile(r"^[0-9]{5}$")
# Postal codes abroad: 2 to 10 ASCII letters, digits, spaces and hyphens, beginning and ending with
# a letter or digit (NL "6211 AB", PL "00-950", UK "SW1A 1AA"). The API's schema says the same.
FOREIGN_POSTAL_CODE_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,8}[A-Za-z0-9])$"
_FOREIGN_POSTAL_CODE = re.compile(FOREIGN_POSTAL_CODE_PATTERN)
# The scripts a native name's letters are recognised in (Unicode character names start so).
_SCRIPT_PREFIXES = (
    ("ARABIC", Script.ARABIC),
    ("CYRILLIC", Script.CYRILLIC),
    ("GREEK", Script.GREEK),
    ("LATIN", Script.LATIN),
)
LANGUAGES = COUNSELLING_LANGUAGES


class DateInput(forms.DateInput):
    """The browser's date picker, which sends ISO dates. Where a browser shows a plain text field
    instead, the placeholder names the language's input format, which the field takes."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", date_input_hint())
        return context


def postal_code_fits(code: str, country: str) -> bool:
    """A postal code as written in ``country``: five digits in Germany (``DE``); elsewhere
    letters, digits, spaces and hyphens."""
    pattern = _GERMAN_POSTAL_CODE if country == "DE" else _FOREIGN_POSTAL_CODE
    return bool(pattern.match(code))


def script_of(text: str) -> str:
    """The script of a name's letters: the first letter's, or ``other``."""
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            return next(
                (script for prefix, script in _SCRIPT_PREFIXES if name.startswith(prefix)),
                Script.OTHER,
            )
    return Script.OTHER


def parse_countries(value: str, field_label: str) -> list[str]:
    codes = [part.strip().upper() for part in re.split(r"[;,\s]+", value or "") if part.strip()]
    for code in codes:
        if not _COUNTRY.match(code):
            raise forms.ValidationError(
                _("“%(code)s” is not a two-letter country code (ISO 3166-1, e.g. SY, UA, TR)."),
                params={"code": code},
            )
    return codes


def assignable_staff(membership: Membership) -> QuerySet[User]:
    """The people cases and tasks can be given to: the active counsellors and team leads of the
    acting organisation. The data protection officer, the coordinator and the administrator do
    no casework and are never offered (one membership must carry both organisation and role)."""
    return User.objects.filter(
        memberships__organisation_id=membership.organisation_id,
        memberships__role__in=[Role.COUNSELLOR, Role.TEAM_LEAD],
        memberships__is_active=True,
        is_active=True,
    ).order_by("last_name", "username")


def focus_first_error(form: forms.Form) -> forms.Form:
    """Give the first field with an error ``autofocus``: a page that comes back with errors puts
    the reader (and the screen reader) at the first one."""
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["autofocus"] = True
            break
    return form


class VersionedForm(forms.Form):
    """Carries the version the user's edit is based on (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PersonForm(forms.Form):
    given_name = forms.CharField(label=_("Given names (as in the passport)"), max_length=150)
    family_name = forms.CharField(label=_("Family name (as in the passport)"), max_length=150)
    native_given_name = forms.CharField(
        label=_("Given names in the original script"), max_length=150, required=False
    )
    native_family_name = forms.CharField(
        label=_("Family name in the original script"), max_length=150, required=False
    )
    native_script = forms.ChoiceField(
        label=_("Original script"),
        choices=[("", "—"), *Script.choices],
        initial="",
        required=False,
        help_text=_("Left empty, it is taken from the letters of the name."),
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    birth_date_precision = forms.ChoiceField(
        label=_("How exact is the date of birth?"),
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
        help_text=_(
            "Choose “only the year known” when the passport shows a placeholder such as 01.01."
        ),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    nationalities = forms.CharField(
        label=_("Nationalities"),
        required=False,
        max_length=60,
        help_text=_("Two-letter country codes separated by commas, e.g. SY, TR"),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    postal_code = forms.CharField(
        label=_("Postal code"),
        required=False,
        max_length=10,
        help_text=_("Five digits in Germany; for an address abroad as written in that country"),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality of residence"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        to_field_name="ags",
    )
    country_of_residence = forms.CharField(
        label=_("Country of residence"),
        max_length=2,
        initial="DE",
        help_text=_("Two-letter code; DE when the person lives in Germany"),
    )
    residence_status = forms.ChoiceField(
        label=_("Residence status"),
        choices=ResidenceStatus.choices,
        initial=ResidenceStatus.UNKNOWN,
    )
    residence_expiry = forms.DateField(
        label=_("Residence title valid until"), required=False, widget=DateInput
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=LANGUAGES, initial="de"
    )

    def clean_nationalities(self) -> list[str]:
        return parse_countries(self.cleaned_data.get("nationalities", ""), "nationalities")

    def clean_country_of_residence(self) -> str:
        value: str = self.cleaned_data["country_of_residence"].strip().upper()
        if not _COUNTRY.match(value):
            raise forms.ValidationError(_("Please enter a two-letter country code, e.g. DE."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_postal_code(data)
        self._clean_native_script(data)
        birth = data.get("birth_date")
        precision = data.get("birth_date_precision")
        if birth and birth > timezone.localdate():
            self.add_error("birth_date", _("The date of birth lies in the future."))
        if birth and birth < datetime.date(1900, 1, 1):
            self.add_error("birth_date", _("Please check the year of birth."))
        if precision and precision != DatePrecision.UNKNOWN and not birth:
            self.add_error(
                "birth_date", _("Enter the date of birth, or choose “unknown” for its precision.")
            )
        if precision == DatePrecision.UNKNOWN and birth:
            data["birth_date_precision"] = (
                DatePrecision.DAY if birth.day != 1 or birth.month != 1 else DatePrecision.YEAR
            )
        return data

    def _clean_postal_code(self, data: dict[str, Any]) -> None:
        """Five digits for an address in Germany; abroad, the way postal codes are written."""
        code = (data.get("postal_code") or "").strip()
        data["postal_code"] = code
        country = data.get("country_of_residence")
        if not code or country is None:  # a bad country is reported on its own field
            return
        if not postal_code_fits(code, country) and country == "DE":
            self.add_error(
                "postal_code",
                _(
                    "A German postal code has five digits, e.g. 52062. For an address abroad, "
                    "change the country of residence."
                ),
            )
        elif not postal_code_fits(code, country):
            self.add_error(
                "postal_code", _("Please enter the postal code with letters and digits only.")
            )

    @staticmethod
    def _clean_native_script(data: dict[str, Any]) -> None:
        """No native name, no script; a native name without a chosen script gets its letters'."""
        given, family = data.get("native_given_name", ""), data.get("native_family_name", "")
        if not (given or family):
            data["native_script"] = ""
        elif not data.get("native_script"):
            data["native_script"] = script_of(given + family)

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, Any]:
        native = person.names.filter(kind="native").first()
        return {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "native_given_name": native.given_name if native else "",
            "native_family_name": native.family_name if native else "",
            "native_script": native.script if native else "",
            "birth_date": person.birth_date,
            "birth_date_precision": person.birth_date_precision,
            "gender": person.gender,
            "nationalities": ", ".join(person.nationalities),
            "email": person.email,
            "phone": person.phone,
            "postal_code": person.postal_code,
            "municipality": person.municipality.ags if person.municipality else None,
            "country_of_residence": person.country_of_residence,
            "residence_status": person.residence_status,
            "residence_expiry": person.residence_expiry,
            "preferred_language": person.preferred_language,
        }


class PersonEditForm(PersonForm, VersionedForm):
    pass


class CompanyForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=200)
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=LegalForm.choices, initial=LegalForm.GMBH
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    staff_count = forms.IntegerField(
        label=_("Number of staff"), required=False, min_value=0, max_value=1_000_000
    )
    municipality = forms.ModelChoiceField(
        label=_("Seat (municipality)"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        to_field_name="ags",
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class CompanyEditForm(CompanyForm, VersionedForm):
    pass


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Short description"), max_length=200, required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    channel = forms.ChoiceField(
        label=_("Came through"), choices=Channel.choices, initial=Channel.PHONE
    )
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.filter(is_active=True), to_field_name="slug"
    )
    counsellor = forms.ModelChoiceField(
        label=_("Responsible counsellor"),
        queryset=User.objects.none(),
        to_field_name="username",
        required=False,
    )
    esf_participant = forms.BooleanField(
        label=_("ESF+ participant"),
        required=False,
        help_text=_(
            "The person is counselled individually and can be asked for the ESF+ participant data."
        ),
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counsellor = cast("forms.ModelChoiceField[User]", self.fields["counsellor"])
        counsellor.queryset = assignable_staff(membership)


class CaseEditForm(CaseForm, VersionedForm):
    pass


class NewCaseForm(CaseForm):
    person = forms.UUIDField(required=False, widget=forms.HiddenInput)
    company = forms.UUIDField(required=False, widget=forms.HiddenInput)
    recruitment_case = forms.UUIDField(required=False, widget=forms.HiddenInput)


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    closing_reason = forms.ChoiceField(
        label=_("Closing reason"), choices=[("", "–"), *ClosingReason.choices], required=False
    )
    # Shown instead of "optional": the reason is required when, and only when, closing.
    closing_reason.required_when = _("required when closing")  # type: ignore[attr-defined]
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "–"), *Outcome.choices], required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == CaseStatus.CLOSED and not data.get("closing_reason"):
            self.add_error("closing_reason", _("Please give the reason for closing the case."))
        return data


class ContactForm(forms.Form):
    happened_on = forms.DateField(label=_("Date"), widget=DateInput)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=600, initial=30
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=ContactChannel.choices, initial=ContactChannel.IN_PERSON
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="de")
    interpreter = forms.BooleanField(label=_("With interpreter"), required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Short note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_happened_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["happened_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A contact cannot lie in the future."))
        return value


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=User.objects.none(), to_field_name="username"
    )

    def clean_due_on(self) -> datetime.date:
        """A new task is due today or later; tasks already overdue stay as they are."""
        value: datetime.date = self.cleaned_data["due_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(
                _("The date lies in the past. Please choose today or a later date.")
            )
        return value

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_on"].widget.attrs["min"] = timezone.localdate().isoformat()
        assignee = cast("forms.ModelChoiceField[User]", self.fields["assignee"])
        assignee.queryset = assignable_staff(membership)


class ProcedureForm(forms.Form):
    template = forms.ChoiceField(label=_("Procedure"), choices=())
    started_on = forms.DateField(label=_("Started on"), widget=DateInput)

    def __init__(self, *args: Any, language: str = "de", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["template"]).choices = [
            (slug, t.label(language)) for slug, t in templates().items()
        ]


# The earliest plausible completion date of a step of a procedure (the platform's records start
# later; an earlier date is a typing error).
EARLIEST_DONE_ON = datetime.date(2000, 1, 1)


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput)

    def clean_done_on(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["done_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A step cannot be done in the future."))
        if value < EARLIEST_DONE_ON:
            raise forms.ValidationError(_("Please enter a date from 1 January 2000 on."))
        return value


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG, PNG, DOCX, XLSX)"))


class DocumentRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for removing it"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit trail, e.g. “uploaded to the wrong case”."),
        error_messages={"required": _("Please say why the document is removed.")},
    )


def caseload_text(load: Caseload) -> str:
    """“3 open cases, 2 open tasks (1 overdue)”."""
    cases = ngettext("%(n)d open case", "%(n)d open cases", load.open_cases) % {
        "n": load.open_cases
    }
    tasks = ngettext("%(n)d open task", "%(n)d open tasks", load.open_tasks) % {
        "n": load.open_tasks
    }
    text = f"{cases}, {tasks}"
    if load.overdue_tasks:
        text += " " + _("(%(n)d overdue)") % {"n": load.overdue_tasks}
    return text


class AssignForm(forms.Form):
    counsellor = forms.ModelChoiceField(
        label=_("Responsible counsellor"),
        queryset=User.objects.none(),
        to_field_name="username",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        membership: Membership,
        caseloads: dict[int, Caseload] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[User]", self.fields["counsellor"])
        field.queryset = assignable_staff(membership)
        if caseloads is not None:
            self.show_caseloads(caseloads)

    def show_caseloads(self, caseloads: dict[int, Caseload]) -> None:
        """Each name with its caseload, so the choice shows who has room."""
        field = cast("forms.ModelChoiceField[User]", self.fields["counsellor"])
        field.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj} – {caseload_text(caseloads.get(obj.pk, Caseload()))}"
        )


class BulkAssignForm(AssignForm):
    """The inbox's assignment: one counsellor for the cases ticked in the list (their codes come
    as ``cases`` and are checked by the view through the gate)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[User]", self.fields["counsellor"])
        field.label = _("Assign to")
        field.empty_label = _("– please choose –")
        field.required = True
        field.error_messages["required"] = _("Please choose a counsellor of your organisation.")
        field.error_messages["invalid_choice"] = _(
            "Please choose a counsellor of your organisation."
        )


def case_initial(case: Case) -> dict[str, Any]:
    return {
        "title": case.title,
        "topics": [t.slug for t in case.topics.all()],
        "channel": case.channel,
        "location": case.location.slug if case.location else None,
        "counsellor": case.counsellor.username if case.counsellor else None,
        "esf_participant": case.esf_participant,
        "version": case.version,
    }


def company_initial(company: Company) -> dict[str, Any]:
    return {
        "name": company.name,
        "legal_form": company.legal_form,
        "sector": company.sector,
        "staff_count": company.staff_count,
        "municipality": company.municipality.ags if company.municipality else None,
        "email": company.email,
        "phone": company.phone,
        "website": company.website,
        "version": company.version,
    }


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    level = forms.ChoiceField(label=_("Level (CEFR)"), choices=CefrLevel.choices)


class QualificationForm(forms.Form):
    title = forms.CharField(
        label=_("Qualification"),
        max_length=200,
        help_text=_("As on the certificate, e.g. “Electrician (vocational diploma)”"),
    )
    level = forms.ChoiceField(label=_("Level"), choices=QualificationLevel.choices)
    country = forms.CharField(
        label=_("Country where obtained"), max_length=2, help_text=_("Two-letter code, e.g. SY")
    )
    occupation = forms.ChoiceField(label=_("Occupational field"), choices=Occupation.choices)
    recognition = forms.ChoiceField(
        label=_("Recognition in Germany"), choices=RecognitionState.choices
    )
    regulated = forms.NullBooleanField(
        label=_("Regulated occupation in Germany"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", _("unknown")), ("true", _("yes")), ("false", _("no"))]
        ),
    )

    def clean_country(self) -> str:
        value: str = self.cleaned_data["country"].strip().upper()
        if not _COUNTRY.match(value):
            raise forms.ValidationError(_("Please enter a two-letter country code, e.g. DE."))
        return value


class CompanyContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    role = forms.CharField(label=_("Role in the company"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
