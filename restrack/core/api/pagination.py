"""Pages of API lists: ?limit= (100 by default, 1000 at most) and ?offset=; the answer has
`count`, `next`, `previous` and `results`. Exports (<list>/export.csv) are not paged."""

from rest_framework.pagination import LimitOffsetPagination

DESCRIPTIONS = {
    "count": "How many items the list has with these filters, on every page.",
    "next": "The address of the next page, null on the last.",
    "previous": "The address of the previous page, null on the first.",
    "results": "The items of this page.",
}


class Pagination(LimitOffsetPagination):
    max_limit = 1000

    def get_paginated_response_schema(self, schema):
        """DRF's, with every property described (the schema's fields all say what they are)."""
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"] = {
            name: {**prop, "description": DESCRIPTIONS[name]} if name in DESCRIPTIONS else prop
            for name, prop in paginated["properties"].items()
        }
        paginated["properties"]["next"]["example"] = (
            "https://restrack.example.org/api/v1/instruments/?limit=100&offset=200"
        )
        paginated["properties"]["previous"]["example"] = (
            "https://restrack.example.org/api/v1/instruments/?limit=100&offset=0"
        )
        return paginated
