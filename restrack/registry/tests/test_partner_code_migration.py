"""Migration 0020: partner codes stored with "/" before it refused them get a hyphen and keep the
old form as an alias, so the partner has an address again and reports that write it still find it."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from restrack.core.guard import writes_allowed
from restrack.registry.models import Partner, PartnerAlias

pytestmark = pytest.mark.django_db

NAME = "0020_partner_code_without_slash"
migration = importlib.import_module(f"restrack.registry.migrations.{NAME}")


def run_the_migration() -> None:
    """The data step with the models as the migration sees them (not the guarded ones)."""
    state = MigrationLoader(connection).project_state(("registry", NAME))
    migration.hyphenate_codes_with_slash(state.apps, None)


def stored_before_the_validator(code: str) -> Partner:
    # As a database written before 0020 holds it: the validator runs only when an action saves.
    with writes_allowed():
        return Partner.objects.create(code=code, kind="un_entity")


def test_codes_with_a_slash_are_hyphenated_and_keep_the_old_form_as_an_alias(client):
    desa = stored_before_the_validator("UN/DESA")
    stored_before_the_validator("UNDP/GEF")
    taken = stored_before_the_validator("UNDP-GEF")

    run_the_migration()

    desa.refresh_from_db()
    assert desa.code == "UN-DESA"
    assert Partner.objects.get(aliases__text="UNDP/GEF").code == "UNDP-GEF-2"  # its hyphenated form was taken
    assert Partner.objects.get(code="UNDP-GEF") == taken
    assert set(PartnerAlias.objects.filter(language="en").values_list("text", flat=True)) >= {"UN/DESA", "UNDP/GEF"}
    assert not Partner.objects.filter(code__contains="/").exists()
    assert client.get("/api/v1/partners/").status_code == 200
    assert client.get("/en/partners/UN-DESA/").status_code == 200


def test_an_alias_already_written_is_not_written_twice():
    partner = stored_before_the_validator("UN/DESA")
    with writes_allowed():
        PartnerAlias.objects.create(partner=partner, language="en", text="UN/DESA")

    run_the_migration()

    assert PartnerAlias.objects.filter(text="UN/DESA").count() == 1
    assert Partner.objects.get(pk=partner.pk).code == "UN-DESA"
