"""Published pages served like static files: whole answers kept in a cache shared by every server
process (and machine), until the next public change.

Between two public changes (a publication, a correction, funding recorded, the window's books, a
registry edit, an import) every public page is the same for every anonymous reader. So an
anonymous GET or HEAD of a public tracker page (the `publish` app's and the public downloads'
addresses under each language prefix, and the follow form) or of the API (`/api/...`) is answered from the cache named
`pages` in CACHES (RESTRACK_CACHE_URL: files under var/cache/pages by default, Redis for several
machines) when the cache has it, without touching the database or a template:

- The cache holds a *generation*: a token that changes with every public change. A receiver of
  `restrack.core.events.event_committed` replaces it after each event whose kind can change what
  the public sees (`changes_public_content`; when in doubt it does: a stale public page is worse
  than a miss), and so do `migrate` and `restrack clear-page-cache`. Every stored answer records
  the generation it was rendered under and is served only while that is still the current one; so
  one write invalidates every page at once, on every machine.
- An answer is stored under a key made of the site (the database it was read from and a
  fingerprint of the code and translations), the scheme and host, the path with its query string
  in a stable order, the language (the path's prefix; for the API also the one negotiated from
  Accept-Language or the language cookie), the API's Accept header and htmx's request headers.
- Validators come from the generation: `ETag` is W/"<key>-<generation>" and `Last-Modified` the
  time of the last public change (the API keeps the Last-Modified of the records it answers with),
  so If-None-Match / If-Modified-Since give 304 without rendering, even when the answer itself is
  no longer in the cache. The API middleware (restrack.core.api.middleware) uses the same ETag
  (`request.public_etag`) instead of hashing the body. Stored answers say `Cache-Control: no-cache`:
  browsers revalidate each time and get a 304 until the next change.
- A compressible body is stored gzipped too, and sent that way to clients that accept it.
- Only what is the same for everyone is stored: a request with an Authorization header, a session
  cookie (a signed-in reader, or a session holding something of the reader's) or pending messages
  bypasses the cache both ways; an answer is stored only when it is a 200 to an anonymous reader
  that sets no cookie, used no CSRF token and is not marked private or no-store. Public pages
  render no CSRF token for anonymous readers (the language switcher is a list of links).
- Searches (the search page, the API's search) are stored like any page. A worker may rewrite the
  search index after the change's event, so rewriting it starts a new generation too
  (`restrack.search.index.index_changed`): a search answered from the old index in between is
  never served after.
- Streamed downloads (CSV, JSON, XLSX) are stored as they are sent when they are not larger than
  MAX_STORED_BYTES; larger ones still get the generation's ETag, so an unchanged download is a 304.

The parts several answers share (totals, charts, summaries) are kept under the same generation
by restrack.publish.memo (the data cache), which is why the generation is kept while either cache
is on (`caching()`).

RESTRACK_PAGE_CACHE=off turns whole answers off (every answer is rendered; the benchmarks measure both);
RESTRACK_PAGE_CACHE_TTL bounds how long an answer is kept even when nothing changes. If the cache
cannot be reached, answers are rendered as if it were off (and the failure is logged).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import connections
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers, set_response_etag
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from restrack.accounts import policy
from restrack.core.choices import EventKind
from restrack.core.events import event_committed
from restrack.reporting.models import Commitment, ProgressUpdate
from restrack.search.index import index_changed

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
# Namespaces of the URLconf whose pages are public (restrack.urls): the tracker and its downloads.
PUBLIC_NAMESPACES = frozenset({"publish", "exports"})
# Pages of other namespaces that are the same for every visitor: the follow form (no CSRF token:
# restrack.core.cross_origin protects its post) and the page after it. Confirming and stopping are
# one visitor's own links, never stored.
PUBLIC_VIEWS = frozenset({"follow:follow", "follow:sent"})
API_PREFIX = "/api/"
MAX_STORED_BYTES = 8 * 1024 * 1024
# Answers each process also keeps in its own memory (bodies, bytes), checked against the generation.
LOCAL_BYTES = 32 * 1024 * 1024
MIN_COMPRESSED_BYTES = 256
COMPRESSIBLE = re.compile(r"^(text/|application/(json|javascript|xml|.*\+json|.*\+xml)|image/svg)")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Headers a 304 repeats from the answer it stands for (RFC 9110, 15.4.5).
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Last-Modified", "Vary")
# What a 304 given without rendering varies on: what the answer would have said (the API's
# middleware adds Accept, Accept-Language and Authorization; pages read the session cookie).
VARY = {"page": "Accept-Encoding, Cookie", "api": "Accept, Accept-Encoding, Accept-Language, Authorization, Cookie"}
# Stored answers' headers that are set again for each answer (the body chosen may be gzipped).
UNSTORED_HEADERS = frozenset({"content-length", "content-encoding"})


# --- the generation ------------------------------------------------------------------------------


def shared_store():
    return caches[CACHE_ALIAS]


@functools.lru_cache(maxsize=8)
def _site(database: tuple) -> str:
    """Which installation and which code: two sites (or a test run and `make run`) sharing a cache
    never see each other's pages, and new code or translations never serve pages the old made."""
    digest = hashlib.blake2b(repr(database).encode(), digest_size=6)
    return f"{digest.hexdigest()}"


