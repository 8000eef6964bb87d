"""Answers for the wizard from what the case already knows about the person, so a counsellor
does not ask again what is on record. Each value goes through the question's own form, so it is
stored exactly as if it had been typed in, and a value the form rejects is simply left out."""

from __future__ import annotations

import datetime
from typing import Any

from wcr.cases.models import Person
from wcr.navigator import wizard

LEVEL_ORDER = {"none": 0, "vocational": 1, "academic": 2}


def _age(person: Person, today: datetime.date) -> int | None:
    born = person.birth_date
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def person_answers(person: Person, *, today: datetime.date) -> wizard.Answers:
    """The wizard's answers for ``person`` (fetched through the gate by the caller)."""
    data: dict[str, dict[str, Any]] = {}
    if person.nationalities:
        data["nationality"] = {"answer": person.nationalities[0]}
        if len(person.nationalities) > 1:
            data["nationality"]["second"] = person.nationalities[1]
    if person.country_of_residence:
        data["residence"] = {"answer": person.country_of_residence}
    age = _age(person, today)
    if age is not None:
        data["age"] = {"answer": str(age)}
    levels = {language.language: language.level for language in person.languages.all()}
    for code, question_id in (("de", "german_level"), ("en", "english_level")):
        if code in levels:
            data[question_id] = {"answer": "C2" if levels[code] == "native" else levels[code]}
    qualifications = sorted(
        person.qualifications.all(), key=lambda q: LEVEL_ORDER.get(q.level, 0), reverse=True
    )
    if qualifications:
        best = qualifications[0]
        data["qualification_level"] = {"answer": best.level}
        data["qualification_occupation"] = {"answer": best.occupation}
        if best.country:
            data["qualification_country"] = {"answer": best.country}
        data["german_recognition"] = {"answer": best.recognition}
        if best.regulated is not None:
            data["qualification_regulated"] = {"answer": "yes" if best.regulated else "no"}
    if person.country_of_residence == "DE" and person.postal_code:
        data["residence_location"] = {"answer": person.postal_code}

    answers: wizard.Answers = {}
    for question in wizard.QUESTIONS:
        if question.id not in data or question.skip(answers):
            continue
        form = question.form(answers, wizard.SELF, data=data[question.id])
        if question.validate(form):
            answers[question.id] = wizard.stored_value(question, form.cleaned_data)
    return answers
