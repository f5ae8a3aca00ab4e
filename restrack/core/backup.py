"""Backing up a whole site into one file and restoring it (`restrack backup`, `restrack restore`).

A backup is one tar file (gzip-compressed when its name ends in .gz or .tgz) holding:

- the database: a copy made by SQLite's online backup API (`database.sqlite3`), a
  `pg_dump --format=custom` archive (`database.pgdump`), or a portable dump of every model in
  Django's JSON lines (`database.jsonl`: PostgreSQL without a usable pg_dump, or `--portable`),
  each consistent while the site keeps running;
- the files under `files/`: what MEDIA_ROOT holds (job results, uploaded reports) as
  `files/media/...`, the funding imports waiting for confirmation (`var/uploads/`) as
  `files/uploads/...`, and the secret key kept in `var/secret_key` as `files/secret_key`;
- `manifest.json`, the last member: the format, Restrack's version, when, the database's vendor
  and how it was dumped, the migrations applied per app, and every member's size and SHA-256.

A restore reads and checks the whole file before it changes anything: a damaged or truncated
backup, one from a newer schema, or a portable dump from another schema is refused with the
database and files untouched. The rows are replaced in one transaction, then the files, then each
app's `restore_hooks.after_restore()` rebuilds what is derived from the rows (search index,
summaries, counts, the page cache): core finds those modules by name and imports none of them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gzip
import hashlib
import importlib
import importlib.metadata
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils.module_loading import module_has_submodule

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PGDUMP_MEMBER = "database.pgdump"
PORTABLE_MEMBER = "database.jsonl"
FILES = "files/"
SECRET_KEY_MEMBER = FILES + "secret_key"
# Rebuilt from the rows after every restore (restrack.search's restore hook), so not dumped.
PORTABLE_EXCLUDE = ["search.searchentry"]
CHUNK = 1 << 20

Say = Callable[[str], None]


class BackupError(Exception):
    """What is wrong with a backup or a restore, in words for the person running it."""


# --- what is backed up -----------------------------------------------------------------------------


def file_roots() -> dict[str, Path]:
    """The directories whose files a backup holds, by their name in the backup."""
    var_dir = Path(settings.VAR_DIR)
    return {"media": Path(settings.MEDIA_ROOT), "uploads": var_dir / "uploads"}


def secret_key_file() -> Path | None:
    """var/secret_key when the site's key is the one kept there (not RESTRACK_SECRET_KEY)."""
    key_file = Path(settings.VAR_DIR) / "secret_key"
    if key_file.is_file() and key_file.read_text(encoding="ascii").strip() == settings.SECRET_KEY:
        return key_file
    return None


def restrack_version() -> str:
    try:
        return importlib.metadata.version("restrack")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[using])
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def known_migrations() -> set[tuple[str, str]]:
    """Every migration this code has (on disk), applied or not."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _pairs(migrations: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(app, name) for app, names in migrations.items() for name in names}


# --- writing a backup ------------------------------------------------------------------------------


class _Hashing:
    """Reads exactly `size` bytes from `handle`, hashing them on the way into the tar file."""

    def __init__(self, handle, size: int):
        self.handle, self.left, self.sha = handle, size, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.handle.read(n)
        self.left -= len(data)
        self.sha.update(data)
        return data


def _add_file(tar: tarfile.TarFile, source: Path, name: str) -> dict:
    with source.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, int(os.fstat(handle.fileno()).st_mtime)
        reader = _Hashing(handle, size)
        tar.addfile(info, reader)
        if reader.left:
            raise BackupError(f"{source} shrank while it was being backed up: run the backup again.")
    return {"path": name, "size": size, "sha256": reader.sha.hexdigest()}


def _pg_env(using: str) -> dict[str, str]:
    """libpq's environment for the database `using` (the password stays out of the command line)."""
    db = connections[using].settings_dict
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    for option, name in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if db.get("OPTIONS", {}).get(option):
            env[name] = str(db["OPTIONS"][option])
    return env


def _client_major(program: str) -> int | None:
    """The major version of PostgreSQL's `program` on PATH (pg_dump 15.2 -> 15); None when absent."""
    path = shutil.which(program)
    if not path:
        return None
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else None


