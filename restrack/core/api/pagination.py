"""Pages of API lists: ?limit= (100 by default, 1000 at most) and ?offset=; the answer has
`count`, `next`, `previous` and `results`. Exports (<list>/export.csv) are not paged."""

from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    max_limit = 1000
