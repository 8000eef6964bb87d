"""Answers → the navigator's facts, the summary, and a plain dict a request form can be
prefilled from."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wcr.navigator.wizard.flow import applicable
from wcr.navigator.wizard.questions import SELF, Answers, Question, store_location


def answers_to_facts(answers: Answers) -> dict[str, Any]:
    """The navigator's facts object from the wizard's answers.

    Only questions that are still applicable count (a salary given before "no job offer" is
    dropped); "I don't know" and unanswered questions leave their fact out (= unknown).
    """
    facts: dict[str, Any] = {}
    for question in applicable(answers):
        stored = answers.get(question.id)
        if isinstance(stored, dict):
            question.apply(stored, facts)
    # Whether the occupation is regulated is asked once: the job is taken to be in it.
    job, qualification = facts.get("job_offer"), facts.get("qualification") or {}
    if isinstance(job, dict) and "regulated" not in job and "regulated" in qualification:
        job["regulated"] = qualification["regulated"]
    return facts


def display_answer(question: Question, answers: Answers) -> str:
    """The answer as the summary shows it, in the current language."""
    if question.id not in answers:
        return _("Not answered yet")
    stored = answers[question.id]
    if stored is None:
        return _("I don't know")
    form = question.form(answers, SELF)
    parts = []
    for name, form_field in form.fields.items():
        value = stored.get(name)
        if value in (None, ""):
            continue
        choices = dict(getattr(form_field, "choices", ()) or ())
        text = str(choices.get(value, value))
        if name != "answer" and form_field.label:
            text = f"{form_field.label}: {text}"
        parts.append(text)
    if question.store is store_location:
        if stored.get("name"):
            parts.append(stored["name"])
        elif stored.get("outside"):
            parts.append(_("outside the Rheinisches Revier"))
    return ", ".join(parts) or _("none")


def summary(answers: Answers, mode: str = SELF) -> list[dict[str, str]]:
    """Question, answer and question id of every applicable question."""
    return [
        {
            "id": question.id,
            "question": question.wording(mode),
            "short": str(question.short),
            "answer": display_answer(question, answers),
        }
        for question in applicable(answers)
    ]


def municipality_ags(answers: Answers) -> str | None:
    """The job's municipality, else the home's, when known (8-digit AGS)."""
    facts = answers_to_facts(answers)
    job = facts.get("job_offer")
    if isinstance(job, dict) and job.get("municipality"):
        return str(job["municipality"])
    ags = facts.get("residence_municipality")
    return str(ags) if ags else None


def answers_to_request(answers: Answers, mode: str = SELF) -> dict[str, Any]:
    """The answers as a plain, JSON-serialisable dict, for a request to a counsellor.

    The portal's request form (a later issue) prefills itself from this; the answers download
    is this dict as JSON. Keys:

    - ``source``: always ``"navigator"``.
    - ``mode``: ``"self"`` (the skilled worker answered) or ``"employer"`` (an employer
      answered on behalf of a candidate).
    - ``language``: the language the answers were given in (``de``, ``en``, ``ar``, ``uk``, ``tr``).
    - ``summary``: a list of ``{"id", "question", "short", "answer"}`` in the current language,
      one per question asked (``answer`` is "I don't know" / "Not answered yet" where so).
    - ``summary_text``: the same as readable lines ``"short: answer"``, for a free-text field.
    - ``facts``: the navigator facts (``answers_to_facts``), ready for the engine.
    - ``municipality``: AGS of the job's (else the home's) municipality, or ``None``.
    - ``nationalities``, ``goal``: copied from the facts for the request form's own fields
      (empty list / ``None`` when unknown).
    """
    facts = answers_to_facts(answers)
    rows = summary(answers, mode)
    return {
        "source": "navigator",
        "mode": mode,
        "language": get_language() or "de",
        "summary": rows,
        "summary_text": "\n".join(f"{row['short']}: {row['answer']}" for row in rows),
        "facts": facts,
        "municipality": municipality_ags(answers),
        "nationalities": facts.get("nationalities", []),
        "goal": facts.get("goal"),
    }
