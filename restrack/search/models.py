"""The search index: one row per indexed object and language.

The row is an ordinary Django model so that it exists, and is written the same way, on every
database. What makes it fast is engine-specific and lives outside the model (see
migrations/0002_grams.py and engines.py): an FTS5 table over `tokens` and `grams` kept in sync by
triggers on SQLite; on PostgreSQL a generated tsvector column over the same two fields with a GIN
index, and a trigram GIN index for the substring fallback. Both also index `scope` (migration
0003_scope): the row's kind, language, period and instrument as terms, so that filters and the
counts per kind are answered by the full-text index alone.

The row repeats what a hit needs to be shown and filtered (instrument, period, title, link), so
that a search is one query however many hits it returns.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HitKind(models.TextChoices):
    PARAGRAPH = "paragraph", _("report paragraph")
    INSTRUMENT = "instrument", _("resolution or decision")
    OPERATIVE_PARAGRAPH = "operative_paragraph", _("operative paragraph")
    PARTNER = "partner", _("partner")


class SearchEntry(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=HitKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=10)
    # Plain values rather than foreign keys: the index is derived data, rebuilt from the
    # registry and reports, and must never block a delete there.
    instrument_id = models.PositiveBigIntegerField(_("instrument id"), null=True, blank=True)
    period_label = models.CharField(_("reporting period"), max_length=7, blank=True)
    title = models.CharField(_("title"), max_length=600)
    url_hint = models.CharField(
        _("link"),
        max_length=300,
        blank=True,
        help_text=_("Path below the public site's language prefix: resolutions/2/7/#entry-12."),
    )
    original = models.TextField(_("original text"))
    tokens = models.TextField(_("tokens"), help_text=_("The original text segmented, space-joined."))
    grams = models.TextField(
        _("character grams"),
        blank=True,
        default="",
        help_text=_("Bigrams of the original text's Chinese characters, space-joined (see restrack.search.grams)."),
    )
    scope = models.TextField(
        _("scope terms"),
        blank=True,
        default="",
        help_text=_("The row's kind, language, period and instrument as index terms (see restrack.search.scope)."),
    )

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="search_entry_unique_object_language"
            ),
        ]
        indexes = [
            models.Index(fields=["instrument_id"], name="search_entry_instrument"),
            models.Index(fields=["period_label"], name="search_entry_period"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.language})"
