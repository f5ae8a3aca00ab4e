"""E-mail in workers of the task queue: the cycle's notifications (restrack.reporting.notifications)
are written when the step commits and sent by a worker, which retries a mail server that fails,
with a growing wait, before giving up and logging it. Without a broker they are sent at once."""

from __future__ import annotations

import logging
from smtplib import SMTPException

from django.core.mail import EmailMessage

from restrack.jobs.queue import app, queued

logger = logging.getLogger(__name__)


@app.task(
    name="restrack.reporting.send_mail",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_one(subject: str, body: str, recipient: str, headers: dict | None = None) -> None:
    EmailMessage(subject, body, None, [recipient], headers=headers or None).send()


class MailNotSent(Exception):
    """A private mail failed: what kind of failure, without the mail server's words, which may
    quote the address (SMTPRecipientsRefused names it)."""


@app.task(name="restrack.reporting.send_private_mail", bind=True, max_retries=8)
def send_private(self, subject: str, body: str, recipient: str, headers: dict | None = None) -> None:
    """send_one for an address that is nobody's business (a follower without an account): the
    worker's log of a retry or a failure names the kind of failure only."""
    try:
        send_one(subject, body, recipient, headers)  # here, not queued: its own retries would log the words
    except (SMTPException, OSError) as error:
        failure = MailNotSent(type(error).__name__)
        raise self.retry(exc=failure, countdown=min(30 * 2**self.request.retries, 3600)) from None


def send_soon(
    subject: str, body: str, recipient: str, *, what: str, headers: dict | None = None, private: bool = False
) -> None:
    """Send one message through the queue; here and now without a broker, or when the broker
    cannot be reached. A failure here is logged: the step it tells of has already happened.
    `headers`: extra ones (List-Unsubscribe for followers' mail). `private`: the address is
    nobody's business (a follower without an account), so a failure is logged without it."""
    if queued(send_private if private else send_one, subject, body, recipient, headers, what=f"the {what} mail"):
        return
    try:
        send_one(subject, body, recipient, headers)
    except Exception as error:  # noqa: BLE001 - the step has happened; a mail failure must not hide that
        if private:  # the error's own words may quote the address (a refused recipient)
            logger.error("Could not send %s mail (%s)", what, type(error).__name__)
        else:
            logger.exception("Could not send %s mail to %s", what, recipient)
