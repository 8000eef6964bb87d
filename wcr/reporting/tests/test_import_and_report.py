"""``import_participants`` and ``esf_report`` (shared/specs/esf-indicators.md): the database
report agrees with the pure-Python rules row by row, files with bad rows load nothing and name
every row and column, re-imports update, the three formats carry the same numbers."""

from __future__ import annotations

import csv
import datetime
import io
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from openpyxl import load_workbook

from wcr.cases.models import Person
from wcr.core.testing.factories import OrganisationFactory
from wcr.reporting import crypto, rules
from wcr.reporting.importer import COLUMNS, participants_import
from wcr.reporting.indicators import esf_report
from wcr.reporting.models import Participation
from wcr.reporting.services import participations_reencrypt

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def row(external_id: str, **values: Any) -> dict[str, str]:
    base = {
        "external_id": external_id,
        "given_name": "Amina",
        "family_name": "Yusuf",
        "date_of_birth": "1990-05-17",
        "gender": "f",
        "nationalities": "SY",
        "labour_status": "unemployed",
        "isced": "3",
        "entry_date": "2026-03-01",
    }
    base.update({key: str(value) for key, value in values.items()})
    return {column: base.get(column, "") for column in COLUMNS}


def write_csv(directory: Path, rows: list[dict[str, str]], name: str = "p.csv") -> Path:
    path = directory / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


class ReportTestCase(TestCase):
    directory: Path

    @classmethod
    def setUpClass(cls) -> None:
        cls._tmp = tempfile.TemporaryDirectory()
        cls.directory = Path(cls._tmp.name)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._tmp.cleanup()

    @classmethod
    def load(cls, organisation: Any, rows: list[dict[str, str]], name: str = "p.csv") -> None:
        report = participants_import(
            organisation=organisation, path=write_csv(cls.directory, rows, name)
        )
        assert not report.problems, report.problems