_FINGERPRINTED = {".py", ".html", ".mo", ".txt", ".css", ".js", ".svg"}


@functools.cache
def code_fingerprint() -> str:
    """A hash of the code, templates, compiled translations and static files this process serves
    with. Static files count because a page names them by their content's hash: a page stored
    before a stylesheet changed would load the old one, or nothing once the old file is gone."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(root.rglob("*")):
        if path.suffix in _FINGERPRINTED and "tests" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def site_prefix() -> str:
    database = connections["default"].settings_dict
    return "page:" + _site((database["ENGINE"], database["NAME"], database.get("HOST"), database.get("PORT")))


def _new_generation() -> tuple[int, str]:
    """(the time of the change in whole seconds, a random part): never the same token twice, so an
    evicted generation can never bring back answers stored under an earlier one."""
    return int(time.time()), secrets.token_hex(4)


def caching() -> bool:
    """Is anything kept under the generation: whole answers (RESTRACK_PAGE_CACHE) or the figures
    and fragments pages share (RESTRACK_DATA_CACHE, restrack.publish.memo)?"""
    return bool(getattr(settings, "RESTRACK_PAGE_CACHE", False) or getattr(settings, "RESTRACK_DATA_CACHE", False))


def forget_all(reason: str = "") -> None:
    """Start a new generation: every stored answer is stale from now on, on every machine."""
    if not caching():
        return
    try:
        shared_store().set(site_prefix() + ":generation", _new_generation(), timeout=None)
    except Exception:  # the cache being down must not fail the action that committed
        logger.exception("Could not start a new page cache generation (%s): cached pages may be stale", reason)
    else:
        logger.debug("Page cache: new generation (%s)", reason)


def current_generation(store, prefix: str, found: dict) -> tuple[int, str]:
    """The generation from `found` (what a get_many of `prefix:generation` and other keys gave),
    or a new one where none is stored yet."""
    generation = found.get(prefix + ":generation")
    if generation is None:  # first use, or evicted: a new one (add: two processes agree on one)
        generation = _new_generation()
        if not store.add(prefix + ":generation", generation, timeout=None):
            generation = store.get(prefix + ":generation") or generation
    return generation


# --- which requests ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _kind_of_path(path: str) -> str | None:
    """ "api", "page" (a public tracker page or download) or None (anything else)."""
    language = None if path.startswith(API_PREFIX) else translation.get_language_from_path(path)
    if language is None and not path.startswith(API_PREFIX):
        return None
    try:
        with translation.override(language or settings.LANGUAGE_CODE):  # i18n_patterns match its prefix
            match = resolve(path)
    except Resolver404:
        return "api" if language is None else None  # the API's own 404 (JSON) is never stored anyway
    if language is None:
        return "api"
    return "page" if match.namespace in PUBLIC_NAMESPACES or match.view_name in PUBLIC_VIEWS else None


def _private_cookie_names() -> tuple[str, ...]:
    return (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))


def _is_anonymous_request(request) -> bool:
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    return not cookies or not any(name in cookies for name in _private_cookie_names())


def _query(raw: str) -> str:
    """The query string with its parameters in a stable order (a parameter's values keep theirs)."""
    if not raw:
        return ""
    return urlencode(sorted(parse_qsl(raw, keep_blank_values=True), key=lambda pair: pair[0]))


def _key(request, kind: str) -> str:
    meta = request.META
    parts = [kind, request.scheme, request.get_host(), request.path, _query(meta.get("QUERY_STRING", ""))]
    if kind == "api":  # not in the path: negotiated as LocaleMiddleware and DRF will
        parts += [translation.get_language_from_request(request, check_path=True), meta.get("HTTP_ACCEPT", "")]
    else:
        parts += [meta.get("HTTP_HX_REQUEST", ""), meta.get("HTTP_HX_TARGET", "")]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()


# --- answering -----------------------------------------------------------------------------------


def _etag(key: str, generation: tuple[int, str]) -> str:
    return f'W/"{key}-{generation[0]:x}{generation[1]}"'


def _matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    target = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == target for tag in parse_etags(if_none_match))


