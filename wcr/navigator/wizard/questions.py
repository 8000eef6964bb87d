"""The questions, declared as data: one per screen, each with the fact it fills, its form
fields, its wording for the person and for an employer, and when it is skipped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wcr.navigator.kb import knowledge_base
from wcr.navigator.wizard.fields import (
    GOALS,
    ISCO_BY_JOB_TYPE,
    JOB_TYPES,
    LANGUAGE_CHOICES,
    LEVELS,
    OCCUPATIONS,
    RECOGNITION,
    TRAINING_OFFERS,
    YES_NO,
    AmountField,
    NumberField,
    PostalCodeField,
    country_field,
    radio_field,
)

SESSION_KEY = "navigator_answers"
MODE_KEY = "navigator_mode"
SELF, EMPLOYER = "self", "employer"

Answers = dict[str, Any]


def _set(facts: dict[str, Any], path: str, value: Any) -> None:
    head, _dot, tail = path.partition(".")
    if tail:
        target = facts.setdefault(head, {})
        if isinstance(target, dict):
            target[tail] = value
    else:
        facts[head] = value


def _is_eu(answers: Answers) -> bool:
    """Free movement (the knowledge base's ``eu_eea_ch`` list): the short path."""
    nationality = answers.get("nationality") or {}
    codes = {nationality.get("answer"), nationality.get("second")}
    return bool(codes & knowledge_base().lists["eu_eea_ch"])


def _value(answers: Answers, question_id: str) -> Any:
    """The single answer of a one-field question (``None`` when unknown)."""
    stored = answers.get(question_id)
    return stored.get("answer") if isinstance(stored, dict) else None


def _no_qualification(answers: Answers) -> bool:
    level: object = _value(answers, "qualification_level")
    return level == "none"


def _no_job(answers: Answers) -> bool:
    offer: object = _value(answers, "job_offer")
    return offer != "yes"


def _looking_for_work(answers: Answers) -> bool:
    """The opportunity card is in question: looking for a job, or wanting work without an offer."""
    goal: object = _value(answers, "goal")
    if goal == "employment":
        return _no_job_offer(answers)
    return goal == "job_search"


def _no_job_offer(answers: Answers) -> bool:
    offer: object = _value(answers, "job_offer")
    return offer == "no"


def _apply_duration(stored: dict[str, Any], facts: dict[str, Any]) -> None:
    months = stored.get("answer")
    if months not in (None, "") and int(months) > 0:  # 0 = open-ended, which is the default
        _set(facts, "job_offer.duration_months", int(months))


def _shared_postal_code(question_id: str) -> Callable[[Answers], bool]:
    def skip(answers: Answers) -> bool:
        stored = answers.get(question_id) or {}
        return len(stored.get("candidates") or ()) < 2

    return skip


@dataclass(frozen=True)
class Question:
    """One screen. ``fields`` builds the form's fields (the first is named ``answer``);
    ``apply`` writes the stored answer into the facts; ``show`` renders it for the summary."""

    id: str
    text: Promise
    employer_text: Promise
    short: Promise
    fields: Callable[[Answers], dict[str, forms.Field]]
    apply: Callable[[dict[str, Any], dict[str, Any]], None]
    skip: Callable[[Answers], bool] = lambda answers: False
    hint: Promise | str = ""
    employer_hint: Promise | str = ""
    store: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda cleaned: cleaned)
    check: Callable[[dict[str, Any]], str | None] = lambda cleaned: None

    def wording(self, mode: str) -> str:
        return str(self.employer_text if mode == EMPLOYER else self.text)

    def hint_for(self, mode: str) -> str:
        return str(self.employer_hint or self.hint if mode == EMPLOYER else self.hint)

    def validate(self, form: forms.Form) -> bool:
        """Validate the bound form including the question's own check across its fields."""
        if not form.is_valid():
            return False
        message = self.check(form.cleaned_data)
        if message:
            form.add_error(None, message)
            return False
        return True

    def form(self, answers: Answers, mode: str, data: Any = None) -> forms.Form:
        form = forms.Form(data=data, initial=answers.get(self.id) or {}, prefix=None)
        for name, form_field in self.fields(answers).items():
            form.fields[name] = form_field
        first = form.fields["answer"]
        if not first.label:
            first.label = self.wording(mode)
        if len(form.fields) == 1:
            first.help_text = self.hint_for(mode)
        return form