def pg_dump_usable(using: str = DEFAULT_DB_ALIAS) -> tuple[bool, str]:
    """Whether pg_dump on PATH can dump the server (its major version at least the server's), and why not."""
    major = _client_major("pg_dump")
    connection = connections[using]
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if major is None:
        return False, "pg_dump is not on PATH (apt-get install postgresql-client)"
    if major < server:
        return False, f"pg_dump {major} cannot dump a PostgreSQL {server} server (install postgresql-client-{server})"
    return True, f"pg_dump {major}, server {server}"


def _dump_sqlite(using: str, target: Path) -> None:
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one step: a consistent copy of the live database
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()


def _dump_pg(using: str, target: Path) -> None:
    result = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        env=_pg_env(using),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def portable_models() -> list:
    """The models a portable dump holds: every concrete one (as `dumpdata` would), the search index's
    rows left out (rebuilt after the restore)."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed and model._meta.label_lower not in PORTABLE_EXCLUDE
    ]


def _dump_portable(using: str, target: Path) -> None:
    """Every model's rows in Django's JSON lines (what `loaddata` reads), in one transaction:
    REPEATABLE READ on PostgreSQL (one snapshot, writers go on), SQLite's write lock taken at the
    start otherwise (readers go on, writers wait)."""
    connection = connections[using]
    serializer = serializers.get_serializer("python")()
    with transaction.atomic(using=using), target.open("w", encoding="utf-8") as out:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in portable_models():
            rows = model._base_manager.using(using).order_by(model._meta.pk.name).iterator(chunk_size=2_000)
            for record in serializer.serialize(rows):
                out.write(json.dumps(record, cls=_ExactEncoder, ensure_ascii=False) + "\n")


def backup_path(path: Path) -> Path:
    """`path`, or a dated file name inside it when it is a directory."""
    if path.is_dir():
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        return path / f"restrack-backup-{stamp}.tar.gz"
    return path


def backup(path: Path, *, portable: bool = False, using: str = DEFAULT_DB_ALIAS, say: Say = print) -> dict:
    """Write a backup to `path` (see the module's docstring); its manifest."""
    path = backup_path(Path(path))
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a directory: create it or give another path for the backup.")
    connection = connections[using]
    vendor = connection.vendor
    warnings = []
    if portable:
        method, member, dump = "portable", PORTABLE_MEMBER, _dump_portable
    elif vendor == "sqlite":
        method, member, dump = "sqlite-backup", SQLITE_MEMBER, _dump_sqlite
    elif vendor == "postgresql":
        usable, why = pg_dump_usable(using)
        if usable:
            method, member, dump = "pg_dump", PGDUMP_MEMBER, _dump_pg
        else:
            method, member, dump = "portable", PORTABLE_MEMBER, _dump_portable
            warnings.append(f"portable dump instead of pg_dump: {why}")
    else:
        raise BackupError(f"Restrack backs up SQLite and PostgreSQL databases, not {vendor}.")
    mode = "w:gz" if path.name.endswith((".gz", ".tgz")) else "w"
    work = Path(tempfile.mkdtemp(prefix=".restrack-backup-", dir=path.parent))
    try:
        dumped = work / member
        dump(using, dumped)
        migrations = applied_migrations(using)  # after the dump: a migration applied meanwhile shows
        partial = work / "backup.tar"
        files = []
        with tarfile.open(partial, mode) as tar:
            database = {**_add_file(tar, dumped, member), "vendor": vendor, "method": method}
            dumped.unlink()
            for root_name, root in file_roots().items():
                if root.is_dir():
                    for source in sorted(p for p in root.rglob("*") if p.is_file()):
                        name = f"{FILES}{root_name}/{source.relative_to(root).as_posix()}"
                        files.append(_add_file(tar, source, name))
            key_file = secret_key_file()
            if key_file:
                files.append(_add_file(tar, key_file, SECRET_KEY_MEMBER))
                warnings.append(
                    "this backup holds the site's secret key (var/secret_key): keep it as safe as the key itself"
                )
            manifest = {
                "format": FORMAT,
                "restrack_version": restrack_version(),
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "database": database,
                "migrations": migrations,
                "files": files,
                "secret_key": (
                    "included (files/secret_key): sensitive"
                    if key_file
                    else "not included: the site takes it from RESTRACK_SECRET_KEY, keep that elsewhere"
                ),
                "warnings": warnings,
            }
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.datetime.now().timestamp())
            tar.addfile(info, _Hashing(_BytesReader(data), len(data)))
        os.chmod(partial, 0o600)
        os.replace(partial, path)  # whole or not at all: no half-written backup under its name
    finally:
        shutil.rmtree(work, ignore_errors=True)
    manifest["path"] = str(path)
    return manifest


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def read(self, n: int = -1) -> bytes:
        end = len(self.data) if n < 0 else self.at + n
        chunk = self.data[self.at : end]
        self.at += len(chunk)
        return chunk


