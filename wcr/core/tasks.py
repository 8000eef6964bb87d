"""Background work on Django's tasks framework, with retries.

django-tasks-db runs each enqueued task once; ``retrying_task`` adds what a mail queue needs: a
failing run stays visible as a failed task result (in the admin: its error class only), and a new
attempt is enqueued with exponential back-off until ``TASK_MAX_ATTEMPTS`` is reached. Nothing is
lost: the last failure stays on record.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage, MIMEPart
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import Task, task
from django.utils import timezone

if TYPE_CHECKING:
    from wcr.core.mail import Attachment

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> timedelta:
    """Back-off before attempt ``attempt + 1``: base, 2×base, 4×base, … capped at one day."""
    seconds = settings.TASK_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
    return timedelta(seconds=min(seconds, 86_400))


def retrying_task(*, queue_name: str = "default") -> Callable[[Callable[..., Any]], Task[..., Any]]:
    def decorate(func: Callable[..., Any]) -> Task[..., Any]:
        @functools.wraps(func)
        def run(*args: Any, _attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception:
                if _attempt < settings.TASK_MAX_ATTEMPTS:
                    run_after = timezone.now() + retry_delay(_attempt)
                    bound.using(run_after=run_after).enqueue(*args, _attempt=_attempt + 1, **kwargs)
                    logger.warning(
                        "task %s failed (attempt %d), retrying after %s",
                        bound.name,
                        _attempt,
                        run_after.isoformat(),
                    )
                else:
                    logger.error("task %s failed for good after %d attempts", bound.name, _attempt)
                raise

        bound = task(queue_name=queue_name)(run)
        return bound

    return decorate


class MailNotSent(Exception):
    """A mail task failed. Carries only the class of the underlying error: its message (an SMTP
    server's answer naming the recipient, say) stays out of the task row and the admin."""


def attachment_part(attachment: Attachment) -> MIMEPart:
    """The MIME part of one attachment, its bytes exactly as given (base64) and its Content-Type
    with every parameter of ``mimetype``. Django's ``attach(filename, content, mimetype)`` would
    decode a ``text/*`` file and send it with ``\n`` line ends, but an iCalendar file must keep
    its CRLF, and the ``method`` parameter of ``text/calendar`` is what makes a mail program
    offer the invitation."""
    header = EmailMessage()
    header["Content-Type"] = attachment.mimetype
    part = MIMEPart()
    part.set_content(
        attachment.content,
        maintype=header.get_content_maintype(),
        subtype=header.get_content_subtype(),
        cte="base64",
        disposition="attachment",
        filename=attachment.filename,
        params=dict(header["Content-Type"].params),
    )
    return part


@retrying_task(queue_name="mail")
def send_mail_job(*, sealed: str) -> int:
    """Open one sealed message (``wcr.core.mail.mail_seal``) and send it over the configured mail
    backend (SMTP in production and tests)."""
    from wcr.core.mail import mail_unseal

    message = mail_unseal(sealed)
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        to=message["to"],
        reply_to=[message["reply_to"]] if message.get("reply_to") else None,
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    for attachment in message["attachments"]:
        email.attach(attachment_part(attachment))
    try:
        return email.send()
    except Exception as exc:
        logger.warning("mail not sent: %s", type(exc).__name__)
        raise MailNotSent(type(exc).__name__) from None
