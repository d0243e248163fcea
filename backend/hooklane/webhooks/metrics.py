"""Ingest's metrics: every request to /in/<ingest_key>, by provider type and outcome, timed.

The ingest view is wrapped by `measured`, which hands it an `IngestSeen` to fill in (the
provider, why a signature was refused, whether a webhook was new) and counts the request
once it has answered. The series a request can land in are made when this module is
imported, so the hot path only looks one up and adds to it.
"""

from functools import wraps
from time import perf_counter

from hooklane.accounts.metrics import OTHER, organization_label
from hooklane.core.metrics import SECONDS_BUCKETS, Counter, Histogram

from .cache import IngestProvider
from .models import WebhookProvider
from .schemes import SignatureError

UNKNOWN = "unknown"  # the provider type when the URL matched no provider
OUTCOMES = (
    "accepted",  # stored (held too, for a paused provider)
    "duplicate",  # an event id already stored: acknowledged, not stored again
    "awaiting_secret",  # the provider has no secret yet: stored unverified, answered 202
    "rejected",  # signature refused; `reason` says why
    "loop",  # refused with 508: this deployment forwarded it past INGEST_MAX_HOPS times
    "handshake",  # a sender's set-up probe answered (Slack url_verification, Zoom, ...)
    "rate_limited",  # verified, but the organization is over its ingest rate: 429
    "over_quota",  # verified, but the organization is over its stored-bytes quota: 507
    "too_large",
    "malformed",  # a body cut short of its Content-Length
    "not_found",
    "unavailable",  # PostgreSQL unreachable: 503 and Retry-After
    "method_not_allowed",
    "error",  # a 500
)
QUOTA_OUTCOMES = ("rate_limited", "over_quota")
_BY_STATUS = {
    400: "malformed",
    401: "rejected",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "rate_limited",
    508: "loop",
    503: "unavailable",
    507: "over_quota",
}

REQUESTS = Counter(
    "hooklane_ingest_requests_total",
    "Requests to /in/<ingest_key> by provider type and outcome; `reason` (missing, malformed, "
    "mismatch, timestamp, misconfigured, invalid_body) is set when a signature was refused.",
    ["provider", "outcome", "reason"],
)
DURATION = Histogram(
    "hooklane_ingest_duration_seconds",
    "Time from the ingest view's start to its answer, by provider type.",
    ["provider"],
    buckets=SECONDS_BUCKETS,
)
ORGANIZATION_WEBHOOKS = Counter(
    "hooklane_organization_webhooks_total",
    "Webhooks per organization (those in METRICS_ORGANIZATIONS; `other` for the rest), by "
    "outcome: accepted, duplicate, rejected, loop, rate_limited or over_quota.",
    ["organization", "outcome"],
)
_PER_ORGANIZATION = ("accepted", "duplicate", "rejected", "loop", "rate_limited", "over_quota")

_requests: dict[tuple[str, str, str], Counter] = {}
_durations: dict[str, Histogram] = {}
_organizations: dict[tuple[str, str], Counter] = {}


def _request_series(provider: str, outcome: str, reason: str) -> Counter:
    key = (provider, outcome, reason)
    series = _requests.get(key)
    if series is None:
        series = _requests[key] = REQUESTS.labels(provider, outcome, reason)
    return series


def _duration_series(provider: str) -> Histogram:
    series = _durations.get(provider)
    if series is None:
        series = _durations[provider] = DURATION.labels(provider)
    return series


def _organization_series(label: str, outcome: str) -> Counter:
    key = (label, outcome)
    series = _organizations.get(key)
    if series is None:
        series = _organizations[key] = ORGANIZATION_WEBHOOKS.labels(label, outcome)
    return series


for _name in WebhookProvider.Name.values:
    _duration_series(_name)
    for _outcome in (
        "accepted",
        "duplicate",
        "awaiting_secret",
        "too_large",
        "unavailable",
        "loop",
        *QUOTA_OUTCOMES,
    ):
        _request_series(_name, _outcome, "")
    for _reason in SignatureError.REASONS:
        _request_series(_name, "rejected", _reason)
for _outcome in ("not_found", "unavailable", "method_not_allowed", "error"):
    _request_series(UNKNOWN, _outcome, "")
_duration_series(UNKNOWN)
for _outcome in _PER_ORGANIZATION:
    _organization_series(OTHER, _outcome)


class IngestSeen:
    """What the ingest view learnt about one request, for its metrics."""

    __slots__ = ("provider", "outcome", "reason", "log_id")

    def __init__(self) -> None:
        self.provider: IngestProvider | None = None
        self.outcome: str | None = None  # set for answers its status does not tell apart
        self.reason = ""
        self.log_id: str | None = None  # the stored (or duplicate's) log

    def resolve(self, status: int | None) -> str:
        """The request's outcome, one of OUTCOMES, once it has answered with `status`
        (None when the view raised)."""
        if self.outcome is None:
            otherwise = "error" if status is None or status >= 500 else "accepted"
            self.outcome = _BY_STATUS.get(status, otherwise)
        return self.outcome

    def count(self, status: int | None, seconds: float) -> None:
        outcome = self.resolve(status)
        provider = self.provider
        name = provider.provider_name if provider is not None else UNKNOWN
        _request_series(name, outcome, self.reason if outcome == "rejected" else "").inc()
        _duration_series(name).observe(seconds)
        if provider is not None and outcome in _PER_ORGANIZATION:
            _organization_series(organization_label(provider.organization_slug), outcome).inc()


def measured(view):
    """Wrap the ingest view `view(request, ingest_key, seen)` as `(request, ingest_key)`,
    counting and timing every request it answers (a 500 too). A caller that wants to read
    what was seen (the ingest span) passes its own `seen`."""

    @wraps(view)
    def wrapper(request, ingest_key: str, seen: IngestSeen | None = None):
        seen = IngestSeen() if seen is None else seen
        started = perf_counter()
        status = None
        try:
            response = view(request, ingest_key, seen)
            status = response.status_code
            return response
        finally:
            seen.count(status, perf_counter() - started)

    return wrapper
