"""A person's API token: the page where they create, replace and revoke it, the `restrack
api-token` command, and the actions both use (recorded, key never kept in the history)."""

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from restrack.accounts.actions import issue_api_token, revoke_api_token
from restrack.accounts.models import HistoricalToken
from restrack.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PAGE = "/en/accounts/token/"
API = "/api/v1/instruments/"


def api_status(key: str) -> int:
    """What the API answers a request signed with this token: 401 when the key is not (or no
    longer) valid, 200 when it signs the request in."""
    return APIClient().get(API, {"limit": 1}, HTTP_AUTHORIZATION=f"Token {key}").status_code


def key_on(page) -> str:
    match = re.search(r'id="api-token-key">([0-9a-f]{40})<', page.content.decode())
    assert match, "the new key is shown"
    return match[1]


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/?next=")


def test_the_menu_links_to_the_token_page(client, user):
    client.force_login(user)
    assert f'href="{PAGE}"' in client.get("/en/").content.decode()
    assert PAGE not in Client().get("/en/").content.decode()


def test_create_shows_the_key_once(client, user):
    client.force_login(user)
    page = client.get(PAGE)
    assert page.status_code == 200 and "You have no API token." in page.content.decode()
    created = client.post(PAGE, {"action": "issue"})
    key = key_on(created)
    assert "no-store" in created["Cache-Control"]
    assert Token.objects.get(user=user).key == key
    again = client.get(PAGE).content.decode()
    assert key not in again and "You have a token" in again and "Replace my token" in again
    assert api_status(key) == 200


def test_the_page_in_chinese(client, user):
    client.force_login(user)
    assert client.get("/zh-hans/accounts/token/").status_code == 200


def test_replace_invalidates_the_old_key(client, user):
    client.force_login(user)
    old = key_on(client.post(PAGE, {"action": "issue"}))
    new = key_on(client.post(PAGE, {"action": "issue"}))
    assert old != new
    assert api_status(old) == 401
    assert api_status(new) == 200


def test_revoke_then_the_old_key_is_refused(client, user):
    client.force_login(user)
    key = key_on(client.post(PAGE, {"action": "issue"}))
    response = client.post(PAGE, {"action": "revoke"}, follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert "Your API token is revoked" in response.content.decode()
    assert "You have no API token." in response.content.decode()
    answer = APIClient().get(API, HTTP_AUTHORIZATION=f"Token {key}")
    assert answer.status_code == 401 and answer.json()["detail"]


def test_forms_need_the_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page = client.get(PAGE).content.decode()
    assert page.count("csrfmiddlewaretoken") >= 1
    assert client.post(PAGE, {"action": "issue"}).status_code == 403
    assert not Token.objects.filter(user=user).exists()


def test_an_unknown_action_changes_nothing(client, user):
    client.force_login(user)
    issue_api_token(user, acting_user=user)
    key = Token.objects.get(user=user).key
    response = client.post(PAGE, {"action": "other"})
    assert response.status_code == 302 and Token.objects.get(user=user).key == key


def test_actions_are_recorded_without_the_key(user):
    coordinator = UserFactory(role="coordinator")
    key = issue_api_token(user, acting_user=coordinator, reason="Set up the website feed")
    assert len(key) == 40 and Token.objects.get(user=user).key == key
    second = issue_api_token(user, acting_user=coordinator)
    assert second != key and Token.objects.filter(user=user).count() == 1
    assert revoke_api_token(user, acting_user=user) is True
    assert revoke_api_token(user, acting_user=user) is False
    history = list(HistoricalToken.objects.filter(user=user).order_by("history_id"))
    assert [(record.history_type, record.history_user) for record in history] == [
        ("+", coordinator),
        ("-", coordinator),
        ("+", coordinator),
        ("-", user),
    ]
    assert history[0].history_change_reason == "Set up the website feed"
    assert not hasattr(history[0], "key")


def test_actions_need_acting_user(user):
    with pytest.raises(TypeError):
        issue_api_token(user)


def test_command_prints_a_new_key_and_revokes(user):
    out = io.StringIO()
    call_command("api_token", user.username, stdout=out)
    key = out.getvalue().strip()
    assert Token.objects.get(user=user).key == key and api_status(key) == 200
    out = io.StringIO()
    call_command("api_token", user.username, stdout=out)
    assert out.getvalue().strip() != key and api_status(key) == 401
    out = io.StringIO()
    call_command("api_token", user.username, "--revoke", stdout=out)
    assert "revoked" in out.getvalue() and not Token.objects.filter(user=user).exists()
    out = io.StringIO()
    call_command("api_token", user.username, "--revoke", stdout=out)
    assert "had no API token" in out.getvalue()


def test_command_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("api_token", "nobody")


@pytest.mark.subprocess
def test_the_console_command_is_restrack_api_token():
    # In a process of its own: a console command closes the database connections when it ends,
    # which would end this test's transaction; --help reads no database.
    result = subprocess.run(
        [str(Path(sys.executable).with_name("restrack")), "api-token", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "--revoke" in result.stdout
