"""The PDF renderer is warmed up in the processes that write reports, and a warm-up that fails
never stops a server."""

import logging
import threading

import pytest
from django.test import Client

from restrack.core import server_hooks
from restrack.edreport.render import pdf, warm


def test_the_warm_up_lays_out_a_report_in_each_language(monkeypatch, caplog):
    laid_out = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda report: laid_out.append(report.language) or real(report))
    with caplog.at_level(logging.WARNING):
        assert pdf.warm_up() > 0
    assert laid_out == ["zh", "en"] and not caplog.records


def test_a_failing_warm_up_is_logged_not_raised(monkeypatch, caplog):
    def broken(report):
        raise OSError("no Pango")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    with caplog.at_level(logging.WARNING):
        pdf.warm_up()
    assert "could not be warmed up" in caplog.text


@pytest.mark.parametrize(("broker", "warmed"), [("", True), ("amqp://guest:guest@127.0.0.1:5672//", False)])
def test_the_report_page_warms_its_process_once_when_it_writes_the_reports(
    settings, monkeypatch, broker, warmed, samples, django_user_model
):
    """Without a broker the web process writes the files the report page asks for: showing the page
    warms it (once per process); with a broker `restrack worker` does. A server worker no longer
    warms up as it starts (it would keep the renderer's fonts in every worker)."""
    from restrack.accounts.tests.factories import UserFactory

    settings.RESTRACK_BROKER_URL = broker
    calls = []
    monkeypatch.setattr(warm, "warm_up", lambda: calls.append("warm"))
    monkeypatch.setattr(warm, "_started", False)
    server_hooks.tell_worker_started()  # what gunicorn's post_worker_init calls in each worker
    assert calls == []
    client = Client()
    client.force_login(UserFactory(role="coordinator"))
    for _ in range(2):
        assert client.get("/en/work/periods/2024-H2/report/").status_code == 200
    for thread in threading.enumerate():
        if thread.name == "restrack-pdf-warm-up":
            thread.join(timeout=30)
    assert calls == (["warm"] if warmed else [])


def test_a_receiver_failing_as_the_worker_starts_is_logged(caplog):
    def failing(sender, **kwargs):
        raise RuntimeError("boom")

    server_hooks.worker_started.connect(failing, dispatch_uid="test-failing")
    try:
        with caplog.at_level(logging.WARNING):
            server_hooks.tell_worker_started()
    finally:
        server_hooks.worker_started.disconnect(dispatch_uid="test-failing")
    assert "failing failed as the worker started: boom" in caplog.text
