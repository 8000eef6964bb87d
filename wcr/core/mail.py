"""Sending mail: rendered now, sent by the task worker after the transaction commits."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from wcr.core.tasks import send_mail_job


def mail_send(
    *, to: list[str], template: str, context: dict[str, Any], language: str = "de"
) -> None:
    """Render ``<template>_subject.txt``, ``<template>.txt`` and (if present) ``<template>.html``
    in ``language`` and enqueue the message once the surrounding transaction has committed."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    transaction.on_commit(partial(send_mail_job.enqueue, subject=subject, body=body, to=to))
