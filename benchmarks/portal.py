"""Public portal under load (part of ``make bench``, group ``portal``).

gunicorn (``BENCH_PORTAL_WORKERS`` sync workers, default 4, production settings) on a free
loopback port, on the benchmark database of ``database.py`` (``var/bench.sqlite3``, or
``<DATABASE_URL's database>_bench`` on PostgreSQL) migrated and seeded with ``seed_demo``, its
static files collected as in production (WhiteNoise). The load generator is the small asyncio HTTP/1.1 client
below, in this process: ``BENCH_PORTAL_CLIENTS`` (50) concurrent clients for
``BENCH_PORTAL_SECONDS`` (10) per target, each request on its own connection (gunicorn's sync
workers close the connection after each answer). Lines:

    BENCH name=portal_start rows=<requests> p50_ms=… p95_ms=… baseline=static_css
        baseline_p95_ms=… ratio=… rps=… p99_ms=… clients=50 client_cpu=…

``client_cpu`` is the client's CPU time over the wall time (1.0 = one core busy): near 1.0 the
client, not the server, limits the figure. Targets: the start page (``portal_start``, served
from the page cache) and the same page rendered on every request (``portal_start_rendered``: a
query string bypasses the stored page), the request form (``portal_request_form``,
``/anfrage/``; skipped with a note while it answers 404), the stylesheet served by WhiteNoise in
the same server (``static_css``, the baseline), and ``portal_request_post`` (``POST
/api/v1/portal/requests`` from ``BENCH_PORTAL_POST_CLIENTS`` (5) clients, ``BENCH_PORTAL_POSTS``
(200) requests, p95; skipped while it answers 404).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = int(os.environ.get("BENCH_PORTAL_CLIENTS", "50"))
SECONDS = float(os.environ.get("BENCH_PORTAL_SECONDS", "10"))
WORKERS = int(os.environ.get("BENCH_PORTAL_WORKERS", "4"))
POST_REQUESTS = int(os.environ.get("BENCH_PORTAL_POSTS", "200"))
POST_CLIENTS = int(os.environ.get("BENCH_PORTAL_POST_CLIENTS", "5"))
HOST = "127.0.0.1"


@dataclass
class Load:
    """What one run against one target measured."""

    timings: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    wall: float = 0.0
    cpu: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.timings) / self.wall if self.wall else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.timings)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000


def _request_bytes(method: str, path: str, body: bytes = b"", headers: str = "") -> bytes:
    head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Language: de\r\n{headers}"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return (head + "Connection: keep-alive\r\n\r\n").encode() + body


_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
_CLOSE = re.compile(rb"\r\nconnection:\s*close", re.IGNORECASE)


async def _one_client(
    port: int, raw: bytes, deadline: float, load: Load, count: int | None = None
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while time.perf_counter() < deadline and (count is None or len(load.timings) < count):
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
            assert reader is not None
            writer.write(raw)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = _LENGTH.search(head)
            if length:
                await reader.readexactly(int(length.group(1)))
            else:  # no length: the body ends with the connection
                await reader.read()
            if length is None or _CLOSE.search(head):
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            load.errors += 1
            if writer is not None:
                writer.close()
            writer = None
            continue
        load.timings.append(time.perf_counter() - start)
        load.statuses[status] = load.statuses.get(status, 0) + 1
    if writer is not None:
        writer.close()


def run_load(
    port: int,
    raw: bytes,
    clients: int = CLIENTS,
    seconds: float = SECONDS,
    count: int | None = None,
) -> Load:
    """``clients`` concurrent clients sending ``raw`` for ``seconds`` (or ``count`` requests)."""
    load = Load()

    async def main() -> None:
        deadline = time.perf_counter() + seconds
        await asyncio.gather(
            *(_one_client(port, raw, deadline, load, count) for _ in range(clients))
        )

    wall, cpu = time.perf_counter(), time.process_time()
    asyncio.run(main())
    load.wall, load.cpu = time.perf_counter() - wall, time.process_time() - cpu
    return load


def line(name: str, load: Load, baseline: Load | None, extra: str = "") -> None:
    p95 = load.percentile(0.95)
    base_p95 = baseline.percentile(0.95) if baseline else p95
    ratio = p95 / base_p95 if base_p95 else float("inf")
    print(
        f"BENCH name={name} rows={len(load.timings)} p50_ms={load.percentile(0.5):.2f} "
        f"p95_ms={p95:.2f} baseline={'static_css' if baseline else name} "
        f"baseline_p95_ms={base_p95:.2f} ratio={ratio:.2f} rps={load.rps:.0f} "
        f"p99_ms={load.percentile(0.99):.2f} clients={CLIENTS} "
        f"client_cpu={load.cpu / load.wall:.2f}{extra}",
        flush=True,
    )
    other = {code: n for code, n in load.statuses.items() if not 200 <= code < 300}
    if other or load.errors:
        print(
            f"# {name}: answers other than 2xx {other}, connection errors {load.errors}", flush=True
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def server_environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "DEMO_MODE": "false",
        "STATIC_FROM_FINDERS": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "AUDIT_CHAIN_KEY": "bench:" + secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "PORTAL_RATE_LIMIT": "0",
        "NAVIGATOR_RATE_LIMIT": "0",
        "LOG_LEVEL": "WARNING",
    }


def prepare(database_url: str) -> None:
    """Migrate and seed the database (demo data, as ``make demo`` has it); collect static files."""
    manage = [sys.executable, "manage.py"]
    demo = {**server_environment(database_url), "DEBUG": "true", "DEMO_MODE": "true"}
    for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"], ["createcachetable"]):
        subprocess.run(
            [*manage, *command], cwd=ROOT, env=demo, check=True, stdout=subprocess.DEVNULL
        )
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=server_environment(database_url),
        check=True,
    )


def start_server(database_url: str, port: int, workers: int = WORKERS) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wcr.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_environment(database_url),
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def stylesheet_path(port: int) -> str:
    """The hashed URL of css/wcr.css that the start page links to."""
    _status, html = _get(f"http://{HOST}:{port}/")
    match = re.search(r'href="(/static/css/wcr\.[^"]*\.css)"', html)
    if not match:
        raise SystemExit("the start page links no hashed /static/css/wcr.*.css")
    return match.group(1)


def request_body(port: int) -> bytes | None:
    """A valid request for the portal's request API, or None when the API is not there yet."""
    base = f"http://{HOST}:{port}/api/v1/portal"
    status, topics = _get(base + "/topics")
    if status == 404:
        return None
    notice_status, notice = _get(base + "/privacy-notice")
    items = json.loads(topics)["items"] if status == 200 else []
    return json.dumps(
        {
            "kind": "person",
            "given_name": "Bench",
            "family_name": "Mark",
            "email": "bench@example.org",
            "country": "DE",
            "postal_code": "52062",
            "link": "residence",
            "topics": [items[0]["code"]] if items else [],
            "message": "Benchmark request.",
            "language": "de",
            "privacy_notice_version": json.loads(notice)["version"]
            if notice_status == 200
            else "1",
        }
    ).encode()


