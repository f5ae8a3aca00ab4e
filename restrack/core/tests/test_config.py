"""Configuration from the environment: safe defaults, clear errors."""

import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from restrack import config


def test_the_default_database_is_sqlite_in_var_with_wal_and_a_busy_timeout(tmp_path):
    db = config.database(None, tmp_path)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "restrack.sqlite3")
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert db["OPTIONS"]["timeout"] >= 5


def test_postgres_urls_are_understood(tmp_path, monkeypatch):
    monkeypatch.setenv("RESTRACK_TEST_DB_TEMPLATE", "restrack_template")
    db = config.database("postgres://postgres@127.0.0.1:5432/restrack", tmp_path)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["HOST"], db["PORT"]) == ("restrack", "postgres", "127.0.0.1", 5432)
    assert db["TEST"] == {"TEMPLATE": "restrack_template"}


def test_unsupported_databases_are_refused_with_the_supported_ones_named(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="SQLite and PostgreSQL only"):
        config.database("mysql://root@localhost/restrack", tmp_path)


def test_a_generated_secret_key_is_kept_private_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("RESTRACK_SECRET_KEY", raising=False)
    first = config.secret_key(tmp_path / "var")
    key_file = tmp_path / "var" / "secret_key"
    assert len(first) >= 50
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert config.secret_key(tmp_path / "var") == first


def test_the_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("RESTRACK_SECRET_KEY", "from-the-environment")
    assert config.secret_key(tmp_path) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)])
def test_yes_no_values(monkeypatch, raw, expected):
    monkeypatch.setenv("RESTRACK_DEBUG", raw)
    assert config.env_bool("RESTRACK_DEBUG") is expected


def test_a_bad_yes_no_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("RESTRACK_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="RESTRACK_DEBUG='maybe'"):
        config.env_bool("RESTRACK_DEBUG")


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("RESTRACK_ALLOWED_HOSTS", "tracker.unhabitat.org, localhost,")
    assert config.env_list("RESTRACK_ALLOWED_HOSTS", []) == ["tracker.unhabitat.org", "localhost"]


def test_debug_is_off_by_default():
    from django.conf import settings

    if "RESTRACK_DEBUG" not in os.environ:
        assert settings.DEBUG is False


def test_static_files_are_gathered_only_when_they_changed(settings, tmp_path, monkeypatch):
    from restrack.core import static_files

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    calls = []
    monkeypatch.setattr(static_files, "call_command", lambda *args, **kwargs: calls.append(args))
    (tmp_path / "static").mkdir()
    assert static_files.gather_if_changed() is True and len(calls) == 1
    assert static_files.gather_if_changed() is False and len(calls) == 1  # nothing changed
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "extra.css").write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [sources]
    assert static_files.gather_if_changed() is True and len(calls) == 2  # a file more
    assert static_files.gather_if_changed() is False
    (sources / "extra.css").write_text("body { color: #222; }")
    assert static_files.gather_if_changed() is True and len(calls) == 3  # a file changed
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    assert static_files.gather_if_changed() is True and len(calls) == 4  # another storage gathers again