def _one(path: str, convert: Callable[[Any], Any] = lambda v: v) -> Callable[..., None]:
    def apply(stored: dict[str, Any], facts: dict[str, Any]) -> None:
        value = stored.get("answer")
        if value not in (None, ""):
            _set(facts, path, convert(value))

    return apply


def _yes(value: str) -> bool:
    return value == "yes"


def _apply_nationality(stored: dict[str, Any], facts: dict[str, Any]) -> None:
    codes = [stored.get("answer"), stored.get("second")]
    facts["nationalities"] = list(dict.fromkeys(code for code in codes if code))


def _apply_job_offer(stored: dict[str, Any], facts: dict[str, Any]) -> None:
    if stored.get("answer") == "yes":
        facts.setdefault("job_offer", {})
    elif stored.get("answer") == "no":
        facts["job_offer"] = None


def _apply_job_type(stored: dict[str, Any], facts: dict[str, Any]) -> None:
    isco = ISCO_BY_JOB_TYPE.get(stored.get("answer") or "")
    if isco:
        _set(facts, "job_offer.isco", isco)


def _apply_training_offer(stored: dict[str, Any], facts: dict[str, Any]) -> None:
    answer = stored.get("answer")
    if answer == "no":
        facts["training_offer"] = None
    elif answer in ("qualified", "other"):
        facts["training_offer"] = {"qualified": answer == "qualified"}


def _apply_completed(stored: dict[str, Any], facts: dict[str, Any]) -> None:
    # Only the year is asked; the middle of the year stands for it.
    if stored.get("answer"):
        _set(facts, "qualification.completed_on", f"{int(stored['answer']):04d}-07-01")


def _apply_experience(stored: dict[str, Any], facts: dict[str, Any]) -> None:
    if stored.get("answer") not in (None, ""):
        facts["experience_years_last_5"] = float(stored["answer"])
    if stored.get("last_7") not in (None, ""):
        facts["experience_years_last_7"] = float(stored["last_7"])


def _check_experience(cleaned: dict[str, Any]) -> str | None:
    last_5, last_7 = cleaned.get("answer"), cleaned.get("last_7")
    if last_5 is not None and last_7 is not None and Decimal(last_7) < Decimal(last_5):
        return _("The years in the last 7 years cannot be fewer than in the last 5 years.")
    return None


def _check_year(cleaned: dict[str, Any]) -> str | None:
    from django.utils import timezone

    if cleaned.get("answer") and int(cleaned["answer"]) > timezone.localdate().year:
        return _("The year cannot be in the future.")
    return None


def _apply_location(path: str) -> Callable[..., None]:
    def apply(stored: dict[str, Any], facts: dict[str, Any]) -> None:
        if stored.get("ags"):
            _set(facts, path, stored["ags"])

    return apply


def store_location(cleaned: dict[str, Any]) -> dict[str, Any]:
    """Look the postal code up in the region: one municipality is taken as it is, several are
    kept as candidates for the follow-up question, none means "outside the region"."""
    from wcr.region.selectors import municipalities_for_postal_code

    municipalities = municipalities_for_postal_code(cleaned["answer"])
    stored: dict[str, Any] = {
        "answer": cleaned["answer"],
        "ags": municipalities[0].ags if len(municipalities) == 1 else None,
        "name": municipalities[0].name if len(municipalities) == 1 else "",
        "candidates": [[m.ags, m.name] for m in municipalities] if len(municipalities) > 1 else [],
        "outside": not municipalities,
    }
    return stored


def _municipality_choice(location_id: str) -> Callable[[Answers], dict[str, forms.Field]]:
    def fields(answers: Answers) -> dict[str, forms.Field]:
        candidates = (answers.get(location_id) or {}).get("candidates") or []
        return {"answer": radio_field([(ags, name) for ags, name in candidates])}

    return fields


def _apply_municipality_choice(path: str) -> Callable[..., None]:
    def apply(stored: dict[str, Any], facts: dict[str, Any]) -> None:
        if stored.get("answer"):
            _set(facts, path, stored["answer"])

    return apply


def _residence_not_in_germany_or_job(answers: Answers) -> bool:
    return _value(answers, "residence") != "DE" or not _no_job(answers)