# --- reading and checking a backup -----------------------------------------------------------------


@dataclasses.dataclass
class Opened:
    """A backup read and checked, its members extracted under `directory`."""

    manifest: dict
    directory: Path

    @property
    def database_member(self) -> Path:
        return self.directory / self.manifest["database"]["path"]

    @property
    def method(self) -> str:
        return self.manifest["database"]["method"]

    def files(self) -> list[dict]:
        return [f for f in self.manifest["files"] if f["path"] != SECRET_KEY_MEMBER]

    @property
    def has_secret_key(self) -> bool:
        return any(f["path"] == SECRET_KEY_MEMBER for f in self.manifest["files"])


def _damaged(path: Path, what: str) -> BackupError:
    return BackupError(
        f"{path} is not a whole Restrack backup ({what}). Nothing was changed. "
        "Restore from another copy of the backup, or make a new one with `restrack backup`."
    )


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and ".." not in parts and "" not in parts


@contextlib.contextmanager
def opened(path: Path, work_in: Path | None = None) -> Iterator[Opened]:
    """Read the whole backup at `path` into a temporary directory and check every member against
    the manifest (size and SHA-256); BackupError, with nothing changed, when anything is wrong."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file: give the path of a backup `restrack backup` wrote.")
    if work_in is not None:
        work_in.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".restrack-restore-", dir=work_in))
    try:
        found: dict[str, tuple[int, str]] = {}
        try:
            with tarfile.open(path, "r:*") as tar:
                for member in tar:
                    if not member.isfile() or not _safe_name(member.name) or member.name in found:
                        raise _damaged(path, f"unexpected member {member.name!r}")
                    target = work / member.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    sha, size = hashlib.sha256(), 0
                    with tar.extractfile(member) as source, target.open("wb") as out:
                        while chunk := source.read(CHUNK):
                            sha.update(chunk)
                            size += len(chunk)
                            out.write(chunk)
                    found[member.name] = (size, sha.hexdigest())
        except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
            raise _damaged(path, f"it ends early or is corrupt: {error}") from error
        except OSError as error:
            raise BackupError(f"Could not unpack {path} into {work}: {error}. Nothing was changed.") from error
        if MANIFEST not in found:
            raise _damaged(path, "no manifest.json: it was cut short, or is not a Restrack backup")
        try:
            manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
            entries = [manifest["database"], *manifest["files"]]
            expected = {entry["path"]: (entry["size"], entry["sha256"]) for entry in entries}
            manifest["format"], manifest["migrations"], manifest["database"]["method"]  # noqa: B018
        except (ValueError, KeyError, TypeError) as error:
            raise _damaged(path, f"its manifest cannot be read: {error}") from error
        if not isinstance(manifest["format"], int) or manifest["format"] > FORMAT:
            raise BackupError(
                f"{path} is a backup of format {manifest['format']!r}, written by Restrack "
                f"{manifest.get('restrack_version', '?')}; this Restrack reads format {FORMAT}. "
                "Restore it with that version of Restrack or newer. Nothing was changed."
            )
        for name, (size, sha) in expected.items():
            if name not in found:
                raise _damaged(path, f"{name} is missing")
            if found[name] != (size, sha):
                raise _damaged(path, f"{name} differs from the manifest's size and SHA-256")
        extra = set(found) - set(expected) - {MANIFEST}
        if extra:
            raise _damaged(path, f"members the manifest does not list: {', '.join(sorted(extra))}")
        yield Opened(manifest=manifest, directory=work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_schema(backup: Opened, vendor: str) -> list[str]:
    """Refuse what this code cannot restore; the migrations to apply after the restore."""
    theirs = _pairs(backup.manifest["migrations"])
    ours = known_migrations()
    newer = sorted(theirs - ours)
    version = backup.manifest.get("restrack_version", "?")
    if newer:
        listed = ", ".join(f"{app}.{name}" for app, name in newer[:8]) + (" ..." if len(newer) > 8 else "")
        raise BackupError(
            f"The backup was made by a newer Restrack ({version}): its database has {len(newer)} migration(s) "
            f"this code does not have ({listed}). Upgrade Restrack to {version} or later, then restore. "
            "Nothing was changed."
        )
    missing = sorted(ours - theirs)
    method = backup.method
    if method == "portable" and missing:
        listed = ", ".join(f"{app}.{name}" for app, name in missing[:8]) + (" ..." if len(missing) > 8 else "")
        raise BackupError(
            f"This portable backup is of an older schema (Restrack {version}; it lacks {listed}): its rows can "
            f"only be loaded by the same schema. Restore it with Restrack {version}, then upgrade (`restrack "
            "migrate`) and back up again. Nothing was changed."
        )
    backup_vendor = backup.manifest["database"]["vendor"]
    if method != "portable" and backup_vendor != vendor:
        raise BackupError(
            f"This backup holds a {backup_vendor} database ({method}) and this site uses {vendor}. To move "
            f"between them, make a portable backup where the data is (`restrack backup --portable PATH`) and "
            "restore that. Nothing was changed."
        )
    return [f"{app}.{name}" for app, name in missing]


# --- what the database and files hold now ----------------------------------------------------------

# The records a person makes: a database holding none of them holds only what `migrate` puts there.
CONTENT = [
    ("core.Event", "events"),
    ("reporting.ProgressUpdate", "progress updates"),
    ("funding.FundingRecord", "funding records"),
    ("jobs.Job", "jobs"),
    ("auth.User", "accounts"),
]


def present_content(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What restoring would replace, in words ("312 events", "4 files under media/"); empty when
    the database and files hold nothing beyond what `migrate` creates."""
    held = []
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    for label, words in CONTENT:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if model._meta.db_table not in tables:
            continue
        queryset = model._base_manager.using(using).all()
        if label == "auth.User":
            queryset = queryset.exclude(password__startswith="!")  # the system account cannot sign in
        count = queryset.count()
        if count:
            held.append(f"{count} {words}")
    for root_name, root in file_roots().items():
        count = sum(1 for p in root.rglob("*") if p.is_file()) if root.is_dir() else 0
        if count:
            held.append(f"{count} files under {root_name}/ ({root})")
    return held


