"""The case timeline reads as sentences in the reader's language, names people by their display
names, is in true time order, and every audit event kind the services write has its words."""

from __future__ import annotations

import ast
import datetime
import re
from pathlib import Path
from unittest import mock

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from wcr.accounts.models import User
from wcr.cases import selectors, services
from wcr.cases.models import Topic
from wcr.cases.tests.test_workbench import TODAY, WorkbenchTestCase
from wcr.privacy.models import AuditEvent
from wcr.privacy.sentences import describe, kinds

PACKAGE = Path(__file__).resolve().parents[2]
ACTION = re.compile(r"^[a-z_]+\.[a-z_]+$")


def actions_the_services_write() -> set[str]:
    """Every ``action`` given to ``audit_record`` in the platform's code (not its tests): the
    literal keyword values, and in the same modules every string shaped like one of them with a
    known prefix (actions chosen at run time, such as ``case.reopened``)."""
    found: set[str] = set()
    candidates: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "audit_record(" not in source:
            continue
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "audit_record":
                for keyword in node.keywords:
                    value = keyword.value
                    if keyword.arg == "action" and isinstance(value, ast.Constant):
                        found.add(str(value.value))
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and ACTION.match(node.value)
            ):
                candidates.add(node.value)
    prefixes = {action.split(".")[0] for action in found}
    found |= {c for c in candidates if c.split(".")[0] in prefixes}
    return found


class EveryKindHasWordsTests(WorkbenchTestCase):
    def test_every_action_the_services_write_has_a_sentence(self) -> None:
        written = actions_the_services_write()
        # The scan finds what it must (a literal and a run-time choice).
        self.assertIn("case.opened", written)
        self.assertIn("case.reopened", written)
        self.assertIn("membership.granted", written)
        missing = sorted(written - set(kinds()))
        self.assertEqual(missing, [], "audit actions without a sentence in an audit_sentences.py")

    def test_every_kind_the_timeline_shows_has_a_sentence(self) -> None:
        self.assertEqual(sorted(selectors.TIMELINE_EVENTS - set(kinds())), [])

    def test_each_sentence_names_the_actor_in_german_and_english(self) -> None:
        for action, kind in kinds().items():
            for language in ("de", "en"):
                with self.subTest(action=action, language=language), override(language):
                    self.assertIn("%(actor)s", str(kind.sentence))
                    self.assertNotIn(".", str(kind.label))
        with override("de"):
            german = {str(kind.sentence) for kind in kinds().values()}
        with override("en"):
            english = {str(kind.sentence) for kind in kinds().values()}
        self.assertFalse(german & english, "sentences without a German translation")


