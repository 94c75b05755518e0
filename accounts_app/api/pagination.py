"""Pagination shared by every list endpoint of the API."""

from rest_framework.pagination import LimitOffsetPagination


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """``?limit=&offset=`` with a ceiling, so one request never loads an unbounded page."""

    max_limit = 1000