# --- restoring ------------------------------------------------------------------------------------


def _restore_sqlite(backup: Opened, using: str) -> None:
    connection = connections[using]
    connection.close()
    connection.ensure_connection()
    source = sqlite3.connect(backup.database_member)
    try:
        # One step: the whole copy is written in one transaction of the live database's, or not at all.
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not restore the database ({error}); it was left as it was.") from error
    finally:
        source.close()
        connection.close()


def _restore_pg(backup: Opened, using: str) -> None:
    if _client_major("pg_restore") is None or not shutil.which("psql"):
        raise BackupError(
            "This backup holds a pg_dump archive, and pg_restore or psql is not on PATH: install "
            "postgresql-client (the server's major version or newer). Nothing was changed."
        )
    connections[using].close()
    env = _pg_env(using)
    script = backup.directory / "database.sql"
    result = subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(backup.database_member)],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(f"pg_restore could not read the archive: {result.stderr.strip()}. Nothing was changed.")
    wrapper = backup.directory / "restore.sql"
    wrapper.write_text(
        f"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n\\i {script}\n", encoding="utf-8"
    )
    # One transaction: the old tables are dropped only if the whole archive loads.
    result = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", str(wrapper)],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(f"PostgreSQL refused the restore, which was undone: {result.stderr.strip()}")


