"""Logging in and out, password reset by e-mail, lockout after repeated failures."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def test_login_and_logout(client, user):
    page = client.get("/en/accounts/login/")
    assert page.status_code == 200 and 'name="username"' in page.content.decode()
    response = client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/en/"
    assert f"Log out {user.username}" in client.get("/en/").content.decode()
    assert client.post("/en/accounts/logout/").status_code == 302
    assert "Log in" in client.get("/en/").content.decode()


def test_a_wrong_password_says_so(client, user):
    response = client.post("/en/accounts/login/", {"username": user.username, "password": "wrong"})
    assert response.status_code == 200 and "enter a correct username and password" in response.content.decode()


def test_lockout_after_repeated_failures(client, user, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": user.username, "password": "wrong"})
    response = client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429  # locked out, even with the right password
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client, user):
    response = client.post("/en/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302 and len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/en/accounts/password/reset/\S+/)", mail.outbox[0].body)[1]
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "another-long-password-7", "new_password2": "another-long-password-7"},
    )
    assert response.status_code == 302
    client.logout()
    login = client.post("/en/accounts/login/", {"username": user.username, "password": "another-long-password-7"})
    assert login.status_code == 302 and "_auth_user_id" in client.session


def test_password_change_needs_login(client, user):
    assert client.get("/en/accounts/password/change/")["Location"].startswith("/en/accounts/login/")
    client.force_login(user)
    assert client.get("/en/accounts/password/change/").status_code == 200
