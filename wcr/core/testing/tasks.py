"""Running the task worker inside a test, as production does (``db_worker``)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def run_worker(queue: str = "mail") -> None:
    """Run the database worker until no task is ready."""
    call_command("db_worker", batch=True, queue_name=queue, startup_delay=False, stdout=StringIO())