class IndicatorRuleTests(ReportTestCase):
    """Each rule on the edge that decides it, through the import and the SQL aggregate."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.org = OrganisationFactory(slug="hwk")
        entry = "2026-03-01"
        cls.load(
            cls.org,
            [
                # ages on the entry date: the day before the birthday and on it
                row("age17", date_of_birth="2008-03-02", entry_date=entry),
                row("age18", date_of_birth="2008-03-01", entry_date=entry),
                row("age29", date_of_birth="1996-03-02", entry_date=entry),
                row("age30", date_of_birth="1996-03-01", entry_date=entry),
                row("age54", date_of_birth="1971-03-02", entry_date=entry),
                row("age55", date_of_birth="1971-03-01", entry_date=entry),
                # nationalities
                row("dual", nationalities="SY;DE"),
                row("stateless", nationalities=""),
                row("eu", nationalities="PL"),
                row("greek", nationalities="gr"),
                # genders
                row("nb", gender="d", labour_status="inactive"),
                row("man", gender="m", labour_status="long_term_unemployed", isced="1"),
                row("emp", gender="m", labour_status="self_employed", isced="7"),
                # incomplete: left out, listed with what is missing
                row("noisced", isced=""),
                row("nothing", gender="", date_of_birth="", labour_status="", isced=""),
                # entry and exit inside/outside the period
                row("before", entry_date="2025-06-01"),
                row(
                    "left",
                    entry_date="2025-06-01",
                    exit_date="2026-02-01",
                    exit_situation="employed;qualification_gained",
                    status_6m="employed",
                ),
                row(
                    "left-later",
                    entry_date="2026-04-01",
                    exit_date="2027-01-02".replace("2027", "2026").replace("01-02", "11-30"),
                    exit_situation="job_searching",
                ),
                row(
                    "outside",
                    entry_date="2025-01-01",
                    exit_date="2025-12-31",
                    exit_situation="employed",
                ),
                # Art. 9 and the other 1.2 items
                row(
                    "special",
                    disability="yes",
                    minority="yes",
                    homeless="yes",
                    rural="yes",
                    foreign_background="yes",
                ),
                row("special-no", disability="no", minority="", homeless="no"),
            ],
        )
        cls.report = esf_report(start=YEAR[0], end=YEAR[1], organisation=cls.org)
        cls.by_id = {p.external_id: str(p.code) for p in Participation.objects.all()}

    def count(self, code: str, group: str = "total") -> int:
        return int(self.report["indicators"][code][group])

    def test_ages_on_the_entry_date(self) -> None:
        # age17 is the only one below 18; 18, 29 are 18-29, 30 is not; 55 counts, 54 not.
        self.assertEqual(self.count("EECO06"), 1)
        ages = {
            p.external_id: p.age_at_entry
            for p in Participation.objects.filter(external_id__startswith="age")
        }
        self.assertEqual(
            ages, {"age17": 17, "age18": 18, "age29": 29, "age30": 30, "age54": 54, "age55": 55}
        )
        self.assertEqual(self.count("EECO08"), 1)
        # 18..29: age18, age29 and every 1990-born participant (35) is not; so exactly two.
        self.assertEqual(self.count("EECO07"), 2)

    def test_third_country_nationals(self) -> None:
        complete_entered = self.count("EECO01")
        # Not third-country: dual SY+DE, PL, GR. Everyone else (SY, stateless) is.
        self.assertEqual(self.count("EECO13"), complete_entered - 3)

    def test_breakdown_by_gender_with_non_binary(self) -> None:
        total = self.report["indicators"]["EECO01"]
        self.assertEqual(total["total"], total["women"] + total["men"] + total["non_binary"])
        self.assertEqual(total["non_binary"], 1)
        self.assertEqual(
            self.report["indicators"]["EECO04"], {"total": 1, "women": 0, "men": 0, "non_binary": 1}
        )
        self.assertEqual(self.report["indicators"]["EECO03"]["men"], 1)
        self.assertEqual(self.count("EECO02"), self.count("EECO01") - 2)  # inactive, self-employed
        self.assertEqual(self.count("EECO05"), 1)
        self.assertEqual(self.count("EECO09"), 1)
        self.assertEqual(self.count("EECO11"), 1)

    def test_completeness_rule(self) -> None:
        incomplete = {
            item["id"]: item["missing"] for item in self.report["incomplete"]["participants"]
        }
        self.assertEqual(self.report["incomplete"]["count"], 2)
        self.assertEqual(incomplete[self.by_id["noisced"]], ["isced"])
        self.assertEqual(
            incomplete[self.by_id["nothing"]], ["gender", "date_of_birth", "labour_status", "isced"]
        )

    def test_entry_and_exit_inside_and_outside_the_period(self) -> None:
        # "before" and "left" entered in 2025: no output indicator; "left" left in 2026: results.
        entered = Participation.objects.filter(entry_date__year=2026, complete=True).count()
        self.assertEqual(self.count("EECO01"), entered)
        self.assertEqual(self.count("EECR04"), 1)  # "left"; "outside" left in 2025
        self.assertEqual(self.count("EECR03"), 1)
        self.assertEqual(self.count("EECR05"), 1)
        self.assertEqual(self.count("EECR01"), 1)  # left-later left inside the period

    def test_special_categories_are_counted_and_sealed(self) -> None:
        self.assertEqual(self.count("EECO12"), 1)
        self.assertEqual(self.count("EECO15"), 1)
        self.assertEqual(self.count("EECO16"), 1)
        self.assertEqual(self.count("EECO17"), 1)
        self.assertEqual(self.count("EECO14"), 1)
        special = Participation.objects.get(external_id="special")
        raw = bytes(special.special_categories)
        self.assertNotIn(b"yy", raw)
        self.assertEqual(special.special(), (True, True))
        self.assertEqual(
            Participation.objects.get(external_id="special-no").special(), (False, None)
        )
        self.assertIsNone(Participation.objects.get(external_id="age17").special_categories)

    def test_sql_agrees_with_the_python_rules(self) -> None:
        python = rules.participant_indicators(
            [p.as_rule_participant() for p in Participation.objects.all()], *YEAR
        )
        for code, figures in python["indicators"].items():
            self.assertEqual(self.report["indicators"][code], figures, code)
        self.assertEqual(python["incomplete"]["count"], self.report["incomplete"]["count"])

    def test_json_shape(self) -> None:
        self.assertEqual(list(self.report), ["period", "organisation", "indicators", "incomplete"])
        self.assertEqual(self.report["period"], {"from": "2026-01-01", "to": "2026-12-31"})
        self.assertEqual(self.report["organisation"], "hwk")
        self.assertEqual(len(self.report["indicators"]), 24)
        self.assertEqual(set(self.report["indicators"]["EECO18"]), {"total"})
        self.assertEqual(set(self.report["indicators"]["EECO19"]), {"total"})
        self.assertEqual(
            set(self.report["indicators"]["EECO01"]), {"total", "women", "men", "non_binary"}
        )


class RandomAgreementTests(ReportTestCase):
    """300 random participants: the SQL aggregate equals the pure-Python rules for several
    periods, for one organisation and the network."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.orgs = [OrganisationFactory(slug="o1"), OrganisationFactory(slug="o2")]
        rng = random.Random(13)
        codes = ["SY", "UA", "DE", "PL", "TR", "IN", "FR", ""]
        for org in cls.orgs:
            rows = []
            for n in range(150):
                entry = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(700))
                exit_date = (
                    entry + datetime.timedelta(days=rng.randrange(400))
                    if rng.random() < 0.6
                    else None
                )
                if exit_date and exit_date > datetime.date(2026, 11, 30):
                    exit_date = None
                situations = (
                    rng.sample(list(rules.EXIT_SITUATIONS), rng.randrange(3)) if exit_date else []
                )
                rows.append(
                    row(
                        f"r{n}",
                        date_of_birth=(
                            datetime.date(1955, 1, 1)
                            + datetime.timedelta(days=rng.randrange(20000))
                        ).isoformat(),
                        gender=rng.choice(["f", "m", "d", "f", "m", ""]),
                        nationalities=";".join(
                            {rng.choice(codes) for _ in range(rng.randrange(1, 3))} - {""}
                        ),
                        labour_status=rng.choice([*rules.LABOUR_STATUSES, ""]),
                        isced=rng.choice(["", *map(str, range(9))]),
                        entry_date=entry.isoformat(),
                        exit_date=exit_date.isoformat() if exit_date else "",
                        exit_situation=";".join(situations),
                        status_6m=rng.choice(["", *rules.STATUSES_6M]) if exit_date else "",
                        disability=rng.choice(["", "yes", "no"]),
                        minority=rng.choice(["", "yes", "no"]),
                        homeless=rng.choice(["", "yes", "no"]),
                        rural=rng.choice(["", "yes", "no"]),
                        foreign_background=rng.choice(["", "yes", "no"]),
                    )
                )
            cls.load(org, rows, name=f"{org.slug}.csv")

    def test_agreement(self) -> None:
        periods = [
            (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
            YEAR,
            (datetime.date(2025, 7, 1), datetime.date(2026, 6, 30)),
        ]
        for start, end in periods:
            for org in [None, *self.orgs]:
                rows = (
                    Participation.objects.all()
                    if org is None
                    else Participation.objects.filter(organisation=org)
                )
                python = rules.participant_indicators(
                    [p.as_rule_participant() for p in rows], start, end
                )
                report = esf_report(start=start, end=end, organisation=org)
                with self.subTest(start=start, org=org):
                    for code, figures in python["indicators"].items():
                        self.assertEqual(report["indicators"][code], figures, code)
                    self.assertEqual(
                        sorted(item["id"] for item in report["incomplete"]["participants"]),
                        sorted(item["id"] for item in python["incomplete"]["participants"]),
                    )


class ImportTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.org = OrganisationFactory(slug="kia")
        cls.other = OrganisationFactory(slug="ihk")

    def run_import(self, path: Path, *args: str) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command(
            "import_participants", str(path), "--org", "kia", *args, stdout=out, stderr=err
        )
        return out.getvalue(), err.getvalue()

    def test_bad_rows_are_all_named_and_nothing_is_loaded(self) -> None:
        path = write_csv(
            self.directory,
            [
                row("ok1"),
                row("bad1", gender="x", isced="9", date_of_birth="17.05.1990"),
                row("ok2"),
                row("", entry_date="", nationalities="SYR", labour_status="working"),
                row(
                    "bad3",
                    exit_date="2026-01-01",
                    entry_date="2026-03-01",
                    exit_situation="retired",
                    disability="ja",
                ),
                row("ok1"),
            ],
            "bad.csv",
        )
        err = io.StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("import_participants", str(path), "--org", "kia", stderr=err)
        lines = err.getvalue()
        for expected in [
            "row 3, column gender",
            "row 3, column isced",
            "row 3, column date_of_birth",
            "row 5, column external_id: is required",
            "row 5, column entry_date: is required",
            "row 5, column nationalities",
            "row 5, column labour_status",
            "row 6, column exit_date: lies before the entry date",
            "row 6, column exit_situation",
            "row 6, column disability",
            "row 7, column external_id: “ok1” is already in row 2",
        ]:
            self.assertIn(expected, lines)
        self.assertNotIn("row 2,", lines)
        self.assertIn("nothing was imported", str(caught.exception))
        self.assertEqual(Participation.objects.count(), 0)
        self.assertEqual(Person.objects.count(), 0)

    def test_exit_status_is_1(self) -> None:
        # manage.py exits with the CommandError's return code (BaseCommand.run_from_argv).
        path = write_csv(self.directory, [row("x", gender="q")], "exit.csv")
        with self.assertRaises(CommandError) as caught:
            call_command("import_participants", str(path), "--org", "kia", stderr=io.StringIO())
        self.assertEqual(caught.exception.returncode, 1)

    def test_header_problems(self) -> None:
        path = self.directory / "header.csv"
        path.write_text("external_id,given_name,colour\nx,y,z\n", encoding="utf-8")
        with self.assertRaises(CommandError) as caught:
            self.run_import(path)
        self.assertIn("missing columns: family_name", str(caught.exception))
        self.assertIn("unknown columns: colour", str(caught.exception))

    def test_dry_run_writes_nothing(self) -> None:
        path = write_csv(self.directory, [row("d1"), row("d2")], "dry.csv")
        out, _ = self.run_import(path, "--dry-run")
        self.assertIn("2 row(s) checked", out)
        self.assertEqual(Participation.objects.count(), 0)

    def test_reimport_updates_rather_than_duplicates(self) -> None:
        first = write_csv(self.directory, [row("p1"), row("p2", isced="")], "first.csv")
        out, _ = self.run_import(first)
        self.assertIn("2 new, 0 updated", out)
        second = write_csv(
            self.directory,
            [
                row(
                    "p1",
                    family_name="Yusuf-Haddad",
                    exit_date="2026-06-30",
                    exit_situation="employed",
                ),
                row("p2", isced="5"),
                row("p3"),
            ],
            "second.csv",
        )
        out, _ = self.run_import(second)
        self.assertIn("1 new, 2 updated", out)
        self.assertEqual(Participation.objects.count(), 3)
        self.assertEqual(Person.objects.count(), 3)
        p1 = Participation.objects.select_related("person").get(external_id="p1")
        self.assertEqual(p1.person.family_name, "Yusuf-Haddad")
        self.assertEqual(p1.exit_situation, ["employed"])
        self.assertTrue(Participation.objects.get(external_id="p2").complete)
        # The same external_id in another organisation is another participant.
        out = io.StringIO()
        call_command("import_participants", str(first), "--org", "ihk", stdout=out)
        self.assertEqual(Participation.objects.count(), 5)

    def test_xlsx_with_numbers_and_dates_as_cells(self) -> None:
        path = self.directory / "p.xlsx"
        workbook = xlsxwriter.Workbook(str(path))
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, COLUMNS)
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        values = row("x1", postal_code="", municipality="")
        for column, name in enumerate(COLUMNS):
            if name in ("date_of_birth", "entry_date"):
                sheet.write_datetime(
                    1, column, datetime.datetime.fromisoformat(values[name]), date_format
                )
            elif name == "isced":
                sheet.write_number(1, column, 6)
            elif name == "postal_code":
                sheet.write_number(1, column, 1067)  # 01067 Dresden, the leading zero lost
            else:
                sheet.write(1, column, values[name])
        workbook.close()
        out, _ = self.run_import(path)
        self.assertIn("1 new", out)
        participation = Participation.objects.get(external_id="x1")
        self.assertEqual(participation.isced, 6)
        self.assertEqual(participation.date_of_birth, datetime.date(1990, 5, 17))
        self.assertEqual(participation.postal_code, "01067")

    def test_unknown_organisation_and_file(self) -> None:
        with self.assertRaisesMessage(
            CommandError, "--org: no organisation has the short code “nope”"
        ):
            call_command("import_participants", "x.csv", "--org", "nope")
        with self.assertRaisesMessage(CommandError, "does not exist"):
            call_command("import_participants", str(self.directory / "missing.csv"), "--org", "kia")
        path = self.directory / "p.txt"
        path.write_text("x")
        with self.assertRaisesMessage(CommandError, "use a .csv"):
            call_command("import_participants", str(path), "--org", "kia")
        latin = self.directory / "latin.csv"
        latin.write_bytes(",".join(COLUMNS).encode() + b"\nx,J\xfcrgen\n")
        with self.assertRaisesMessage(CommandError, "not UTF-8"):
            call_command("import_participants", str(latin), "--org", "kia")


class ReportCommandTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.org = OrganisationFactory(slug="hwk")
        cls.load(
            cls.org,
            [row(f"w{n}") for n in range(7)]
            + [row(f"m{n}", gender="m") for n in range(3)]
            + [row("inc", isced="")],
        )

    def report(self, fmt: str, *args: str) -> bytes:
        out = io.StringIO()
        with tempfile.NamedTemporaryFile(suffix=f".{fmt}") as handle:
            call_command(
                "esf_report",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
                "--format",
                fmt,
                "--output",
                handle.name,
                *args,
                stderr=io.StringIO(),
                stdout=out,
            )
            return Path(handle.name).read_bytes()

    def test_json_to_stdout(self) -> None:
        out = io.StringIO()
        call_command(
            "esf_report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
            stdout=out,
        )
        report = json.loads(out.getvalue())
        self.assertEqual(
            report["indicators"]["EECO01"], {"total": 10, "women": 7, "men": 3, "non_binary": 0}
        )
        self.assertEqual(report["incomplete"]["count"], 1)
        self.assertIsNone(report["organisation"])

    def test_csv_and_xlsx_carry_the_json_numbers(self) -> None:
        report = json.loads(self.report("json", "--org", "hwk"))
        self.assertEqual(report["organisation"], "hwk")
        rows = list(csv.DictReader(io.StringIO(self.report("csv", "--org", "hwk").decode())))
        self.assertEqual(len(rows), 24)
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            Path(handle.name).write_bytes(self.report("xlsx", "--org", "hwk"))
            sheet = load_workbook(handle.name)["indicators"]
            xlsx = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
        for csv_row, xlsx_row in zip(rows, xlsx, strict=True):
            code = csv_row["indicator"]
            self.assertEqual(xlsx_row[0], code)
            figures = report["indicators"][code]
            for index, group in enumerate(("total", "women", "men", "non_binary"), start=2):
                if group not in figures:
                    self.assertIn(xlsx_row[index], (None, ""))
                    continue
                self.assertEqual(int(csv_row[group]), figures[group])
                self.assertEqual(xlsx_row[index], figures[group])

    def test_suppressed_for_publication(self) -> None:
        report = json.loads(self.report("json", "--suppress"))
        # 10 = 7 women + 3 men: men < 5 blanked, and women too (else 10 - 7 gives it away).
        self.assertEqual(
            report["indicators"]["EECO01"],
            {"total": 10, "women": None, "men": None, "non_binary": 0},
        )
        self.assertEqual(report["incomplete"]["participants"], [])
        rows = {
            r["indicator"]: r
            for r in csv.DictReader(io.StringIO(self.report("csv", "--suppress").decode()))
        }
        self.assertEqual(rows["EECO01"]["men"], "< 5")

    def test_bad_arguments(self) -> None:
        for args, message in [
            (["--from", "2026-13-01", "--to", "2026-12-31"], "--from: “2026-13-01” is not a date"),
            (["--from", "2026-12-01", "--to", "2026-01-31"], "--to lies before --from"),
            (
                ["--from", "2026-01-01", "--to", "2026-12-31", "--org", "nope"],
                "--org: no organisation",
            ),
        ]:
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                call_command("esf_report", *args, "--format", "json", stdout=io.StringIO())
        with self.assertRaisesMessage(CommandError, "--format xlsx needs --output"):
            call_command(
                "esf_report", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "xlsx"
            )


