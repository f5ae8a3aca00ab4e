"""What every app's actions have in common: one transaction, the mark that an action is running
(restrack.core.guard refuses writes outside one), and database integrity errors turned into
validation errors that say what is wrong.

An action (Zulip's `do_*` style) is a function in an app's `actions` module, decorated with
`atomic_action`, that checks its own permission (restrack.accounts.policy), validates, writes
through restrack.core.recording (field history with who and why) and records one event
(restrack.core.events.emit). Views, the API, importers, the admin and commands call actions;
nothing writes around them."""

from __future__ import annotations

import functools
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from restrack.core.guard import action_running

logger = logging.getLogger(__name__)


def atomic_action(function):
    """Run `function` in one transaction, as an action; a constraint the database enforces (for
    example a concurrent duplicate that passed validation) surfaces as ValidationError, never
    IntegrityError."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if "acting_user" not in kwargs:
            raise TypeError(f"{function.__name__}() needs acting_user=, the person or system account doing it")
        try:
            with action_running(), transaction.atomic():
                return function(*args, **kwargs)
        except IntegrityError as error:
            # The database's own words name tables and constraints, not what the person did: they
            # go to the log, and the person is told what to do.
            logger.warning("%s refused by the database: %s", function.__name__, error)
            raise ValidationError(
                _(
                    "This change was refused because another change to the same records was saved at the same "
                    "time. Nothing was saved: reload the page (or read the record again) and try again."
                ),
                code="concurrent",
            ) from error

    return wrapper
