"""`restrack create-user ... --password-stdin`: a first password without a prompt (scripts, CI),
checked by the password validators, through the set_user_role action."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from restrack.core.models import Event

pytestmark = pytest.mark.django_db


def create(*args, stdin="", **kwargs):
    out = io.StringIO()
    call_command("create_user", *args, stdin=io.StringIO(stdin), stdout=out, **kwargs)
    return out.getvalue()


def test_password_from_stdin_lets_the_user_sign_in():
    output = create("amina", "--role", "coordinator", "--password-stdin", stdin="a-long-first-password\n")
    assert "No password yet" not in output
    assert get_user_model().objects.get(username="amina").check_password("a-long-first-password")
    event = Event.objects.filter(kind="accounts.role_set").latest("pk")
    assert event.data["password_set"] is True
    assert "a-long-first-password" not in str(event.data) + event.reason


def test_a_weak_password_is_refused_with_the_validators_words():
    with pytest.raises(CommandError, match="too short|too common"):
        create("amina", "--role", "viewer", "--password-stdin", stdin="abc\n")
    assert not get_user_model().objects.filter(username="amina").exists()


def test_an_empty_stdin_is_refused():
    with pytest.raises(CommandError, match="read no password"):
        create("amina", "--role", "viewer", "--password-stdin", stdin="")


def test_without_the_option_a_new_user_has_no_password_yet():
    output = create("amina", "--role", "viewer")
    assert "No password yet" in output
    assert not get_user_model().objects.get(username="amina").has_usable_password()
