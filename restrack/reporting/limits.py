"""How long the texts people type in the cycle may be, in one place. The actions check them (so
the editor, the review page, the period's settings, the API and the importer all refuse the same
text with the same message), and the forms give their fields the same maximum.

The limits are generous for what each text is (well above the longest paragraph of the past
progress reports), and far below what would make a page slow to read or write.
A request too large to read at all (a 10 MB paste) is refused before any of this, by the
request-size limit (restrack.core.errors)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# Characters, per language of a translated text.
SUMMARY = 2_000  # an update's summary
PARAGRAPH = 10_000  # one paragraph of an update
COMMITMENT = 1_000  # what a commitment promises
FOOTNOTE = 2_000  # a paragraph's footnote (a source, a link)
COMMENT = 2_000  # a reviewer's comment on returning, a correction's or revert's reason
PARAGRAPH_COMMENT = 1_000  # a reviewer's remark on one paragraph
INTRODUCTION = 20_000  # a period's introduction to the report (several paragraphs), or its closing chapter
TITLE = 300  # the closing chapter's title (as the field holds)


def check_length(value, limit: int, *, field: str, what: str) -> None:
    """Refuse `value` (a text, or {language: text}) longer than `limit` characters, naming `what`
    it is; the error is keyed by `field` (the API answers 400 with that key)."""
    texts = value.values() if isinstance(value, dict) else [value]
    longest = max((len(text or "") for text in texts), default=0)
    if longest > limit:
        raise ValidationError(
            {
                field: ValidationError(
                    _("%(what)s is %(length)s characters long; the limit is %(limit)s characters. Shorten it.")
                    % {
                        "what": what,
                        "length": number_format(longest, force_grouping=True),
                        "limit": number_format(limit, force_grouping=True),
                    },
                    code="too_long",
                    params={"limit": limit, "length": longest},
                )
            }
        )
