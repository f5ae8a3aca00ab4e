"""`restrack backup` and `restrack restore` end to end, in subprocesses: a site with the sample reports,
funding and files is backed up and restored into a fresh database and var/ directory, and every
model's rows (dumped by Django, so SQLite and PostgreSQL compare alike), the applied migrations and
every file's SHA-256 come back the same. A damaged backup, one from a newer schema and a restore
over records are refused with the target untouched.

The SQLite tests always run; the PostgreSQL ones when DATABASE_URL names a PostgreSQL server (they
make and drop their own databases beside it)."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

RESTRACK = str(Path(sys.executable).with_name("restrack"))
# Rebuilt after a restore: compared without their ids (a rebuild numbers its rows anew).
DERIVED = {
    "search.searchentry",
    "funding.fundingsummaryrow",
    "publish.periodactivity",
    "publish.partnermentions",
    "publish.periodcomparison",
}

pytestmark = [pytest.mark.subprocess, pytest.mark.heavy]


def site_env(root: Path, database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "RESTRACK_VAR_DIR": str(root / "var")}
    for name in ("RESTRACK_TEST_DB_TEMPLATE", "RESTRACK_SECRET_KEY", "RESTRACK_CACHE_URL", "RESTRACK_BROKER_URL"):
        env.pop(name, None)
    return env


def run(arguments, env, ok=True, timeout=300):
    result = subprocess.run([RESTRACK, *arguments], env=env, capture_output=True, text=True, timeout=timeout)
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def populate(env):
    """Migrate, load the samples and put files where a site keeps them."""
    run(["migrate", "--no-input"], env)
    run(["load-samples"], env)
    var = Path(env["RESTRACK_VAR_DIR"])
    (var / "media" / "jobs" / "2026" / "01").mkdir(parents=True)
    (var / "media" / "jobs" / "2026" / "01" / "report-中文.docx").write_bytes(os.urandom(5000))
    (var / "media" / "imports").mkdir()
    (var / "media" / "imports" / "report.txt").write_text("第一段\nFirst paragraph\n", encoding="utf-8")
    (var / "uploads" / "funding-imports").mkdir(parents=True)
    (var / "uploads" / "funding-imports" / "abc.upload").write_bytes(b"instrument,period\n")


def rows(env) -> list[str]:
    """Every model's rows as Django dumps them, one sorted JSON line each (derived ones without ids)."""
    out = run(["dumpdata", "--format", "jsonl"], env).stdout
    lines = []
    for line in out.splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record["model"] in DERIVED:
            record.pop("pk")
        lines.append(json.dumps(record, sort_keys=True, ensure_ascii=False))
    return sorted(lines)


def migrations(env) -> list[str]:
    return sorted(
        line.strip()
        for line in run(["showmigrations", "--plan"], env).stdout.splitlines()
        if line.strip().startswith("[X]")
    )


