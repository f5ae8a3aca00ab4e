"""Links that tables build for every row, and the language switcher's links, without repeating
Django's URL resolution for each: what reverse() gives depends only on the view, its arguments,
the active language (which prefixes the path), the script prefix and the URLconf."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.translation import get_language


@functools.lru_cache(maxsize=16384)
def _reverse(viewname: str, args: tuple, kwargs: tuple, current_app, language, script_prefix: str, urlconf: str) -> str:
    return reverse(viewname, args=args, kwargs=dict(kwargs), current_app=current_app)


def cached_reverse(viewname: str, *args, current_app: str | None = None, **kwargs) -> str:
    """reverse(viewname, args=args, kwargs=kwargs, current_app=current_app), remembered per
    language, script prefix and URLconf; the arguments must be hashable (codes, numbers, periods)."""
    where = (get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return _reverse(viewname, args, tuple(sorted(kwargs.items())), current_app, *where)


def in_language(full_path: str, language: str) -> str:
    """`full_path` (path and query) of a page of the tracker in another interface language.

    The tracker's paths are not translated, only prefixed (/en/…, /zh-hans/…), so swapping the
    prefix gives what translate_url() gives, without resolving the path and reversing it again
    (a quarter of a millisecond per language, on every page's switcher); on a page that does not
    exist, where translate_url() gives the path back unchanged, the switcher offers the same
    address in the other language, which answers in that language. A path without the active
    language's prefix (a site served under a script prefix) goes through translate_url()."""
    prefix = f"/{get_language()}/"
    if full_path.startswith(prefix):
        return f"/{language}/{full_path[len(prefix) :]}"
    return translate_url(full_path, language)
