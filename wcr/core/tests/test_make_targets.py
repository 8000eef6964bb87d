"""The developer commands of the Makefile: what ``make test`` tells, and that the demo server stops
cleanly on Ctrl-C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_make_test_says_that_the_browser_tests_run_separately_and_how() -> None:
    dry_run = subprocess.run(
        ["make", "--dry-run", "--silent", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "make test-browser" in dry_run
    # It is said after the test run, not only in `make help`.
    assert dry_run.index("pytest") < dry_run.index("make test-browser")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_served(url: str, process: subprocess.Popen[str], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own local server)
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise AssertionError(f"{url} not served within {seconds} s")


def test_the_demo_server_and_its_task_worker_stop_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "PYTEST", "COV_"))
    }
    env.update(
        DEBUG="true",
        DEMO_MODE="true",
        STATIC_FROM_FINDERS="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        PY=sys.executable,
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    port = _free_port()
    # A new session, as a terminal runs `make demo`: Ctrl-C signals the whole process group.
    process = subprocess.Popen(
        ["scripts/demo-serve", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _wait_until_served(f"http://127.0.0.1:{port}/", process, seconds=60)
        time.sleep(1.5)  # the worker has started and polls
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()

    assert process.returncode == 0, stderr
    for symptom in ("Segmentation fault", "Traceback", "unraisable", "Exception ignored"):
        assert symptom not in stderr, stderr
    assert "shutting down gracefully" in stderr  # the worker got the signal and stopped itself
