"""What several public pages (and several addresses of one page) compute alike, kept until the
next public change: the data cache.

The page cache (restrack.publish.page_cache) keeps whole answers, one per address and only for
anonymous readers. Many answers it cannot keep still share their expensive parts: every sort,
page and filter of the dashboard shows the same totals and charts, a signed-in coordinator reads
the same tracker pages as the public, and with the page cache off every answer is rendered. Those
parts are computed once per public generation and kept in the same shared cache (CACHES["pages"]:
files by default, Redis where several machines serve), under the same generation: one public change
(the events page_cache listens to) makes all of them stale at once, on every machine.

- `remember(name, vary, compute)`: a value (picklable: rows, figures, labels) computed by
  `compute()`, kept per page language and per `vary` (the period, the filters: whatever the value
  depends on beside the published content).
- `{% shared name vary... %}…{% endshared %}` (templatetags/shared.py): the same for a fragment of
  a template, so that a cached fragment costs neither its queries nor its rendering; the values
  it shows are given to it as a `Deferred`, computed only when the fragment is rendered.

Only what is public may be kept here: the tracker's pages read published data through the access
policy's public rules, whoever reads them. RESTRACK_DATA_CACHE=off computes everything each time.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.utils import translation

from restrack.publish import page_cache

logger = logging.getLogger(__name__)

MISSING = object()


def enabled() -> bool:
    return bool(getattr(settings, "RESTRACK_DATA_CACHE", False))


def _key(kind: str, name: str, vary) -> str:
    digest = hashlib.blake2b(repr(tuple(vary)).encode(), digest_size=8).hexdigest()
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"{page_cache.site_prefix()}:{page_cache.code_fingerprint()}:{kind}:{name}:{language}:{digest}"


def lookup(kind: str, name: str, vary=()):
    """(the stored value or MISSING, a function that stores a value computed now): one round
    trip to the cache for the value and the current generation."""
    try:
        store = page_cache.shared_store()
        prefix = page_cache.site_prefix()
        key = _key(kind, name, vary)
        found = store.get_many([prefix + ":generation", key])
        generation = page_cache.current_generation(store, prefix, found)
    except Exception:  # the cache is down: computed as if it were off
        logger.warning("Data cache skipped for %s", name, exc_info=True)
        return MISSING, lambda value: None
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1], None

    def save(value) -> None:
        try:
            store.set(key, (generation, value), timeout=settings.RESTRACK_PAGE_CACHE_TTL)
        except Exception:
            logger.warning("Could not keep %s in the data cache", name, exc_info=True)

    return MISSING, save


def remember(name: str, vary, compute):
    """compute(), or what it gave under the current public generation for the same `name`, `vary`
    and page language."""
    if not enabled():
        return compute()
    value, save = lookup("data", name, vary)
    if value is not MISSING:
        return value
    value = compute()
    save(value)
    return value


class Deferred:
    """A value computed at most once, when first asked for (`value()`): what a view gives a
    `{% shared %}` fragment, so that a fragment found in the cache costs nothing to compute.
    Templates never call it by themselves."""

    do_not_call_in_templates = True

    def __init__(self, compute):
        self._compute = compute
        self._value = MISSING

    def value(self):
        if self._value is MISSING:
            self._value = self._compute()
        return self._value