def _not_modified(request, etag: str, last_modified: int | None) -> bool:
    """Does the client have this answer already (weak comparison, as for GET)?"""
    meta = request.META
    if_none_match = meta.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:  # when both are sent, If-None-Match decides (RFC 9110, 13.2.2)
        return _matches(if_none_match, etag)
    since = meta.get("HTTP_IF_MODIFIED_SINCE")
    if since and last_modified is not None:
        since = parse_http_date_safe(since)
        return since is not None and last_modified <= since
    return False


def _answer_not_modified(headers: dict) -> HttpResponse:
    response = HttpResponseNotModified()
    for name in NOT_MODIFIED_HEADERS:
        if name in headers:
            response[name] = headers[name]
    return response


def _answer_from(request, entry) -> HttpResponse:
    _generation, status, headers, body, compressed, etag, last_modified = entry
    if _not_modified(request, etag, last_modified):
        return _answer_not_modified(headers)
    response = HttpResponse(status=status, headers=headers)
    if compressed is not None and ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        body = compressed
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(body))
    if request.method != "HEAD":
        response.content = body
    return response


# --- storing -------------------------------------------------------------------------------------


def _shareable(request, response) -> bool:
    """Is this answer the one every anonymous reader gets? (Only then is it stored.)"""
    if response.status_code != 200 or response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if response.has_header("Content-Encoding") or getattr(response, "is_async", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _save(key: str, generation, headers: dict, body: bytes, ttl: int) -> bytes | None:
    """Store the answer; its body gzipped too when that is smaller (returned, for the first reader)."""
    compressed = None
    if len(body) >= MIN_COMPRESSED_BYTES and COMPRESSIBLE.match(headers.get("Content-Type", "")):
        compressed = gzip.compress(body, compresslevel=6, mtime=0)
        compressed = compressed if len(compressed) < len(body) else None
    entry = (
        generation,
        200,
        headers,
        body,
        compressed,
        headers["ETag"],
        parse_http_date_safe(headers["Last-Modified"]),
    )
    try:
        shared_store().set(key, entry, timeout=ttl)
    except Exception:  # not stored: the next reader renders it again
        logger.exception("Could not store a page in the page cache")
    RECENT.put(key, entry)
    return compressed


def _teed(chunks, save):
    """The streamed body, kept as it is sent and stored once it has all been sent (not when it is
    larger than MAX_STORED_BYTES, nor when the client went away before the end)."""
    kept, size = [], 0
    for chunk in chunks:
        if kept is not None:
            size += len(chunk)
            kept = None if size > MAX_STORED_BYTES else kept
            if kept is not None:
                kept.append(chunk)
        yield chunk
    if kept is not None:
        save(b"".join(kept))


class _Recent:
    """The answers this process served last, up to `budget` bytes of bodies: a hit on one of them
    reads only the generation from the shared cache (a few bytes) instead of the whole answer."""

    def __init__(self, budget: int):
        self.budget, self.size, self.entries, self.lock = budget, 0, OrderedDict(), threading.Lock()

    @staticmethod
    def _size(entry) -> int:
        return len(entry[3]) + len(entry[4] or b"")

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry) -> None:
        size = self._size(entry)
        if size > self.budget // 8:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.size += size - (self._size(old) if old is not None else 0)
            self.entries[key] = entry
            while self.size > self.budget:
                _key, evicted = self.entries.popitem(last=False)
                self.size -= self._size(evicted)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


RECENT = _Recent(LOCAL_BYTES)


# --- the middleware ------------------------------------------------------------------------------


