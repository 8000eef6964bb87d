"""The public wizard's questions: one per screen, declared as data, with their skip logic.

A visitor's answers live only in the session (``SESSION_KEY``) as ``{question id: value}``:
``None`` means "I don't know", a missing key means "not answered yet"; both are *unknown* facts.
``answers_to_facts`` turns the answers into the navigator's facts (``shared/specs/navigator.md``),
``answers_to_request`` into a plain dict a request form can be prefilled from.

Every question has an ``id`` (used in its URL), the fact it fills, its Django form fields, its
wording in the first person and for an employer answering for a candidate, and a ``skip``
condition on the answers given so far: nothing about the qualification after "no qualification",
nothing about the job without a job offer, and a short path for EU/EEA/Swiss citizens.

Modules: ``questions`` (the declarations), ``flow`` (applicable, next, previous, progress),
``answers`` (answers → facts, summary, request), ``fields`` (choices and form fields),
``countries`` (country names and choices).
"""

from wcr.navigator.wizard.answers import (
    answers_to_facts,
    answers_to_request,
    display_answer,
    municipality_ags,
    summary,
)
from wcr.navigator.wizard.countries import _country_table, country_choices, country_name
from wcr.navigator.wizard.fields import (
    AmountField,
    NumberField,
    PostalCodeField,
    parse_amount,
)
from wcr.navigator.wizard.flow import (
    applicable,
    first_unanswered,
    next_question,
    previous_question,
    progress,
    stored_value,
)
from wcr.navigator.wizard.questions import (
    EMPLOYER,
    MODE_KEY,
    QUESTIONS,
    QUESTIONS_BY_ID,
    SELF,
    SESSION_KEY,
    STEP_OF,
    STEPS,
    Answers,
    Question,
    _is_eu,
)

__all__ = [
    "EMPLOYER",
    "MODE_KEY",
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "SELF",
    "SESSION_KEY",
    "STEPS",
    "STEP_OF",
    "AmountField",
    "Answers",
    "NumberField",
    "PostalCodeField",
    "Question",
    "_country_table",
    "_is_eu",
    "answers_to_facts",
    "answers_to_request",
    "applicable",
    "country_choices",
    "country_name",
    "display_answer",
    "first_unanswered",
    "municipality_ags",
    "next_question",
    "parse_amount",
    "previous_question",
    "progress",
    "stored_value",
    "summary",
]