class KeyRotationTests(ReportTestCase):
    """A new key in front: old values still open; re-sealing moves them to the new key; then
    the old key can go."""

    def test_rotation(self) -> None:
        old, new = crypto.new_key(), crypto.new_key()
        org = OrganisationFactory(slug="rot")
        with override_settings(ESF_FIELD_KEYS=[old]):
            self.load(
                org, [row("k1", disability="yes"), row("k2", minority="no"), row("k3")], "rot.csv"
            )
            self.assertEqual(
                esf_report(start=YEAR[0], end=YEAR[1])["indicators"]["EECO12"]["total"], 1
            )
        with override_settings(ESF_FIELD_KEYS=[new, old]):
            self.assertEqual(Participation.objects.get(external_id="k1").special(), (True, None))
            self.assertEqual(participations_reencrypt(), 2)
            self.assertEqual(participations_reencrypt(), 0)
        with override_settings(ESF_FIELD_KEYS=[new]):
            self.assertEqual(Participation.objects.get(external_id="k2").special(), (None, False))
            self.assertEqual(
                esf_report(start=YEAR[0], end=YEAR[1])["indicators"]["EECO12"]["total"], 1
            )
        with override_settings(ESF_FIELD_KEYS=[old]), self.assertRaises(crypto.SealError):
            Participation.objects.get(external_id="k1").special()

    def test_a_sealed_value_does_not_open_on_another_row(self) -> None:
        org = OrganisationFactory(slug="aad")
        self.load(org, [row("a", disability="yes"), row("b", disability="no")], "aad.csv")
        a, b = (
            Participation.objects.get(external_id="a"),
            Participation.objects.get(external_id="b"),
        )
        b.special_categories = a.special_categories
        with self.assertRaises(crypto.SealError):
            b.special()

    def test_command(self) -> None:
        out = io.StringIO()
        call_command("reencrypt_participants", stdout=out)
        self.assertIn("Re-sealed: 0", out.getvalue())


class DeployCheckTests(TestCase):
    def test_warns_without_field_keys(self) -> None:
        from wcr.reporting.checks import check_field_keys

        with override_settings(ESF_FIELD_KEYS=[]):
            self.assertEqual([w.id for w in check_field_keys()], ["wcr.W020"])
        with override_settings(ESF_FIELD_KEYS=[crypto.new_key()]):
            self.assertEqual(check_field_keys(), [])