class PageCacheMiddleware:
    """Between CorsMiddleware and SessionMiddleware (restrack.settings.MIDDLEWARE): a hit is answered
    before sessions, languages, the URL resolver and the views, and CORS and security headers
    are still added to it on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not settings.RESTRACK_PAGE_CACHE
            or not _is_anonymous_request(request)
        ):
            return self.get_response(request)
        kind = _kind_of_path(request.path_info)
        if kind is None:
            return self.get_response(request)
        try:
            store = shared_store()
            prefix = site_prefix()
            key = f"{prefix}:{code_fingerprint()}:{_key(request, kind)}"
            generation_key = prefix + ":generation"
            recent = RECENT.get(key)
            if recent is not None:  # served by this process before: is it still current?
                found = {generation_key: store.get(generation_key)}
                if found[generation_key] == recent[0]:
                    return _answer_from(request, recent)
                found[key] = store.get(key)
            else:
                found = store.get_many([generation_key, key])
            generation = current_generation(store, prefix, found)
        except DisallowedHost:  # refused as usual (400) further in
            return self.get_response(request)
        except Exception:  # the cache is down: as if it were off
            logger.warning("Page cache skipped for %s", request.path, exc_info=True)
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            RECENT.put(key, entry)
            return _answer_from(request, entry)

        etag = _etag(key.rsplit(":", 1)[1], generation)
        if _matches(request.META.get("HTTP_IF_NONE_MATCH", ""), etag):  # the client has it: no rendering
            return _answer_not_modified({"ETag": etag, "Cache-Control": "no-cache", "Vary": VARY[kind]})
        request.public_etag = etag
        response = self.get_response(request)
        if not _shareable(request, response):
            if response.status_code != 304 and response.get("ETag") == etag:
                # Only answers every reader gets carry the generation's ETag; this one its body's.
                del response["ETag"]
                set_response_etag(response)
            return response
        if not response.has_header("ETag"):  # a view's own ETag (an export's) is kept, and stored
            response["ETag"] = etag
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(generation[0])
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ("Accept-Encoding",))
        ttl = settings.RESTRACK_PAGE_CACHE_TTL
        # What the view and the middleware inside this one said; not what the outer ones add
        # (the request id, CORS headers for the reader's origin), which they add to every answer.
        headers = {name: value for name, value in response.items() if name.lower() not in UNSTORED_HEADERS}
        if response.streaming:
            response.streaming_content = _teed(
                response.streaming_content, lambda body: _save(key, generation, headers, body, ttl)
            )
            return response
        body = response.content
        if len(body) > MAX_STORED_BYTES:
            return response
        compressed = _save(key, generation, headers, body, ttl)
        if compressed is not None and ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response.content = compressed
            response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(compressed))
        return response


# --- what makes answers stale --------------------------------------------------------------------

# Kinds that change nothing the public sees: reminders, previews, failed imports, people and tokens
# (no public page or anonymous API answer names a person, a role or an assignment).
PRIVATE_KINDS = frozenset(
    {
        EventKind.PERIOD_REMINDED,
        EventKind.REPORT_PREVIEWED,
        EventKind.REPORT_IMPORT_FAILED,
        EventKind.ROLE_SET,
        EventKind.FOCAL_POINT_ASSIGNED,
        EventKind.FOCAL_POINT_UNASSIGNED,
        EventKind.API_TOKEN_ISSUED,
        EventKind.API_TOKEN_REVOKED,
        EventKind.FOLLOW_REQUESTED,
        EventKind.FOLLOW_CONFIRMED,
        EventKind.FOLLOW_ENDED,
        EventKind.FOLLOWERS_TOLD,
    }
)
# The cycle's steps on an update. What the public reads of them is decided by the access policy: an
# update (with its paragraphs and footnotes) only once published, so these change public pages only
# when the update is public (a correction, a revert of a published update) or when its instrument
# has commitments: a draft reports on the progress of commitments earlier, published updates made,
# may add one no paragraph promised (public) or link one to its own paragraph (no longer public).
UPDATE_STEPS = frozenset(
    {
        EventKind.UPDATE_CREATED,
        EventKind.UPDATE_DRAFTED,
        EventKind.UPDATE_SUBMITTED,
        EventKind.UPDATE_RETURNED,
        EventKind.UPDATE_APPROVED,
        EventKind.UPDATE_IMPORTED,
        EventKind.UPDATE_REVERTED,
    }
)


def changes_public_content(event) -> bool:
    """Can what the public sees have changed with `event`? Every kind not known to leave it alone
    says yes (publications, corrections, funding, the window's books, the registry, imports, periods
    and any kind added later): a stale public page is worse than a miss."""
    if event.kind in PRIVATE_KINDS:
        return False
    if event.kind in UPDATE_STEPS and event.target_type_id == ContentType.objects.get_for_model(ProgressUpdate).pk:
        updates = ProgressUpdate.objects.filter(pk=event.target_id)
        instrument = updates.values_list("instrument_id", flat=True).first()
        return (
            instrument is None
            or policy.public(updates).exists()
            or Commitment.objects.filter(instrument_id=instrument).exists()
        )
    return True


@receiver(event_committed, dispatch_uid="restrack.publish.page_cache")
def _forget_after_a_public_change(sender, event, **kwargs):
    if caching() and changes_public_content(event):
        forget_all(event.kind)


@receiver(index_changed, dispatch_uid="restrack.publish.page_cache.search")
def _forget_after_the_search_index_changed(sender, **kwargs):
    forget_all("search index rewritten")


def forget_after_migrate(sender, **kwargs):
    """Migrations (and the reference data they load) may change anything: a new generation."""
    forget_all("migrate")
