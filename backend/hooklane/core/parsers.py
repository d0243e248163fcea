"""Request body parsers for the API: DRF's, with JSON nested too deep for Python refused."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser


class JSONParser(DRFJSONParser):
    """DRF's JSON parser; a body nested deeper than Python can decode is a 400, not a 500.

    DRF turns ValueError into a ParseError, but RecursionError is not one (found by the
    fuzz suite: 100,000 nested arrays crashed every endpoint that reads a body)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
