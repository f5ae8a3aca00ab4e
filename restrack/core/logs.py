"""Filters for the server's log (settings.LOGGING).

A 403 is an answer, not a fault: Django logs each PermissionDenied with its whole traceback, a
screenful for every person who follows a link their role does not open (and each oversized or
malformed request, a 400, likewise). `OneLineRefusals` keeps the line ("Forbidden (Permission
denied): /en/work/...") and adds the reason given, without the traceback; server errors (5xx)
keep theirs."""

from __future__ import annotations

import logging


class OneLineRefusals(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            error = record.exc_info[1]
            reason = str(error).strip() if error is not None else ""
            if reason and reason not in record.getMessage():
                record.msg = f"{record.msg} ({reason.splitlines()[0].replace('%', '%%')})"
            record.exc_info = None
            record.exc_text = None
        return True
