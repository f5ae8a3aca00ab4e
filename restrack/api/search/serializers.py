"""What the search endpoint answers: the query as searched, how many matched, counts per kind, and
the hits with a plain-text snippet (no HTML) and where the matched words are in it."""

from __future__ import annotations

from rest_framework import serializers

from restrack.search.models import HitKind

KINDS = ", ".join(HitKind.values)


class HighlightSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Where a matched word starts in `snippet` (a character offset, from 0).")
    end = serializers.IntegerField(help_text="Where it ends (exclusive): snippet[start:end] is the matched text.")
    text = serializers.CharField(help_text="The matched text, as it stands in the snippet.")


class SearchInstrumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The instrument's id (/api/v1/instruments/).")
    reference = serializers.CharField(help_text="The instrument, as 'resolution 2/6'.")
    slug = serializers.CharField(help_text="The instrument in one path segment: resolution-2-6.")


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HitKind.choices, help_text=f"What was found: {KINDS}.")
    kind_label = serializers.CharField(help_text="The kind in the request's language.")
    object_id = serializers.IntegerField(
        help_text="The id of what was found: the report paragraph (update entry), instrument, operative paragraph "
        "or partner."
    )
    language = serializers.CharField(help_text="The language of the text that matched (en, zh-hans).")
    title = serializers.CharField(
        help_text="What the hit is, as the tracker labels it (a title, a paragraph's "
        "label, a partner's name), in `language`."
    )
    snippet = serializers.CharField(
        help_text="About 80 characters of the text around the first match, plain text (no HTML); an ellipsis (…) "
        "marks text left out."
    )
    highlights = HighlightSerializer(many=True, help_text="Where the matched words are in `snippet`.")
    instrument = SearchInstrumentSerializer(
        allow_null=True, help_text="The instrument the hit belongs to; null for a partner."
    )
    period = serializers.CharField(
        allow_null=True, help_text="The reporting period of a report paragraph (2024-H2); null otherwise."
    )
    tracker_url = serializers.URLField(help_text="The hit's page on the public tracker, in the hit's language.")


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField(
        help_text="The query as searched (control characters and extra spaces removed, at most 200 characters)."
    )
    phrases = serializers.ListField(
        child=serializers.CharField(),
        help_text="What was searched for: the query, and every name of a partner it "
        "names (UNICEF: 儿基会, 联合国儿童基金会...).",
    )
    total = serializers.IntegerField(
        help_text="How many hits match with every filter applied; `results` holds at most `limit` of them, best first."
    )
    capped = serializers.BooleanField(
        help_text="True when more hits match than are counted (10,000 per kind on SQLite, 1,000 on PostgreSQL): "
        "`total` and `facets` are then lower bounds, and the best hits are ranked among the first ones found."
    )
    facets = serializers.DictField(
        child=serializers.IntegerField(), help_text=f"Matches per kind ({KINDS}) with the other filters, before `kind`."
    )
    results = SearchHitSerializer(many=True, help_text="The best hits first.")
