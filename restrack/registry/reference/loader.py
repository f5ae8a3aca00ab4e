"""Loading the reference data: the governing bodies, the Assembly's sessions and instruments, and
the gazetteer of partners, from the JSON files beside this module.

The loader is idempotent and never overwrites what people entered: it creates what is missing
and fills only fields that are still empty. Data migrations call it with their historical `apps`;
`restrack load-reference-data` calls it with the live registry.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from modeltranslation.utils import build_localized_fieldname

from restrack.accounts.system_user import get_system_user
from restrack.core.migration_history import save_with_history

REFERENCE_DIR = Path(__file__).resolve().parent
REASON = "Reference data"


def read_reference_file(name: str):
    with open(REFERENCE_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def _is_empty(value) -> bool:
    return value is None or value == ""


def _current(instance, field: str):
    try:
        return getattr(instance, field)
    except ObjectDoesNotExist:  # a foreign key not set yet
        return None


def _fill(instance, values: dict, *, only_empty: bool) -> bool:
    """Set each field (each language of a translated field, given as a dict); with `only_empty`,
    only fields that are still empty. True if anything changed."""
    changed = False
    for field, value in values.items():
        if isinstance(value, dict):
            per_language = {build_localized_fieldname(field, code): text for code, text in value.items()}
            # The untranslated column mirrors the default language, as modeltranslation keeps it.
            per_language[field] = value.get(settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
            changed |= _fill(instance, per_language, only_empty=only_empty)
            continue
        current = _current(instance, field)
        if _is_empty(value) or (only_empty and not _is_empty(current)):
            continue
        if current != value:
            setattr(instance, field, value)
            changed = True
    return changed


class _Loader:
    def __init__(self, apps):
        self.apps = apps
        self.user = get_system_user(apps.get_model(settings.AUTH_USER_MODEL))
        self.counts = {"created": 0, "updated": 0}

    def model(self, name: str):
        return self.apps.get_model("registry", name)

    def upsert(self, model_name: str, lookup: dict, values: dict):
        model = self.model(model_name)
        instance = model.objects.filter(**lookup).first()
        created = instance is None
        if created:
            instance = model(**lookup)
        if _fill(instance, values, only_empty=not created) or created:
            save_with_history(self.apps, instance, user=self.user, reason=REASON, created=created)
            self.counts["created" if created else "updated"] += 1
        return instance

    def load_registry(self, data: dict) -> None:
        bodies = {}
        for item in data["bodies"]:
            fields = ("name", "abbreviation", "symbol_prefix", "sessions_numbered_by_year")
            values = {key: item[key] for key in fields}
            bodies[item["code"]] = self.upsert("GoverningBody", {"code": item["code"]}, values)
        sessions = {}
        for item in data["sessions"]:
            lookup = {"body": bodies[item["body"]], "number": item["number"]}
            values = {key: item[key] for key in ("year", "start_date", "end_date", "place")}
            session = self.upsert("Session", lookup, values)
            sessions[(item["body"], item["number"])] = session
            for part in item.get("parts", []):
                # An adjourned session's resumed part: reports say "held in 2023 and adjourned" until it.
                self.upsert(
                    "SessionPart",
                    {"session": session, "kind": part["kind"], "start_date": part["start_date"]},
                    {key: part[key] for key in ("end_date", "place")},
                )
        for item in data["instruments"]:
            body = bodies[item["body"]]
            lookup = {"body": body, "kind": item["kind"], "number": item["number"]}
            values = {
                "session": sessions[(item["body"], item["session"])],
                "sequence": int(item["number"].split("/")[1]),
                "title": item["title"],
            }
            self.upsert("Instrument", lookup, values)

    def load_partners(self, partners: list[dict]) -> None:
        alias_model = self.model("PartnerAlias")
        for item in partners:
            values = {key: item[key] for key in ("kind", "name", "short_name")}
            values["is_self"] = item.get("is_self", False)
            partner = self.upsert("Partner", {"code": item["code"]}, values)
            for language, texts in item["aliases"].items():
                for text in texts:
                    if not alias_model.objects.filter(language=language, text=text).exists():
                        alias = alias_model(partner=partner, language=language, text=text)
                        save_with_history(self.apps, alias, user=self.user, reason=REASON, created=True)
                        self.counts["created"] += 1

    def load_goals(self, goals: list[dict]) -> None:
        """The goals and agenda references, when the registry has them (not in the migrations
        before they were added)."""
        try:
            model = self.model("Goal")
        except LookupError:
            return
        for order, item in enumerate(goals, start=1):
            instance = model.objects.filter(code=item["code"]).first()
            created = instance is None
            if created:
                instance = model(code=item["code"])
            if (
                _fill(
                    instance,
                    {"framework": item["framework"], "name": item["name"], "order": order},
                    only_empty=not created,
                )
                or created
            ):
                instance.save()  # reference vocabulary, not edited: no field history
                self.counts["created" if created else "updated"] += 1


def load_reference_data(apps) -> dict:
    """Create or complete the reference data; returns {"created": n, "updated": n}."""
    loader = _Loader(apps)
    loader.load_registry(read_reference_file("assembly.json"))
    loader.load_partners(read_reference_file("partners.json"))
    loader.load_goals(read_reference_file("goals.json")["goals"])
    return loader.counts
