"""Cursor pagination: stable under inserts, no COUNT(*) over big tables."""

from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError


class CursorPagination(pagination.CursorPagination):
    """DRF's cursor pagination, but a cursor that does not decode is bad input (400),
    not a missing page (404)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            message = self.invalid_cursor_message
            raise ValidationError({self.cursor_query_param: [message]}) from None


class NewestFirstCursorPagination(CursorPagination):
    ordering = ("-created_at", "-id")
