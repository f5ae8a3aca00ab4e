"""The database the suite runs on is configured as production expects it."""

import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_chinese_text_survives_the_round_trip():
    from restrack.registry.models import Instrument

    instrument = Instrument.objects.get(kind="resolution", number="2/4")
    assert Instrument.objects.filter(title_zh_hans__contains="生物多样性").get() == instrument


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_database_is_utf8_with_a_real_locale():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"
        cursor.execute("SELECT datlocprovider, datcollate FROM pg_database WHERE datname = current_database()")
        provider, collate = cursor.fetchone()
    if os.environ.get("RESTRACK_TEST_DB_TEMPLATE"):
        # CI's template uses ICU's root collation, not the bytewise C order.
        assert provider == "i"
    assert collate


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_sqlite_enforces_foreign_keys():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
