"""The flow through the questions: which are asked given the answers so far, the next and the
previous one, and the progress."""

from __future__ import annotations

from typing import Any

from wcr.navigator.wizard.questions import QUESTIONS, STEP_OF, STEPS, Answers, Question


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


def progress(answers: Answers, current: str) -> tuple[int, int, int, str]:
    """(number of this question, number of its step, number of steps, name of the step).

    How many questions remain depends on answers still to come (a job offer brings seven
    more), so no total of questions is shown: the step of four never goes back, and the
    question number counts the questions asked so far."""
    ids = [question.id for question in applicable(answers)]
    position = ids.index(current) + 1 if current in ids else 1
    step = STEP_OF[current]
    return position, step + 1, len(STEPS), str(STEPS[step][0])


def _position(question_id: str) -> int:
    return [question.id for question in QUESTIONS].index(question_id)


def stored_value(question: Question, cleaned: dict[str, Any]) -> dict[str, Any]:
    """What the session keeps for a valid answer (JSON-serialisable)."""
    return question.store({key: value for key, value in cleaned.items()})
