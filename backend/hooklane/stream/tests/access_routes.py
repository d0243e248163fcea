"""The stream endpoints in the access matrix (hooklane/accounts/tests/access.py)."""

from hooklane.accounts.tests.access import Endpoint

# The matrix calls every route through Django's test client, a WSGI server, where the stream
# path answers 503 `stream_elsewhere` to anyone (it names only the public stream URL). Who
# may open the stream is tested against a real ASGI server instead: test_stream.py (dead and
# missing credentials, sessions, origins) and tests/security/test_isolation.py (outsiders).
PUBLIC = {"stream-logs"}

ENDPOINTS = [Endpoint("stream-info", "get", "member")]
