"""Who a console command acts as: the system account, or the person it names (`--as`, `--user`),
who may have to hold a role allowed to do what the command does."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.accounts.system_user import get_system_user


def acting_user_for_command(
    username: str | None,
    *,
    option: str = "--as",
    whom: str = "",
    allowed: Callable[[object], bool] | None = None,
    refusal: str = "",
):
    """The user named `username`, or the system account when none is named.

    `whom` says whose username to give ("a coordinator's"); `allowed(user)` checks the role and
    `refusal` says why it failed (formatted with `username`)."""
    if not username:
        return get_system_user()
    try:
        user = get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        hint = f"give {whom} username" if whom else "create it first"
        raise CommandError(f"No user {username!r}; {hint} or leave out {option}.") from None
    if allowed is not None and not allowed(user):
        raise CommandError(refusal.format(username=username))
    return user


def registry_editor_for_command(username: str | None):
    """The account a command that changes the registry acts as: `username` (--user), who must be
    a coordinator or administrator, else the system account."""
    return acting_user_for_command(
        username,
        option="--user",
        whom="a coordinator's",
        allowed=lambda person: policy.allows(person, Ability.EDIT_REGISTRY),
        refusal="{username} may not change the registry: only coordinators and administrators do.",
    )