class TimelineWordsTests(WorkbenchTestCase):
    def setUp(self) -> None:
        User.objects.filter(pk=self.counsellor.pk).update(first_name="Berater", last_name="KIA")
        self.counsellor.refresh_from_db()

    def page(self, language: str) -> str:
        self.sign_in(self.counsellor)
        response = self.client.get(
            reverse("cases:detail", args=[self.case.code]),
            headers={"accept-language": language},
        )
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def timeline(self, language: str) -> str:
        html = self.page(language)
        start = html.index('class="wcr-timeline"')
        return html[start : html.index("</ol>", start)]

    def test_the_opening_and_a_status_change_read_as_sentences_in_german(self) -> None:
        services.case_change_status(
            actor=self.counsellor,
            case=self.case,
            expected_version=self.case.version,
            status="counselling",
        )
        services.procedure_start(
            actor=self.counsellor, case=self.case, template="recognition", started_on=TODAY
        )
        timeline = self.timeline("de")
        self.assertIn("Fall eröffnet von Berater KIA", timeline)
        self.assertIn("Status: neu → in Beratung", timeline)
        self.assertIn("Themen: " + self.topic.name_de, timeline)
        self.assertIn("Zuständige Beratung: Berater KIA", timeline)
        self.assertIn("Verfahren gestartet von Berater KIA", timeline)
        for code in ("case.opened", "case.status_changed", "procedure.started", "counsellor.a"):
            self.assertNotIn(code, timeline)
        self.assertNotIn("['", timeline)

    def test_the_same_entries_read_in_english(self) -> None:
        timeline = self.timeline("en")
        self.assertIn("Case opened by Berater KIA", timeline)
        self.assertIn("Status: new", timeline)
        self.assertIn("Topics: " + Topic.objects.get(slug="recognition").name_en, timeline)

    def test_a_checklist_change_names_the_document_and_the_states(self) -> None:
        services.procedure_start(
            actor=self.counsellor, case=self.case, template="recognition", started_on=TODAY
        )
        item = self.case.checklist.get(document_type="passport")
        services.checklist_set_status(actor=self.counsellor, item=item, status="checked")
        timeline = self.timeline("de")
        self.assertIn("Checklisten-Eintrag geändert von Berater KIA", timeline)
        # The document type by a template's title for it ("Passkopie", "Identitätsnachweis").
        self.assertRegex(timeline, r"<li>[^<:]*Pass[^<:]*: fehlt → geprüft</li>")
        self.assertNotIn("passport", timeline)
        timeline = self.timeline("en")
        self.assertRegex(timeline, r"<li>[^<:]*[Pp]assport[^<:]*: missing → checked</li>")

    def test_a_change_of_topics_shows_their_names(self) -> None:
        founding = Topic.objects.get(slug="founding")
        services.case_update(
            actor=self.counsellor,
            case=self.case,
            expected_version=self.case.version,
            changes={},
            topics=[self.topic, founding],
        )
        timeline = self.timeline("de")
        self.assertIn(f"Themen: {self.topic.name_de} → ", timeline)
        self.assertIn(f"{founding.name_de}, {self.topic.name_de}</li>", timeline)
        self.assertNotIn("founding", timeline)

    def test_an_assignment_names_both_counsellors_by_their_display_names(self) -> None:
        services.case_assign(actor=self.team_lead, case=self.case, counsellor=self.team_lead)
        with override("de"):
            event = AuditEvent.objects.get(action="case.assigned", object_code=str(self.case.code))
            [description] = describe([event])
        self.assertEqual(description.sentence, f"Fall zugewiesen von {self.team_lead}")
        self.assertEqual(
            [str(c) for c in description.changes],
            [f"Zuständige Beratung: Berater KIA → {self.team_lead}"],
        )

    def test_the_actor_looked_up_once_for_many_events(self) -> None:
        for _ in range(5):
            services.case_assign(actor=self.team_lead, case=self.case, counsellor=self.counsellor)
        events = list(AuditEvent.objects.filter(object_code=str(self.case.code)))
        with self.assertNumQueries(2):  # users; topics
            describe(events)


class TimelineOrderTests(WorkbenchTestCase):
    def test_entries_of_one_day_are_in_the_order_they_were_recorded(self) -> None:
        case = services.case_open(
            actor=self.counsellor,
            organisation=self.org_a,
            person=self.person,
            counsellor=self.counsellor,
            topics=[self.topic],
        )
        services.contact_log(
            actor=self.counsellor,
            case=case,
            happened_on=timezone.localdate(),
            duration_minutes=20,
            channel="phone",
        )
        services.task_create(
            actor=self.counsellor,
            case=case,
            title="Unterlagen anfordern",
            assignee=self.counsellor,
            due_on=timezone.localdate(),
        )
        kinds_in_order = [entry.kind for entry in selectors.case_timeline(case)]
        # Newest first, as the page says: the task, then the contact, then the opening.
        self.assertEqual(kinds_in_order, ["task", "contact", "status"])

    def test_steps_still_ahead_are_not_in_the_timeline_but_in_the_procedures_table(self) -> None:
        services.procedure_start(
            actor=self.counsellor, case=self.case, template="recognition", started_on=TODAY
        )
        page = selectors.case_page(self.case)
        undated = [m for m in page.milestones if m.done_on is None and m.due_on is None]
        self.assertTrue(undated)
        shown = [e.obj for e in page.timeline if e.kind == "milestone"]
        self.assertFalse(set(undated) & set(shown))
        self.assertEqual({m.pk for m in shown}, {m.pk for m in page.milestones if m not in undated})

    def test_an_entry_is_on_the_local_day_it_happened(self) -> None:
        # 00:30 in Berlin is 23:30 UTC of the day before.
        moment = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=datetime.UTC)
        with mock.patch("django.utils.timezone.now", return_value=moment):
            services.case_change_status(
                actor=self.counsellor,
                case=self.case,
                expected_version=self.case.version,
                status="counselling",
            )
        entry = next(
            e for e in selectors.case_timeline(self.case) if e.obj.action == "case.status_changed"
        )
        self.assertEqual(entry.on, datetime.date(2026, 3, 3))
