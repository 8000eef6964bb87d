"""Navigator benchmarks (part of ``make bench``).

- ``navigator_engine``: one evaluation of the pure-Python engine, on the scenario facts of
  the test suite cycled; baseline ``facts_parse`` (only the facts check). Adds
  ``evals_per_s``: evaluations per second in one process on one core (goal > 5000).
- ``navigator_api``: ``POST /api/v1/navigator/evaluate`` through gunicorn (2 workers) under
  ``BENCH_API_CLIENTS`` concurrent clients; baseline ``healthz`` (``GET /healthz``, one database
  query) under the same load.
"""

from __future__ import annotations

import datetime
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "wcr/navigator/tests/data/scenarios.json"
ENGINE_EVALS = int(os.environ.get("BENCH_ENGINE_EVALS", "20000"))
API_CLIENTS = int(os.environ.get("BENCH_API_CLIENTS", "8"))
API_REQUESTS = int(os.environ.get("BENCH_API_REQUESTS", "100"))


def _line(
    name: str,
    rows: int,
    result: tuple[float, float],
    baseline_name: str,
    baseline: tuple[float, float],
    extra: str = "",
) -> None:
    ratio = result[1] / baseline[1] if baseline[1] else float("inf")
    print(
        f"BENCH name={name} rows={rows} p50_ms={result[0]:.3f} p95_ms={result[1]:.3f} "
        f"baseline={baseline_name} baseline_p95_ms={baseline[1]:.3f} ratio={ratio:.2f}{extra}",
        flush=True,
    )


def run_engine(measure: Callable[[Callable[[], object], int], tuple[float, float]]) -> None:
    from wcr.navigator.engine import evaluate, parse_facts
    from wcr.navigator.kb import knowledge_base

    kb = knowledge_base()
    facts = [row["facts"] for row in json.loads(SCENARIOS.read_text(encoding="utf-8"))]
    today = datetime.date(2026, 5, 1)  # the engine is given "today"; every scenario has as_of
    parsed = [parse_facts(item, today=today) for item in facts]
    for item in parsed:  # warm-up, and the compiled conditions are cached
        evaluate(item, kb, lang="de")
    index = {"engine": 0, "parse": 0}

    def one_evaluation() -> object:
        index["engine"] += 1
        return evaluate(
            parse_facts(facts[index["engine"] % len(facts)], today=today), kb, lang="de"
        )

    def one_parse() -> object:
        index["parse"] += 1
        return parse_facts(facts[index["parse"] % len(facts)], today=today)

    samples = 3000
    result = measure(one_evaluation, samples)
    baseline = measure(one_parse, samples)
    started = time.process_time()
    for number in range(ENGINE_EVALS):
        evaluate(parse_facts(facts[number % len(facts)], today=today), kb, lang="de")
    per_second = ENGINE_EVALS / (time.process_time() - started)
    _line(
        "navigator_engine",
        len(facts),
        result,
        "facts_parse",
        baseline,
        f" evals_per_s={per_second:.0f}",
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _load(url: str, body: bytes | None, clients: int, requests: int) -> list[float]:
    timings: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        local = []
        for _ in range(requests):
            request = urllib.request.Request(url, data=body, method="POST" if body else "GET")
            request.add_header("Content-Type", "application/json")
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                assert response.status == 200
            local.append(time.perf_counter() - start)
        with lock:
            timings.extend(local)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def run_api(database_url: str, percentiles: Callable[[list[float]], tuple[float, float]]) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "AUDIT_CHAIN_KEY": "bench:" + secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "NAVIGATOR_RATE_LIMIT": "0",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wcr.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        facts = json.loads(SCENARIOS.read_text(encoding="utf-8"))[40]["facts"]
        body = json.dumps(facts).encode()
        url = base + "/api/v1/navigator/evaluate"
        _load(url, body, API_CLIENTS, 10)  # warm-up
        _load(base + "/healthz", None, API_CLIENTS, 10)
        api = percentiles(_load(url, body, API_CLIENTS, API_REQUESTS))
        health = percentiles(_load(base + "/healthz", None, API_CLIENTS, API_REQUESTS))
        _line(
            "navigator_api",
            API_CLIENTS * API_REQUESTS,
            api,
            "healthz",
            health,
            f" clients={API_CLIENTS}",
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