def bench_request_post(port: int, requests: int = POST_REQUESTS) -> Load | None:
    """``requests`` POSTs to ``/api/v1/portal/requests`` from ``POST_CLIENTS`` clients (each
    stores a request and queues its mail): p95.

    None, with a note, while the endpoint is not there (404)."""
    body = request_body(port)
    probe = None if body is None else _post_status(port, body)
    if probe is None or probe == 404:
        print("# portal_request_post skipped: POST /api/v1/portal/requests answers 404", flush=True)
        return None
    raw = _request_bytes("POST", "/api/v1/portal/requests", body or b"")
    return run_load(port, raw, clients=POST_CLIENTS, seconds=60, count=requests)


def _post_status(port: int, body: bytes) -> int:
    request = urllib.request.Request(
        f"http://{HOST}:{port}/api/v1/portal/requests", data=body, method="POST"
    )
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def run(database_url: str, note: Callable[[str], None]) -> None:
    prepare(database_url)
    port = free_port()
    server = start_server(database_url, port)
    try:
        css = stylesheet_path(port)
        # A query string bypasses the stored page (wcr/core/public_cache.py): the start page
        # rendered on every request, the "before" of the page cache in the same run.
        targets = {
            "static_css": css,
            "portal_start": "/",
            "portal_start_rendered": "/?bench=rendered",
            "portal_request_form": "/anfrage/",
        }
        note(
            f"portal: gunicorn {WORKERS} sync workers on {HOST}:{port}, {CLIENTS} clients, "
            f"{SECONDS:g} s per target, asyncio client in one process; cores: {os.cpu_count()}"
        )
        for path in targets.values():  # warm-up: every worker loads its templates
            run_load(port, _request_bytes("GET", path), clients=WORKERS * 2, seconds=1)
        baseline = run_load(port, _request_bytes("GET", css))
        line("static_css", baseline, None)
        for name in ("portal_start", "portal_start_rendered", "portal_request_form"):
            status, _html = _get(f"http://{HOST}:{port}{targets[name]}")
            if status == 404:
                note(f"{name} skipped: {targets[name]} answers 404 (not built on this branch)")
                continue
            line(name, run_load(port, _request_bytes("GET", targets[name])), baseline)
        posts = bench_request_post(port)
        if posts is not None:
            line("portal_request_post", posts, None, f" post_clients={POST_CLIENTS}")
    finally:
        server.terminate()
        server.wait(timeout=30)