def files(env) -> dict[str, str]:
    """Every file a backup holds, by path under var/, with its SHA-256."""
    var = Path(env["RESTRACK_VAR_DIR"])
    found = {}
    for part in ("media", "uploads"):
        for path in sorted((var / part).rglob("*")):
            if path.is_file():
                found[path.relative_to(var).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    found["secret_key"] = hashlib.sha256((var / "secret_key").read_bytes()).hexdigest()
    return found


# What a source site holds, read once per site: sources are only ever backed up, never changed, and
# each reading is three commands (the suite's time goes on starting them).
_sources: dict[tuple[str, str], tuple] = {}


def site_contents(env, *, source=False) -> tuple:
    key = (env["DATABASE_URL"], env["RESTRACK_VAR_DIR"])
    if source and key in _sources:
        return _sources[key]
    contents = (rows(env), migrations(env), files(env))
    if source:
        _sources[key] = contents
    return contents


def assert_same_site(source, target):
    (source_rows, source_migrations, source_files) = site_contents(source, source=True)
    (target_rows, target_migrations, target_files) = site_contents(target)
    assert len(source_rows) == len(target_rows)
    assert source_rows == target_rows
    assert source_migrations == target_migrations
    assert source_files == target_files


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("source")
    env = site_env(root, f"sqlite:///{root / 'restrack.sqlite3'}")
    populate(env)
    return root, env


@pytest.fixture(scope="module")
def sqlite_backup(sqlite_site, tmp_path_factory):
    """The sample site's backup (SQLite's copy, compressed), made once, and what the command said."""
    _root, source = sqlite_site
    backup = tmp_path_factory.mktemp("backups") / "site.tar.gz"
    return backup, run(["backup", str(backup)], source)


@pytest.fixture(scope="module")
def sqlite_portable(sqlite_site, tmp_path_factory):
    _root, source = sqlite_site
    backup = tmp_path_factory.mktemp("backups") / "portable.tar"
    run(["backup", "--portable", str(backup)], source)
    return backup


def fresh_sqlite(tmp_path):
    root = tmp_path / "target"
    root.mkdir()
    return root, site_env(root, f"sqlite:///{root / 'restrack.sqlite3'}")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sqlite_round_trip_is_identical(sqlite_site, sqlite_backup, tmp_path):
    _source_root, source = sqlite_site
    backup, made = sqlite_backup
    assert "Backup written" in made.stdout and "secret key" in made.stderr
    with tarfile.open(backup) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["method"] == "sqlite-backup"
    assert {f["path"] for f in manifest["files"]} >= {"files/secret_key", "files/uploads/funding-imports/abc.upload"}
    assert "0001_initial" in manifest["migrations"]["reporting"]

    _root, target = fresh_sqlite(tmp_path)
    restored = run(["restore", str(backup)], target)
    assert "Search index rebuilt" in restored.stdout and "Funding summary rebuilt" in restored.stdout
    assert "Report order rewritten" in restored.stdout
    assert_same_site(source, target)

    # Restoring again over what is now there is refused without --force, and says what it would replace.
    refused = run(["restore", str(backup)], target, ok=False)
    assert refused.returncode == 1
    assert "not empty" in refused.stderr and "progress updates" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    run(["restore", "--force", str(backup)], target)
    assert_same_site(source, target)


def test_portable_round_trip_on_sqlite(sqlite_site, sqlite_portable, tmp_path):
    _source_root, source = sqlite_site
    _root, target = fresh_sqlite(tmp_path)
    run(["restore", str(sqlite_portable)], target)
    assert_same_site(source, target)


def test_damaged_backup_is_refused_and_the_database_untouched(sqlite_site, sqlite_backup, tmp_path):
    source_root, _source = sqlite_site
    backup, _made = sqlite_backup
    target_root, target = fresh_sqlite(tmp_path)
    # The target holds a whole site (a copy of the source's database, as SQLite copies one).
    database = target_root / "restrack.sqlite3"
    with sqlite3.connect(source_root / "restrack.sqlite3") as live, sqlite3.connect(database) as copy:
        live.backup(copy)
    before = digest(database)

    data = backup.read_bytes()
    for name, damaged in (
        ("cut.tar", data[: len(data) // 2]),
        ("flipped.tar", data[:2000] + bytes([data[2000] ^ 0xFF]) + data[2001:]),
        ("empty.tar", b""),
    ):
        path = tmp_path / name
        path.write_bytes(damaged)
        refused = run(["restore", "--force", str(path)], target, ok=False)
        assert refused.returncode == 1, name
        assert "is not a whole Restrack backup" in refused.stderr and "Nothing was changed" in refused.stderr, name
        assert "Traceback" not in refused.stderr
    assert digest(database) == before
    assert not (target_root / "var" / "media").exists()


def with_manifest(backup: Path, out: Path, change) -> None:
    """A copy of `backup` whose manifest `change` altered (the other members as they were)."""
    with tarfile.open(backup) as source, tarfile.open(out, "w") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))


def test_newer_schema_is_refused(sqlite_backup, tmp_path):
    backup, _made = sqlite_backup
    future = tmp_path / "future.tar"
    with_manifest(backup, future, lambda m: m["migrations"]["reporting"].append("9999_from_the_future"))
    target_root, target = fresh_sqlite(tmp_path)
    for arguments in (["restore", "--check", str(future)], ["restore", "--force", str(future)]):
        refused = run(arguments, target, ok=False)
        assert refused.returncode == 1
        assert "newer Restrack" in refused.stderr and "reporting.9999_from_the_future" in refused.stderr
    assert not (target_root / "var" / "media").exists()
    if (target_root / "restrack.sqlite3").exists():
        with sqlite3.connect(target_root / "restrack.sqlite3") as db:
            assert db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone() == (0,)
    checked = run(["restore", "--check", str(backup)], target)
    assert "can be restored here" in checked.stdout


# --- PostgreSQL ----------------------------------------------------------------------------------


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture(scope="module")
def pg_databases():
    url = postgres_url()
    if not url:
        pytest.skip("DATABASE_URL does not name a PostgreSQL server")
    import psycopg

    parts = urlsplit(url)
    base = parts.path.lstrip("/") or "restrack"
    names = [f"{base}_backup_{uuid.uuid4().hex[:8]}_{which}" for which in ("src", "dst")]
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        for name in names:
            db.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    yield [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
    with psycopg.connect(admin, autocommit=True) as db:
        for name in names:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgresql_round_trips(pg_databases, sqlite_site, sqlite_backup, sqlite_portable, tmp_path):
    source_url, target_url = pg_databases
    source = site_env(tmp_path / "pg-source", source_url)
    populate(source)
    target = site_env(tmp_path / "pg-target", target_url)

    # pg_dump when it can dump the server (the portable dump otherwise, said on stderr).
    backup = tmp_path / "pg.tar"
    made = run(["backup", str(backup)], source)
    with tarfile.open(backup) as tar:
        method = json.load(tar.extractfile("manifest.json"))["database"]["method"]
    assert method in {"pg_dump", "portable"}
    assert method == "pg_dump" or "portable dump instead of pg_dump" in made.stderr
    run(["restore", str(backup)], target)
    assert_same_site(source, target)

    # The portable dump of the same site, over it (--force).
    portable = tmp_path / "pg-portable.tar"
    run(["backup", "--portable", str(portable)], source)
    run(["restore", "--force", str(portable)], target)
    assert_same_site(source, target)

    # Across vendors: the SQLite site's portable backup into PostgreSQL.
    _root, sqlite_source = sqlite_site
    target_from_sqlite = site_env(tmp_path / "pg-from-sqlite", target_url)
    run(["restore", "--force", str(sqlite_portable)], target_from_sqlite)
    assert_same_site(sqlite_source, target_from_sqlite)

    # A SQLite copy is not restored into PostgreSQL: the message says to make a portable backup.
    native, _made = sqlite_backup
    refused = run(["restore", "--force", str(native)], target_from_sqlite, ok=False)
    assert refused.returncode == 1 and "--portable" in refused.stderr
