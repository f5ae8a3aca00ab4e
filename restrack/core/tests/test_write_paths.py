"""Every write to a governed record goes through an action: at run time (restrack.core.guard
refuses a save or delete outside one) and in the source (no module but an app's actions writes a
governed model, or saves and deletes records at all, but the few that serve the actions)."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from restrack.core.guard import WriteOutsideAction, governed_models, writes_allowed

ROOT = Path(__file__).resolve().parents[2]
GOVERNED_APPS = {"core", "accounts", "registry", "reporting", "funding", "ingest"}
ORM_WRITES = {"create", "bulk_create", "get_or_create", "update_or_create", "update", "bulk_update", "delete"}
# Modules that save or delete records for the actions, or that are not about records at all.
SERVING_THE_ACTIONS = {
    "restrack/core/recording.py": "the save and delete every action makes, with who and why",
    "restrack/core/events.py": "the event every action records",
    "restrack/core/migration_history.py": "data migrations, on historical models",
    "restrack/accounts/system_user.py": "the system account (a Django user, not a governed record)",
    "restrack/accounts/roles.py": "the role groups, kept in step by migrate",
    "restrack/search/index.py": "the search index, derived from the records and rebuilt from them",
}


def _is_action_module(relative: str) -> bool:
    return relative.endswith("/actions.py") or "/actions/" in relative


def _source_modules():
    for path in sorted((ROOT / "restrack").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        yield relative, ast.parse(path.read_text(encoding="utf-8"))


def test_every_model_of_the_governed_apps_is_governed():
    expected = {
        model
        for model in apps.get_models()
        if model._meta.app_label in GOVERNED_APPS and not model.__name__.startswith("Historical")
    }
    assert expected <= governed_models()


def test_a_write_outside_an_action_is_refused_and_says_what_to_call(db):
    from restrack.registry.models import Instrument

    instrument = Instrument.objects.get(kind="resolution", number="2/6")
    instrument.lead_unit = "Somewhere"
    with pytest.raises(
        WriteOutsideAction,
        match="registry.Instrument .* outside an action: call the action in restrack.registry.actions",
    ):
        instrument.save()
    with writes_allowed():  # what test factories do
        instrument.save()


def test_no_module_but_the_actions_writes_a_governed_model():
    governed = {model.__name__ for model in governed_models()}
    found = []
    for relative, tree in _source_modules():
        if _is_action_module(relative) or relative in SERVING_THE_ACTIONS:
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            receiver = ast.unparse(node.func.value)
            if node.func.attr in ORM_WRITES and receiver.split(".")[0] in governed and ".objects" in receiver:
                found.append(f"{relative}:{node.lineno} {receiver}.{node.func.attr}()")
            elif node.func.attr in ("save", "delete") and not node.args and receiver not in ("super()",):
                found.append(f"{relative}:{node.lineno} {receiver}.{node.func.attr}()")
    # The admin's formsets are saved with commit=False and handed to the actions (restrack.core.admin).
    found = [line for line in found if "formset.save" not in line]
    assert found == []
