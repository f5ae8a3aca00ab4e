"""Reading Restrack's configuration from the environment.

Every setting has a safe default so that a fresh clone runs with no configuration at all;
production overrides them through environment variables (see the README).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value: use one of {sorted(TRUE_WORDS | FALSE_WORDS - {''})}."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def choice(name: str, options: dict[str, str], default: str) -> str:
    """The option named by the environment variable; a clear error for anything else."""
    raw = os.environ.get(name, default).strip().lower()
    if raw not in options:
        raise ImproperlyConfigured(f"{name}={raw!r} is not one of {sorted(options)}.")
    return options[raw]


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """A whole number of at least `minimum`; a clear error for anything else."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number of at least {minimum}.")
    return value


BROKER_SCHEMES = ("amqp", "amqps", "pyamqp", "redis", "rediss")


def broker(url: str | None) -> str | None:
    """The task queue's broker for RESTRACK_BROKER_URL (RabbitMQ or Redis); None when unset: tasks
    then run in the process that asks for them."""
    if not url or not url.strip():
        return None
    url = url.strip()
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in BROKER_SCHEMES:
        raise ImproperlyConfigured(
            f"RESTRACK_BROKER_URL={url!r} is not a broker address: use amqp://guest:guest@127.0.0.1:5672// "
            "(RabbitMQ) or redis://127.0.0.1:6379/0 (Redis), or leave it unset to run tasks in the web process."
        )
    return url


RATE_UNITS = ("second", "minute", "hour", "day")


def rate(name: str, default: str) -> str | None:
    """A request rate such as "120/minute" (per second, minute, hour or day); None for "off"."""
    raw = os.environ.get(name, default).strip().lower()
    if raw in {"off", "none", "0"}:
        return None
    count, _slash, unit = raw.partition("/")
    if not count.isdigit() or int(count) < 1 or unit not in RATE_UNITS:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate: write requests per {', '.join(RATE_UNITS)} as 120/minute, or off."
        )
    return f"{int(count)}/{unit}"


def cache(url: str | None, var_dir: Path, name: str = "django") -> dict:
    """Django's CACHES entry `name` for RESTRACK_CACHE_URL, shared by every server process on the
    machine (which API rate limits and the page cache need): locmem:// for one process,
    redis://host:6379/0 for several machines (each entry its own key prefix). Unset: files under
    var/cache/<name> kept by diskcache, whose index (SQLite) finds, and evicts the oldest of, tens
    of thousands of entries without listing a directory: Django's file cache lists every file at
    each write, and the API's rate limits write once per anonymous request (10 ms a request with
    3,000 addresses counted, against 0.25 with diskcache). "pages" holds whole answers
    (restrack.publish.page_cache) and the data cache; "django" rate limits and the like."""
    if not url:
        return {
            "BACKEND": "restrack.core.disk_cache.DiskCache",
            "LOCATION": str(var_dir / "cache" / name),
            "OPTIONS": {"size_limit": 2**30 if name == "pages" else 2**28},
        }
    scheme = url.split("://", 1)[0].lower()
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
    if scheme in {"redis", "rediss"}:
        entry = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        return entry if name == "django" else {**entry, "KEY_PREFIX": name}
    raise ImproperlyConfigured(
        f"RESTRACK_CACHE_URL={url!r} is not understood: use locmem:// or redis://host:6379/0, or leave it unset."
    )


DEFAULT_SITE_URL = "http://127.0.0.1:8000"


SERVED_AT_FILE = "served-at"


def site_url(raw: str | None, var_dir: Path | None = None) -> str:
    """RESTRACK_SITE_URL without its trailing slash ("https://tracker.unhabitat.org"). Unset: the
    address `restrack serve` last bound (kept in var/served-at, so that a command sending reminders
    links to the running server), else the default. An address without a scheme or host, or with a
    query or fragment, is refused: links are built on it."""
    from urllib.parse import urlsplit

    if raw is None or not raw.strip():
        served = var_dir / SERVED_AT_FILE if var_dir else None
        if served and served.is_file():
            return served.read_text(encoding="ascii").strip() or DEFAULT_SITE_URL
        return DEFAULT_SITE_URL
    url = raw.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"RESTRACK_SITE_URL={raw!r} is not a site's address: write its scheme, host and port, "
            "as https://tracker.example.org or http://127.0.0.1:8080."
        )
    return url


def served_at(host: str, port: int) -> str:
    """The address of a server bound to `host`:`port`, for links (settings.SITE_URL when
    RESTRACK_SITE_URL is unset). A server bound to every interface is named by the machine's name."""
    import socket

    if host in {"", "0.0.0.0", "::", "[::]"}:
        host = socket.getfqdn()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def remember_served_at(url: str, var_dir: Path) -> None:
    """Keep the address `restrack serve` binds for other commands' links (see site_url)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    (var_dir / SERVED_AT_FILE).write_text(url + "\n", encoding="ascii")


def secret_key(var_dir: Path) -> str:
    """The key from RESTRACK_SECRET_KEY, or one generated once and kept in var/ (never committed)."""
    configured = os.environ.get("RESTRACK_SECRET_KEY", "").strip()
    if configured:
        return configured
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Create with owner-only permissions; O_EXCL makes two processes starting at once agree on one key.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def database(url: str | None, var_dir: Path) -> dict:
    """Django's DATABASES['default'] for DATABASE_URL; SQLite under var/ when it is not set."""
    import dj_database_url

    if not url:
        var_dir.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{var_dir / 'restrack.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} is not understood ({error}). "
            "Use sqlite:////absolute/path.sqlite3 or postgres://user@host:5432/name."
        ) from error
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        # Each server thread keeps its connection, as on PostgreSQL: opening one (and running the
        # pragmas below) cost more than a third of a small page's CPU. Restores copy into the
        # live database through SQLite's backup API, so a kept connection never sees a stale file.
        config["OPTIONS"] = {
            # WAL lets readers proceed while one writer writes; IMMEDIATE transactions take the
            # write lock up front, and the timeout makes concurrent writers wait rather than fail
            # with "database is locked".
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine == "django.db.backends.postgresql":
        template = os.environ.get("RESTRACK_TEST_DB_TEMPLATE")
        if template:
            # The test database copies this template's encoding and locale (CI makes it UTF-8).
            config["TEST"] = {"TEMPLATE": template}
    else:
        raise ImproperlyConfigured(f"DATABASE_URL selects {engine}; Restrack supports SQLite and PostgreSQL only.")
    return config
