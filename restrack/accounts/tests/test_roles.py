"""Roles as groups with permissions, created by migrate; users created from the command line."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from restrack.accounts.models import FocalPointAssignment
from restrack.accounts.policy import role_of

pytestmark = pytest.mark.django_db


def create_user(*args):
    out = io.StringIO()
    call_command("create_user", *args, stdout=out)
    return out.getvalue()


def test_migrate_creates_the_six_roles_with_their_admin_permissions():
    """The groups carry the Django permissions the admin needs to show what the access policy
    allows: coordinators keep the registry, periods' details, focal points and imports there;
    records the workflow governs (updates, paragraphs, commitments, funding) are read-only for all."""
    groups = {group.name: group for group in Group.objects.prefetch_related("permissions__content_type")}
    assert set(groups) == {"Administrators", "Coordinators", "Focal points", "Reviewers", "Finance officers", "Viewers"}

    def changes(name):
        return {p.codename for p in groups[name].permissions.all() if not p.codename.startswith("view_")}

    assert {
        "change_instrument",
        "add_operativeparagraph",
        "change_reportingperiod",
        "add_focalpointassignment",
        "add_reportimport",
    } <= changes("Coordinators")
    governed = {
        "change_progressupdate",
        "change_updateentry",
        "add_commitment",
        "change_fundingrecord",
        "add_windowallocation",
    }
    assert not governed & changes("Coordinators")
    for name in ("Focal points", "Reviewers", "Finance officers", "Viewers"):
        assert changes(name) == set(), name
        assert {"view_progressupdate", "view_instrument"} <= {p.codename for p in groups[name].permissions.all()}


def test_create_a_focal_point_with_instruments_and_a_token():
    out = create_user(
        "amina",
        "--role",
        "focal_point",
        "--instrument",
        "resolution 2/1",
        "--instrument",
        "decision 1/3",
        "--email",
        "amina@example.org",
        "--token",
    )
    user = get_user_model().objects.get(username="amina")
    assert role_of(user) == "focal_point" and user.email == "amina@example.org" and not user.is_staff
    assert sorted(a.instrument.reference for a in FocalPointAssignment.objects.filter(user=user)) == [
        "decision 1/3",
        "resolution 2/1",
    ]
    assert Token.objects.get(user=user).key in out
    assert FocalPointAssignment.objects.first().history.first().history_user.username == "restrack-system"


def test_updating_a_user_replaces_role_and_assignments():
    create_user("amina", "--role", "focal_point", "--instrument", "resolution 2/1")
    create_user("amina", "--role", "focal_point", "--instrument", "resolution 2/2")
    assert [a.instrument.reference for a in FocalPointAssignment.objects.all()] == ["resolution 2/2"]
    create_user("amina", "--role", "coordinator")
    user = get_user_model().objects.get(username="amina")
    assert role_of(user) == "coordinator" and user.is_staff and not FocalPointAssignment.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--role", "focal_point", "--instrument", "resolution 9/9"], "No instrument 'resolution 9/9'"),
        (["x", "--role", "reviewer", "--instrument", "resolution 2/1"], "Only focal points are assigned instruments"),
        (["x", "--role", "viewer", "--email", "not-an-address"], "valid email"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(args, message):
    with pytest.raises(CommandError, match=message):
        create_user(*args)
    assert not get_user_model().objects.filter(username="x").exists()


def test_passwords_are_hashed_with_argon2(user):
    user.set_password("correct horse battery staple")
    assert user.password.startswith("argon2$")
