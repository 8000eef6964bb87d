"""The wizard's flow: an honest progress indicator, each question asked once, proper labels."""

from __future__ import annotations

import re

from django.test import TestCase
from django.urls import reverse

from wcr.navigator import wizard
from wcr.navigator.tests.test_wizard import BLUE_CARD, WizardClient, _answers

PROGRESS = re.compile(r"Schritt (\d) von (\d): ([^<·]+?) · Frage (\d+)")


class ProgressTests(TestCase):
    def test_the_progress_never_jumps_back_or_shows_a_total_below_the_question(self) -> None:
        walker = WizardClient(self.client)
        location = walker.start()
        seen = []
        for question_id, data in BLUE_CARD:
            page = self.client.get(location, HTTP_ACCEPT_LANGUAGE="de").content.decode()
            self.assertNotIn("von etwa", page)
            found = PROGRESS.search(page)
            self.assertIsNotNone(found, page[:2000])
            assert found is not None
            step, steps, _name, number = (
                int(found[1]),
                int(found[2]),
                found[3],
                int(found[4]),
            )
            self.assertLessEqual(step, steps)
            seen.append((step, steps, number))
            location = walker.answer(question_id, data)
        steps_totals = {total for _step, total, _number in seen}
        self.assertEqual(steps_totals, {4})
        self.assertEqual([number for *_rest, number in seen], list(range(1, len(seen) + 1)))
        self.assertEqual([step for step, *_rest in seen], sorted(step for step, *_rest in seen))
        self.assertEqual({step for step, *_rest in seen}, {1, 2, 3, 4})

    def test_every_question_belongs_to_a_step_and_every_step_is_always_asked(self) -> None:
        for question in wizard.QUESTIONS:
            self.assertIn(question.id, wizard.STEP_OF)
        for step_first in (ids[0] for _name, ids in wizard.STEPS):
            question = wizard.QUESTIONS_BY_ID[step_first]
            self.assertFalse(question.skip({}))
            self.assertFalse(question.skip({"nationality": {"answer": "FR"}}))


class RegulatedOnceTests(TestCase):
    def test_the_regulated_occupation_is_asked_once_and_fills_the_job_too(self) -> None:
        walker = WizardClient(self.client)
        asked = walker.walk(BLUE_CARD)
        regulated = [qid for qid in asked if "regulated" in qid]
        self.assertEqual(regulated, ["qualification_regulated"])
        facts = wizard.answers_to_facts(_answers(self.client))
        self.assertIs(facts["qualification"]["regulated"], False)
        self.assertIs(facts["job_offer"]["regulated"], False)

    def test_without_a_qualification_the_job_question_asks_it(self) -> None:
        answers = {
            "nationality": {"answer": "IN"},
            "qualification_level": {"answer": "none"},
            "job_offer": {"answer": "yes"},
        }
        ids = [question.id for question in wizard.applicable(answers)]
        self.assertNotIn("qualification_regulated", ids)
        self.assertIn("job_regulated", ids)


class LabelTests(TestCase):
    def test_the_second_citizenship_has_a_proper_label(self) -> None:
        walker = WizardClient(self.client)
        walker.start()
        page = self.client.get(
            reverse("navigator:question", args=["nationality"]), HTTP_ACCEPT_LANGUAGE="de"
        )
        self.assertContains(page, "Zweite Staatsangehörigkeit (falls vorhanden)")
        self.assertNotContains(page, ">Second<")
        self.assertNotContains(page, "Second")
