"""Sending mail: rendered now, sealed, sent by the task worker after the transaction commits.

The task row in the database holds only a sealed message: subject, body, recipients and links are
encrypted (Fernet, AES-128-CBC with HMAC-SHA-256) under a key derived from ``SECRET_KEY`` with
HKDF, so neither a database copy nor the admin's task list shows a password-reset link, a client's
name, a recipient or an attachment (a calendar invitation, say: base64 inside the sealed JSON). Once the worker has run the task (sent or failed; a retry carries its own
copy) the sealed message is removed from the row (``mail_purge_sent``).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes

PURGED = ""  # what the ``sealed`` argument of a finished mail task holds
_HKDF_INFO = b"wcr.core.mail: sealed outgoing messages v1"


@dataclass(frozen=True)
class Attachment:
    """A file sent with a mail. ``mimetype`` may carry parameters
    (``text/calendar; method=REQUEST; charset=UTF-8``); they reach the recipient unchanged."""

    filename: str
    content: bytes
    mimetype: str


def _fernet(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        force_bytes(secret)
    )
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    """The current key first; messages sealed under a ``SECRET_KEY_FALLBACKS`` key still open."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(secret) for secret in secrets])


def mail_seal(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    reply_to: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> str:
    """The message as one encrypted token, for the task queue (attachments included)."""
    payload = {
        "subject": subject,
        "body": body,
        "to": to,
        "html": html,
        "reply_to": reply_to,
        "attachments": [
            {
                "filename": attachment.filename,
                "content": base64.b64encode(attachment.content).decode("ascii"),
                "mimetype": attachment.mimetype,
            }
            for attachment in attachments
        ],
    }
    return _keys().encrypt(json.dumps(payload).encode()).decode()


def mail_unseal(sealed: str) -> dict[str, Any]:
    """The message sealed by :func:`mail_seal`; ``ValueError`` if it was purged or tampered with.
    Its ``attachments`` are :class:`Attachment` objects (none for a message sealed before
    attachments existed)."""
    try:
        payload: dict[str, Any] = json.loads(_keys().decrypt(sealed.encode()))
    except (InvalidToken, ValueError):
        raise ValueError(
            "the sealed message cannot be opened (purged, altered or another key)"
        ) from None
    payload["attachments"] = [
        Attachment(
            filename=item["filename"],
            content=base64.b64decode(item["content"]),
            mimetype=item["mimetype"],
        )
        for item in payload.get("attachments", [])
    ]
    return payload


def mail_enqueue(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    reply_to: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> None:
    """Seal a rendered message and enqueue it once the surrounding transaction has committed."""
    from wcr.core.tasks import send_mail_job

    sealed = mail_seal(
        subject=subject, body=body, to=to, html=html, reply_to=reply_to, attachments=attachments
    )
    transaction.on_commit(partial(send_mail_job.enqueue, sealed=sealed))


def mail_send(
    *,
    to: list[str],
    template: str,
    context: dict[str, Any],
    language: str = "de",
    attachments: Sequence[Attachment] = (),
    reply_to: str | None = None,
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` in ``language`` and enqueue the
    message with its ``attachments``, sealed, once the surrounding transaction has committed.

    The ``.txt`` templates are plain text: the ``emails/`` templates start with
    ``{% autoescape off %}`` so ``O'Brien & Söhne`` arrives as written, not as HTML entities.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    mail_enqueue(subject=subject, body=body, to=to, attachments=attachments, reply_to=reply_to)


def mail_purge_sent(task_result_id: str) -> None:
    """Remove the sealed message from a finished mail task's row (called by the worker's
    ``task_finished`` signal, see ``wcr.core.apps``)."""
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.filter(id=task_result_id).only("args_kwargs").first()
    if row is None:
        return
    kwargs = dict(row.args_kwargs.get("kwargs", {}))
    if kwargs.get("sealed"):
        kwargs["sealed"] = PURGED
        DBTaskResult.objects.filter(id=task_result_id).update(
            args_kwargs={"args": [], "kwargs": kwargs}
        )
