"""The cycle's e-mail goes through the task queue: without a broker it is sent at once; when the
broker cannot be reached it is sent from the process itself; a failing mail server is logged."""

import logging

import pytest
from django.core import mail

from restrack.jobs.queue import configure
from restrack.reporting.tasks import send_soon


def test_without_a_broker_mail_is_sent_at_once():
    send_soon("Period 2024-H2 opened", "第 2/6 号决议\n", "focal@example.org", what="period_opened")
    assert [(message.subject, message.to) for message in mail.outbox] == [
        ("Period 2024-H2 opened", ["focal@example.org"])
    ]


@pytest.fixture
def unreachable_broker():
    configure(broker_url="amqp://guest:guest@127.0.0.1:9//", queue="restrack-unreachable")
    yield
    configure()


def test_mail_is_sent_from_the_process_when_the_broker_cannot_be_reached(unreachable_broker, caplog):
    with caplog.at_level(logging.ERROR, logger="restrack.reporting.tasks"):
        send_soon("Reminder", "Text\n", "focal@example.org", what="reminder")
    assert [message.to for message in mail.outbox] == [["focal@example.org"]]
    assert "Could not send the reminder mail to the task queue" in caplog.text


def test_a_failing_mail_server_is_logged_not_raised(settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with caplog.at_level(logging.ERROR, logger="restrack.reporting.tasks"):
        send_soon("Returned", "Text\n", "focal@example.org", what="returned")
    assert "Could not send returned mail to focal@example.org" in caplog.text


def test_a_private_mail_that_fails_is_retried_without_its_address_in_the_log(settings):
    from celery.exceptions import Retry

    from restrack.reporting.tasks import MailNotSent, send_private

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with pytest.raises(Retry) as raised:  # eagerly applied, a retry is raised (a worker schedules it)
        send_private.apply(args=("Digest", "Text\n", "follower@example.org"))
    assert isinstance(raised.value.exc, MailNotSent) and raised.value.__cause__ is None
    assert "follower@example.org" not in str(raised.value) + repr(raised.value.exc)