def _ask_anerkennungspartnerschaft(answers: Answers) -> bool:
    if _is_eu(answers) or _no_job(answers) or _no_qualification(answers):
        return False
    return _value(answers, "german_recognition") not in ("full", "comparable")


def _asks_job_regulated(answers: Answers) -> bool:
    """The job's regulation is asked only when the occupation's was not (no qualification)."""
    return _no_qualification(answers)


def _ask_pension(answers: Answers) -> bool:
    age = _value(answers, "age")
    return not _is_eu(answers) and not _no_job(answers) and age is not None and int(age) >= 45


QUESTIONS: tuple[Question, ...] = (
    Question(
        id="nationality",
        text=gettext_lazy("Which citizenship do you have?"),
        employer_text=gettext_lazy("Which citizenship does the candidate have?"),
        short=gettext_lazy("Citizenship"),
        hint=gettext_lazy("If you have two citizenships, choose the second one too."),
        employer_hint=gettext_lazy(
            "If the candidate has two citizenships, choose the second one too."
        ),
        fields=lambda a: {
            "answer": country_field(),
            "second": country_field(
                required=False, label=gettext_lazy("Second citizenship (if any)")
            ),
        },
        apply=_apply_nationality,
    ),
    Question(
        id="residence",
        text=gettext_lazy("In which country do you live now?"),
        employer_text=gettext_lazy("In which country does the candidate live now?"),
        short=gettext_lazy("Country of residence"),
        fields=lambda a: {"answer": country_field()},
        apply=_one("residence_country"),
    ),
    Question(
        id="goal",
        text=gettext_lazy("What do you want to do in Germany?"),
        employer_text=gettext_lazy("What is the candidate to do in Germany?"),
        short=gettext_lazy("Goal"),
        fields=lambda a: {"answer": radio_field(GOALS)},
        apply=_one("goal"),
    ),
    Question(
        id="age",
        text=gettext_lazy("How old are you?"),
        employer_text=gettext_lazy("How old is the candidate?"),
        short=gettext_lazy("Age"),
        hint=gettext_lazy("In years."),
        fields=lambda a: {"answer": NumberField(minimum=14, maximum=99, whole=True)},
        apply=_one("age", int),
        skip=_is_eu,
    ),
    Question(
        id="qualification_level",
        text=gettext_lazy("What is your highest completed qualification?"),
        employer_text=gettext_lazy("What is the candidate's highest completed qualification?"),
        short=gettext_lazy("Qualification"),
        hint=gettext_lazy(
            "Vocational training means training of at least two years that ended with an exam."
        ),
        fields=lambda a: {"answer": radio_field(LEVELS)},
        apply=_one("qualification.level"),
    ),
    Question(
        id="qualification_occupation",
        text=gettext_lazy("In which field is your qualification?"),
        employer_text=gettext_lazy("In which field is the candidate's qualification?"),
        short=gettext_lazy("Field of the qualification"),
        fields=lambda a: {"answer": radio_field(OCCUPATIONS)},
        apply=_one("qualification.occupation"),
        skip=_no_qualification,
    ),
    Question(
        id="qualification_country",
        text=gettext_lazy("In which country did you obtain your qualification?"),
        employer_text=gettext_lazy("In which country did the candidate obtain the qualification?"),
        short=gettext_lazy("Country of the qualification"),
        fields=lambda a: {"answer": country_field()},
        apply=_one("qualification.country"),
        skip=lambda a: _no_qualification(a) or _is_eu(a),
    ),
    Question(
        id="qualification_duration",
        text=gettext_lazy("How many years did the training or degree programme last?"),
        employer_text=gettext_lazy(
            "How many years did the candidate's training or degree programme last?"
        ),
        short=gettext_lazy("Length of the programme"),
        hint=gettext_lazy("For example 3 or 3.5."),
        fields=lambda a: {"answer": NumberField(minimum=0, maximum=15)},
        apply=_one("qualification.duration_years", float),
        skip=lambda a: _no_qualification(a) or _is_eu(a),
    ),
    Question(
        id="qualification_state_recognised",
        text=gettext_lazy(
            "Is the qualification recognised by the state of the country where you got it?"
        ),
        employer_text=gettext_lazy(
            "Is the qualification recognised by the state of the country where the candidate got it?"
        ),
        short=gettext_lazy("State recognition abroad"),
        fields=lambda a: {"answer": radio_field(YES_NO)},
        apply=_one("qualification.state_recognised", _yes),
        skip=lambda a: _no_qualification(a) or _is_eu(a),
    ),
    Question(
        id="qualification_completed",
        text=gettext_lazy("In which year did you complete your degree?"),
        employer_text=gettext_lazy("In which year did the candidate complete the degree?"),
        short=gettext_lazy("Year of the degree"),
        hint=gettext_lazy("For example 2022."),
        fields=lambda a: {"answer": NumberField(minimum=1950, maximum=2100, whole=True)},
        apply=_apply_completed,
        check=_check_year,
        skip=lambda a: _value(a, "qualification_level") != "academic" or _is_eu(a),
    ),
    Question(
        id="german_recognition",
        text=gettext_lazy("Has your qualification been recognised in Germany?"),
        employer_text=gettext_lazy("Has the candidate's qualification been recognised in Germany?"),
        short=gettext_lazy("Recognition in Germany"),
        fields=lambda a: {"answer": radio_field(RECOGNITION)},
        apply=_one("qualification.german_recognition"),
        skip=_no_qualification,
    ),
    Question(
        id="qualification_regulated",
        text=gettext_lazy("Is your occupation regulated in Germany?"),
        employer_text=gettext_lazy("Is the candidate's occupation regulated in Germany?"),
        short=gettext_lazy("Regulated occupation"),
        hint=gettext_lazy(
            "Regulated means you may only work in it with a German licence, for example doctor, "
            "nurse, teacher or educator."
        ),
        employer_hint=gettext_lazy(
            "Regulated means one may only work in it with a German licence, for example doctor, "
            "nurse, teacher or educator."
        ),
        fields=lambda a: {"answer": radio_field(YES_NO)},
        apply=_one("qualification.regulated", _yes),
        skip=_no_qualification,
    ),
    Question(
        id="experience",
        text=gettext_lazy("How many years have you worked in your occupation?"),
        employer_text=gettext_lazy("How many years has the candidate worked in the occupation?"),
        short=gettext_lazy("Professional experience"),
        hint=gettext_lazy("Count only work after the qualification. For example 2 or 2.5."),
        fields=lambda a: {
            "answer": NumberField(
                minimum=0, maximum=5, label=gettext_lazy("Years of work in the last 5 years")
            ),
            "last_7": NumberField(
                minimum=0,
                maximum=7,
                required=False,
                label=gettext_lazy("Years of work in the last 7 years"),
            ),
        },
        apply=_apply_experience,
        check=_check_experience,
        skip=lambda a: _no_qualification(a) or _is_eu(a),
    ),
    Question(
        id="german_level",
        text=gettext_lazy("How well do you speak German?"),
        employer_text=gettext_lazy("How well does the candidate speak German?"),
        short=gettext_lazy("German"),
        hint=gettext_lazy(
            "The level of the Common European Framework, as on a language certificate."
        ),
        fields=lambda a: {"answer": radio_field(LANGUAGE_CHOICES)},
        apply=_one("german_level"),
    ),
    Question(
        id="english_level",
        text=gettext_lazy("How well do you speak English?"),
        employer_text=gettext_lazy("How well does the candidate speak English?"),
        short=gettext_lazy("English"),
        hint=gettext_lazy(
            "The level of the Common European Framework, as on a language certificate."
        ),
        fields=lambda a: {"answer": radio_field(LANGUAGE_CHOICES)},
        apply=_one("english_level"),
        skip=_is_eu,
    ),
    Question(
        id="job_offer",
        text=gettext_lazy("Do you have a job offer from an employer in Germany?"),
        employer_text=gettext_lazy("Are you offering the candidate a job in Germany?"),
        short=gettext_lazy("Job offer"),
        fields=lambda a: {"answer": radio_field(YES_NO)},
        apply=_apply_job_offer,
    ),
    Question(
        id="job_type",
        text=gettext_lazy("What kind of job is it?"),
        employer_text=gettext_lazy("What kind of job is it?"),
        short=gettext_lazy("Kind of job"),
        fields=lambda a: {"answer": radio_field([(key, label) for key, label, _isco in JOB_TYPES])},
        apply=_apply_job_type,
        skip=lambda a: _no_job(a) or _is_eu(a),
    ),
    Question(
        id="salary",
        text=gettext_lazy("What is the gross annual salary of the job offer?"),
        employer_text=gettext_lazy("What gross annual salary do you offer?"),
        short=gettext_lazy("Gross annual salary"),
        hint=gettext_lazy("In euros, before tax, for a whole year, for example 52000."),
        fields=lambda a: {"answer": AmountField()},
        apply=_one("job_offer.annual_gross_salary", float),
        skip=lambda a: _no_job(a) or _is_eu(a),
    ),
    Question(
        id="job_qualified",
        text=gettext_lazy("Does the job need a qualification?"),
        employer_text=gettext_lazy("Does the job need a qualification?"),
        short=gettext_lazy("Qualified job"),
        hint=gettext_lazy(
            "Answer no for a helper job that anyone can do after a short introduction."
        ),
        fields=lambda a: {"answer": radio_field(YES_NO)},
        apply=_one("job_offer.qualified", _yes),
        skip=lambda a: _no_job(a) or _is_eu(a),
    ),
    Question(
        id="job_regulated",
        text=gettext_lazy("Is the job in a regulated occupation?"),
        employer_text=gettext_lazy("Is the job in a regulated occupation?"),
        short=gettext_lazy("Regulated job"),
        hint=gettext_lazy(
            "Regulated means one may only work in it with a German licence, for example doctor, "
            "nurse, teacher or educator."
        ),
        fields=lambda a: {"answer": radio_field(YES_NO)},
        apply=_one("job_offer.regulated", _yes),
        # Asked only of someone without a qualification: otherwise the question about the
        # qualification's occupation answered it (the job is taken to be in that occupation).
        skip=lambda a: _no_job(a) or _is_eu(a) or not _asks_job_regulated(a),
    ),
    Question(
        id="collective_agreement",
        text=gettext_lazy("Does the employer pay according to a collective agreement?"),
        employer_text=gettext_lazy(
            "Are you bound by a collective agreement and pay according to it?"
        ),
        short=gettext_lazy("Collective agreement"),
        fields=lambda a: {"answer": radio_field(YES_NO)},
        apply=_one("job_offer.collective_agreement", _yes),
        skip=lambda a: _no_job(a) or _is_eu(a),
    ),
    Question(
        id="job_duration",
        text=gettext_lazy("For how many months is the employment contract?"),
        employer_text=gettext_lazy("For how many months is the employment contract?"),
        short=gettext_lazy("Length of the contract"),
        hint=gettext_lazy("Enter 0 if the contract is open-ended (permanent)."),
        fields=lambda a: {"answer": NumberField(minimum=0, maximum=600, whole=True)},
        apply=_apply_duration,
        skip=lambda a: _no_job(a) or _is_eu(a),
    ),
    Question(
        id="job_location",
        text=gettext_lazy("What is the postal code of the workplace?"),
        employer_text=gettext_lazy("What is the postal code of the workplace?"),
        short=gettext_lazy("Postal code of the workplace"),
        hint=gettext_lazy("Five digits, for example 41061."),
        fields=lambda a: {"answer": PostalCodeField()},
        apply=_apply_location("job_offer.municipality"),
        skip=_no_job,
        store=store_location,
    ),
    Question(
        id="job_municipality",
        text=gettext_lazy("In which town or municipality is the workplace?"),
        employer_text=gettext_lazy("In which town or municipality is the workplace?"),
        short=gettext_lazy("Municipality of the workplace"),
        hint=gettext_lazy("Several municipalities share this postal code."),
        fields=_municipality_choice("job_location"),
        apply=_apply_municipality_choice("job_offer.municipality"),
        skip=lambda a: _no_job(a) or _shared_postal_code("job_location")(a),
    ),
    Question(
        id="residence_location",
        text=gettext_lazy("What is the postal code of your home in Germany?"),
        employer_text=gettext_lazy("What is the postal code of the candidate's home in Germany?"),
        short=gettext_lazy("Postal code of the home"),
        hint=gettext_lazy("Five digits, for example 52062."),
        fields=lambda a: {"answer": PostalCodeField()},
        apply=_apply_location("residence_municipality"),
        skip=_residence_not_in_germany_or_job,
        store=store_location,
    ),
    Question(
        id="residence_municipality",
        text=gettext_lazy("In which town or municipality do you live?"),
        employer_text=gettext_lazy("In which town or municipality does the candidate live?"),
        short=gettext_lazy("Municipality of the home"),
        hint=gettext_lazy("Several municipalities share this postal code."),
        fields=_municipality_choice("residence_location"),
        apply=_apply_municipality_choice("residence_municipality"),
        skip=lambda a: (
            _residence_not_in_germany_or_job(a) or _shared_postal_code("residence_location")(a)
        ),
    ),
    Question(
        id="training_offer",
        text=gettext_lazy("Do you have an offer of a training place in Germany?"),
        employer_text=gettext_lazy("Are you offering the candidate a training place?"),
        short=gettext_lazy("Training place"),
        fields=lambda a: {"answer": radio_field(TRAINING_OFFERS)},
        apply=_apply_training_offer,
        skip=lambda a: _value(a, "goal") != "training" or _is_eu(a),
    ),
    Question(
        id="stay",
        text=gettext_lazy("How many months have you lived in Germany in the last 5 years?"),
        employer_text=gettext_lazy(
            "How many months has the candidate lived in Germany in the last 5 years?"
        ),
        short=gettext_lazy("Stay in Germany"),
        hint=gettext_lazy("Only lawful stays, without holidays. Enter 0 if none."),
        fields=lambda a: {"answer": NumberField(minimum=0, maximum=60, whole=True)},
        apply=_one("stay_in_germany_months_last_5y", int),
        skip=_is_eu,
    ),
    Question(
        id="spouse",
        text=gettext_lazy(
            "Will your spouse or partner apply for the opportunity card together with you?"
        ),
        employer_text=gettext_lazy(
            "Will the candidate's spouse or partner apply for the opportunity card too?"
        ),
        short=gettext_lazy("Spouse applies too"),
        hint=gettext_lazy("This gives one more point for the opportunity card."),
        fields=lambda a: {"answer": radio_field(YES_NO)},
        apply=_one("spouse_applies_jointly", _yes),
        skip=lambda a: _is_eu(a) or not _looking_for_work(a),
    ),
    Question(
        id="pension",
        text=gettext_lazy("Can you show adequate provision for old age?"),
        employer_text=gettext_lazy("Can the candidate show adequate provision for old age?"),
        short=gettext_lazy("Old-age provision"),
        hint=gettext_lazy(
            "From the age of 45, a salary above a threshold or proof of a pension is needed for "
            "a first residence title for work."
        ),
        fields=lambda a: {"answer": radio_field(YES_NO)},
        apply=_one("pension_provision", _yes),
        skip=lambda a: not _ask_pension(a),
    ),
    Question(
        id="anerkennungspartnerschaft",
        text=gettext_lazy("Have you and your employer agreed a recognition partnership?"),
        employer_text=gettext_lazy("Have you and the candidate agreed a recognition partnership?"),
        short=gettext_lazy("Recognition partnership"),
        hint=gettext_lazy(
            "In a recognition partnership the employer and the worker agree that the "
            "recognition procedure is completed while working in Germany."
        ),
        fields=lambda a: {"answer": radio_field(YES_NO)},
        apply=_one("anerkennungspartnerschaft", _yes),
        skip=lambda a: not _ask_anerkennungspartnerschaft(a),
    ),
)
QUESTIONS_BY_ID = {question.id: question for question in QUESTIONS}

# The questions in four steps, for the progress indicator: how many questions will be asked
# depends on the answers still to come, the steps do not (the first question of each step is
# always asked).
STEPS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
    (gettext_lazy("About you"), ("nationality", "residence", "goal", "age")),
    (
        gettext_lazy("Your qualification"),
        (
            "qualification_level",
            "qualification_occupation",
            "qualification_country",
            "qualification_duration",
            "qualification_state_recognised",
            "qualification_completed",
            "german_recognition",
            "qualification_regulated",
            "experience",
        ),
    ),
    (gettext_lazy("Languages you speak"), ("german_level", "english_level")),
    (
        gettext_lazy("Job, training and stay"),
        (
            "job_offer",
            "job_type",
            "salary",
            "job_qualified",
            "job_regulated",
            "collective_agreement",
            "job_duration",
            "job_location",
            "job_municipality",
            "residence_location",
            "residence_municipality",
            "training_offer",
            "stay",
            "spouse",
            "pension",
            "anerkennungspartnerschaft",
        ),
    ),
)
STEP_OF = {question_id: index for index, (_name, ids) in enumerate(STEPS) for question_id in ids}
