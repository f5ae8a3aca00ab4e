"""Roles are Django groups with permissions. The groups are created by a data migration (and
kept in step by `sync_role_groups`), so every installation has the same six roles."""

from __future__ import annotations

from restrack.accounts.choices import Role

GROUP_NAMES = {
    Role.ADMINISTRATOR: "Administrators",
    Role.COORDINATOR: "Coordinators",
    Role.FOCAL_POINT: "Focal points",
    Role.REVIEWER: "Reviewers",
    Role.FINANCE_OFFICER: "Finance officers",
    Role.VIEWER: "Viewers",
}

VIEW_ALL = (
    [("registry", m) for m in ("governingbody", "session", "instrument", "operativeparagraph", "document", "partner")]
    + [("reporting", m) for m in ("reportingperiod", "progressupdate", "updateentry", "commitment")]
    + [("funding", m) for m in ("fundingrecord", "fundingwindow", "windowcontribution", "windowallocation")]
)

# Entering funding figures and keeping the Urban Action Funding Window's books: coordinators and
# finance officers (who may do nothing else).
FUNDING = [
    ("funding", "add_fundingrecord"),
    ("funding", "change_fundingrecord"),
    ("funding", "add_windowcontribution"),
    ("funding", "change_windowcontribution"),
    ("funding", "delete_windowcontribution"),
    ("funding", "add_windowallocation"),
    ("funding", "change_windowallocation"),
    ("funding", "delete_windowallocation"),
]

# (app label, codename) per role, on top of viewing everything listed in VIEW_ALL.
PERMISSIONS = {
    Role.COORDINATOR: [
        ("reporting", "add_reportingperiod"),
        ("reporting", "change_reportingperiod"),
        ("reporting", "add_progressupdate"),
        ("reporting", "change_progressupdate"),
        ("reporting", "add_updateentry"),
        ("reporting", "change_updateentry"),
        ("reporting", "delete_updateentry"),
        ("reporting", "add_commitment"),
        ("reporting", "change_commitment"),
        *FUNDING,
        ("accounts", "add_focalpointassignment"),
        ("accounts", "change_focalpointassignment"),
        ("accounts", "delete_focalpointassignment"),
        ("accounts", "view_focalpointassignment"),
        ("registry", "change_instrument"),
        ("registry", "add_operativeparagraph"),
        ("registry", "change_operativeparagraph"),
        ("ingest", "add_reportimport"),
        ("ingest", "view_reportimport"),
    ],
    Role.FOCAL_POINT: [
        ("reporting", "change_progressupdate"),
        ("reporting", "add_updateentry"),
        ("reporting", "change_updateentry"),
        ("reporting", "delete_updateentry"),
        ("reporting", "add_commitment"),
        ("reporting", "change_commitment"),
    ],
    Role.REVIEWER: [("reporting", "change_progressupdate")],
    Role.FINANCE_OFFICER: FUNDING,
    Role.VIEWER: [],
}


def sync_role_groups(apps) -> None:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, name in GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        if role == Role.ADMINISTRATOR:
            wanted = Permission.objects.all()
        else:
            pairs = [(app, f"view_{model}") for app, model in VIEW_ALL] + PERMISSIONS[role]
            wanted = [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]
        group.permissions.set(wanted)