def _restore_portable(backup: Opened, using: str, say: Say) -> None:
    connection = connections[using]
    if set(known_migrations()) - set(MigrationRecorder(connection).applied_migrations()):
        say("Creating the tables (migrate) ...")
        call_command("migrate", database=using, interactive=False, verbosity=0)
    fixture = backup.database_member
    try:
        # Field history is loaded as it was: none is recorded for the rows loaded (their m2m links).
        with transaction.atomic(using=using), override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("flush", database=using, interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(fixture), database=using, verbosity=0)
    except Exception as error:  # noqa: BLE001 - any failure is undone; say what it was
        raise BackupError(f"The rows could not be loaded, and the database was left as it was: {error}") from error


def _restore_files(backup: Opened, say: Say) -> None:
    """Replace each root's files with the backup's: the new tree is put in place beside the old one,
    then swapped in, then the old one removed."""
    by_root: dict[str, list[dict]] = {}
    for entry in backup.files():
        root_name = entry["path"][len(FILES) :].split("/", 1)[0]
        by_root.setdefault(root_name, []).append(entry)
    for root_name, root in file_roots().items():
        staged = backup.directory / FILES / root_name
        if not staged.is_dir() and not root.exists():
            continue
        root.parent.mkdir(parents=True, exist_ok=True)
        incoming = root.with_name(f".{root.name}.restoring")
        outgoing = root.with_name(f".{root.name}.replaced")
        for leftover in (incoming, outgoing):
            shutil.rmtree(leftover, ignore_errors=True)
        if staged.is_dir():
            shutil.copytree(staged, incoming)
        else:
            incoming.mkdir()
        if root.exists():
            os.replace(root, outgoing)
        os.replace(incoming, root)
        shutil.rmtree(outgoing, ignore_errors=True)
        say(f"Files under {root_name}/: {len(by_root.get(root_name, []))} restored ({root}).")
    if backup.has_secret_key:
        key_file = Path(settings.VAR_DIR) / "secret_key"
        data = (backup.directory / SECRET_KEY_MEMBER).read_bytes()
        temporary = key_file.with_name(".secret_key.restoring")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, key_file)
        if os.environ.get("RESTRACK_SECRET_KEY", "").strip():
            say("Secret key restored to var/secret_key; RESTRACK_SECRET_KEY is set and takes precedence over it.")
        else:
            say("Secret key restored (var/secret_key): restart the server and workers to use it.")


def restore_hooks() -> list[tuple[str, Callable]]:
    """Each installed app's `restore_hooks.after_restore`, lowest layer first (INSTALLED_APPS order)."""
    hooks = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "restore_hooks"):
            module = importlib.import_module(f"{app_config.name}.restore_hooks")
            hooks.append((app_config.label, module.after_restore))
    return hooks


def restore(
    path: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS, say: Say = print, check_only: bool = False
) -> dict:
    """Restore the backup at `path` into the database `using` and the site's files; its manifest."""
    connection = connections[using]
    vendor = connection.vendor
    with opened(Path(path), work_in=Path(settings.VAR_DIR)) as backup:
        manifest = backup.manifest
        to_migrate = check_schema(backup, vendor)
        if check_only:
            return manifest
        held = present_content(using)
        if held and not force:
            raise BackupError(
                f"The database ({connection.settings_dict['NAME']}) and files are not empty: they hold "
                f"{', '.join(held)}. Restoring replaces all of it with the backup of {manifest['created_at']}. "
                "Run again with --force to replace it (back it up first). Nothing was changed."
            )
        if held:
            say(f"Replacing {', '.join(held)}.")
        method = backup.method
        say(f"Restoring the database ({method}, made {manifest['created_at']}) ...")
        if method == "sqlite-backup":
            _restore_sqlite(backup, using)
        elif method == "pg_dump":
            _restore_pg(backup, using)
        else:
            _restore_portable(backup, using, say)
        if to_migrate:
            say(f"Applying {len(to_migrate)} migration(s) the backup's schema lacks ...")
            call_command("migrate", database=using, interactive=False, verbosity=0)
        _restore_files(backup, say)
    for _label, hook in restore_hooks():
        hook(say)
    return manifest
