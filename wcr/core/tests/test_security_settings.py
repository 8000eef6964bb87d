"""Security headers on every response, and a configuration that refuses to be insecure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from wcr.core.testing.base import WcrTestCase
from wcr.settings import mailers_from_url

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
    "ALLOWED_HOSTS": "wcr.example.org",
    "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'deploy-check.sqlite3'}",
    "EMAIL_URL": "smtp://mail.example.org:25",
    "ESF_FIELD_KEYS": "bm90LWEtcmVhbC1rZXktMzItYnl0ZXMtbG9uZyEhISE",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "DEMO_MODE",
            "DEMO_PASSWORD",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "STATIC_FROM_FINDERS",
            "SECURE_SSL_REDIRECT",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class DeploymentConfigurationTests(SimpleTestCase):
    def test_check_deploy_reports_no_issue_for_a_production_configuration(self) -> None:
        result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("System check identified no issues", result.stdout)

    def test_it_refuses_to_start_without_a_secret_key_naming_it(self) -> None:
        env = PRODUCTION_ENV | {"SECRET_KEY": ""}
        result = manage("check", env=env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("Refusing to start with an insecure configuration", result.stderr)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_it_refuses_demo_passwords_and_demo_mode_outside_debug(self) -> None:
        env = PRODUCTION_ENV | {"DEMO_PASSWORD": "demo-password-123", "DEMO_MODE": "true"}
        result = manage("check", env=env)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEMO_PASSWORD", result.stderr)
        self.assertIn("DEMO_MODE", result.stderr)

    def test_it_names_a_malformed_boolean(self) -> None:
        result = manage("check", env=PRODUCTION_ENV | {"DEBUG": "maybe"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DEBUG='maybe' is not a boolean", result.stderr)

    def test_it_reads_values_from_files(self) -> None:
        secret_file = ROOT / "var" / "secret-key-for-test"
        secret_file.write_text(PRODUCTION_ENV["SECRET_KEY"] + "\n", encoding="utf-8")
        env = PRODUCTION_ENV | {"SECRET_KEY": "", "SECRET_KEY_FILE": str(secret_file)}
        result = manage("check", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_seed_demo_refuses_to_run_outside_debug(self) -> None:
        result = manage("seed_demo", env=PRODUCTION_ENV)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("runs only with DEBUG=true", result.stderr)


class MailUrlTests(SimpleTestCase):
    def test_it_translates_an_smtp_url_into_mailers(self) -> None:
        mailers = mailers_from_url("smtp+tls://user%40x:p%40ss@mail.example.org:587?timeout=7")
        options = mailers["default"]["OPTIONS"]
        self.assertEqual(options["host"], "mail.example.org")
        self.assertEqual(options["port"], 587)
        self.assertEqual(options["username"], "user@x")
        self.assertEqual(options["password"], "p@ss")
        self.assertIs(options["use_tls"], True)
        self.assertEqual(options["timeout"], 7)

    def test_it_names_an_unsupported_scheme(self) -> None:
        from django.core.exceptions import ImproperlyConfigured

        with self.assertRaisesMessage(ImproperlyConfigured, "EMAIL_URL scheme 'ftp'"):
            mailers_from_url("ftp://x")


class SecurityHeaderTests(WcrTestCase):
    def test_it_sends_a_strict_content_security_policy(self) -> None:
        response = self.client.get(reverse("portal:home"))
        policy = response["Content-Security-Policy"]
        self.assertIn("default-src 'self'", policy)
        self.assertIn("frame-ancestors 'none'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotIn("unsafe-eval", policy)

    def test_it_sends_the_usual_protective_headers(self) -> None:
        response = self.client.get(reverse("portal:home"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_it_forbids_caching_of_staff_and_login_pages(self) -> None:
        self.assertIn("no-store", self.client.get(reverse("account_login"))["Cache-Control"])
        self.sign_in(self.counsellor)
        self.assertIn("no-store", self.client.get(reverse("staff:home"))["Cache-Control"])

    def test_the_templates_contain_no_inline_style_or_script_handlers(self) -> None:
        offenders: list[str] = []
        for path in (ROOT / "templates").rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            offenders.extend(
                f"{path.relative_to(ROOT)}: {needle.strip()}"
                for needle in (" style=", " onclick=", " onload=", "<style")
                if needle in text
            )
        self.assertEqual(offenders, [])


class HealthTests(TestCase):
    def test_it_answers_200_when_the_database_answers(self) -> None:
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok"})

    def test_it_answers_503_when_the_database_does_not(self) -> None:
        from unittest import mock

        from django.db import OperationalError

        with mock.patch("wcr.core.views.connection.cursor", side_effect=OperationalError("down")):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["status"], "unavailable")
