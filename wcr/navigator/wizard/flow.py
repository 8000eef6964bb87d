"""The flow through the questions: which are asked given the answers so far, the next and the
previous one, and the progress."""

from __future__ import annotations

from typing import Any

from wcr.navigator.wizard.questions import QUESTIONS, Answers, Question


def applicable(answers: Answers) -> list[Question]:
    """The questions asked given the answers so far, in order."""
    return [question for question in QUESTIONS if not question.skip(answers)]


def next_question(answers: Answers, current: str | None) -> Question | None:
    """The first applicable question after ``current`` (the first question for ``None``)."""
    index = -1 if current is None else _position(current)
    for question in QUESTIONS[index + 1 :]:
        if not question.skip(answers):
            return question
    return None


def previous_question(answers: Answers, current: str) -> Question | None:
    for question in reversed(QUESTIONS[: _position(current)]):
        if not question.skip(answers):
            return question
    return None


def first_unanswered(answers: Answers, after: str | None = None) -> Question | None:
    start = -1 if after is None else _position(after)
    for question in QUESTIONS[start + 1 :]:
        if not question.skip(answers) and question.id not in answers:
            return question
    return None


def progress(answers: Answers, current: str) -> tuple[int, int]:
    """(number of this question, number of questions about to be asked)."""
    asked = applicable(answers)
    ids = [question.id for question in asked]
    position = ids.index(current) + 1 if current in ids else 1
    return position, len(asked)


def _position(question_id: str) -> int:
    return [question.id for question in QUESTIONS].index(question_id)


def stored_value(question: Question, cleaned: dict[str, Any]) -> dict[str, Any]:
    """What the session keeps for a valid answer (JSON-serialisable)."""
    return question.store({key: value for key, value in cleaned.items()})
