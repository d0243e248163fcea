"""Failures grouped into issues per (destination, kind); successes resolve them.

Recording is one statement (an upsert on the partial unique index of unresolved issues), so
workers failing at once against one destination add to one row instead of racing to make
two. The same statement decides the debounce: it moves `notified_at` only when the issue
is new, or open and quiet for DELIVERY_ALERT_INTERVAL_SECONDS, and says whether it did;
the caller then queues `notify_issue` after its commit.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import AuditEvent
from hooklane.core import task_names
from hooklane.core.broker import enqueue
from hooklane.core.db import fetchone_prepared
from hooklane.core.errors import Conflict

from ..models import DeliveryAttempt, Issue

Outcome = DeliveryAttempt.Outcome
Kind = Issue.Kind

# The issue kind of each failed outcome. A 3xx is grouped with 4xx (the request needs
# changing: a moved URL), as are 429 and 410 (client-error statuses); a URL the SSRF guard
# refuses cannot be connected to. A worker lost mid-attempt (`interrupted`) is Hooklane's
# trouble, not the destination's, and opens nothing; a webhook the filter passes by is no
# attempt at all.
_OUTCOME_KINDS = {
    Outcome.TIMEOUT: Kind.TIMEOUT,
    Outcome.CONNECTION_ERROR: Kind.CONNECTION,
    Outcome.REFUSED: Kind.CONNECTION,
    Outcome.REDIRECT: Kind.HTTP_4XX,
    Outcome.RATE_LIMITED: Kind.HTTP_4XX,
    Outcome.GONE: Kind.HTTP_4XX,
    Outcome.FILTER_ERROR: Kind.FILTER_ERROR,
    Outcome.TRANSFORM_ERROR: Kind.TRANSFORM_ERROR,
}

_UPSERT = """
INSERT INTO issues AS i (
    id, created_at, updated_at, organization_id, destination_id, kind, state, first_seen_at,
    last_seen_at, count, sample_attempt_id, sample_log_id, last_status_code, last_error,
    notified_at, notified_count, previous_notified_count
)
VALUES (
    %(id)s, %(now)s, %(now)s, %(organization)s, %(destination)s, %(kind)s, 'open', %(now)s,
    %(now)s, 1, %(attempt)s, %(log)s, %(code)s, %(error)s, %(now)s, 1, 0
)
ON CONFLICT (destination_id, kind) WHERE state IN ('open', 'acknowledged') DO UPDATE SET
    updated_at = EXCLUDED.updated_at,
    last_seen_at = GREATEST(i.last_seen_at, EXCLUDED.last_seen_at),
    count = i.count + 1,
    sample_attempt_id = EXCLUDED.sample_attempt_id,
    sample_log_id = EXCLUDED.sample_log_id,
    last_status_code = EXCLUDED.last_status_code,
    last_error = EXCLUDED.last_error,
    previous_notified_count = CASE WHEN i.state = 'open' AND i.notified_at <= %(quiet_since)s
        THEN i.notified_count ELSE i.previous_notified_count END,
    notified_count = CASE WHEN i.state = 'open' AND i.notified_at <= %(quiet_since)s
        THEN i.count + 1 ELSE i.notified_count END,
    notified_at = CASE WHEN i.state = 'open' AND i.notified_at <= %(quiet_since)s
        THEN EXCLUDED.notified_at ELSE i.notified_at END
RETURNING i.id, i.xmax = 0, i.notified_at = %(now)s
"""

_RESOLVE_DELIVERED = """
UPDATE issues SET state = 'resolved', resolved_at = %(now)s, resolved_by_id = NULL,
    updated_at = %(now)s
WHERE destination_id = %(destination)s AND state IN ('open', 'acknowledged')
RETURNING 1
"""


def issue_kind(outcome: str, status_code: int | None) -> str | None:
    """The kind of issue a failed attempt belongs to (None: it opens none)."""
    if outcome == Outcome.HTTP_ERROR:
        return Kind.HTTP_5XX if status_code is not None and status_code >= 500 else Kind.HTTP_4XX
    return _OUTCOME_KINDS.get(outcome)


def issue_record_attempt(*, attempt: DeliveryAttempt, organization_id) -> None:
    """Add a failed attempt to its destination's unresolved issue of its kind (or open one),
    and queue the channels' message after the commit when the debounce allows one."""
    kind = issue_kind(attempt.outcome, attempt.status_code)
    if kind is None or attempt.destination_id is None:
        return
    now = timezone.now()
    quiet_since = now - timedelta(seconds=settings.DELIVERY_ALERT_INTERVAL_SECONDS)
    issue_id, opened, notify = fetchone_prepared(
        _UPSERT,
        {
            "id": uuid.uuid4(),
            "now": now,
            "quiet_since": quiet_since,
            "organization": organization_id,
            "destination": attempt.destination_id,
            "kind": str(kind),
            "attempt": attempt.id,
            "log": attempt.log_id,
            "code": attempt.status_code,
            "error": (attempt.error or "")[:1000],
        },
    )
    if notify:
        # A message lost with the broker is logged; the next one after the interval says it.
        enqueue(
            task_names.NOTIFY_ISSUE,
            [str(issue_id), "opened" if opened else "ongoing"],
            sweep_recovers=True,
        )


def issues_resolve_delivered(*, destination_id) -> bool:
    """A delivery to this destination succeeded: resolve its unresolved issues (True when
    there were some)."""
    row = fetchone_prepared(
        _RESOLVE_DELIVERED, {"now": timezone.now(), "destination": destination_id}
    )
    return row is not None


def _change(issue: Issue, *, request, action: str, **fields) -> Issue:
    for name, value in fields.items():
        setattr(issue, name, value)
    issue.save(update_fields=[*fields, "updated_at"])
    audit_record(
        organization=issue.organization,
        action=action,
        request=request,
        target=issue,
        metadata={"destination_id": str(issue.destination_id), "kind": issue.kind},
    )
    return issue


@transaction.atomic
def issue_acknowledge(*, issue: Issue, request=None) -> Issue:
    """Mark an open issue acknowledged: someone is on it, channels hear no more of it."""
    issue = Issue.objects.select_for_update().select_related("organization").get(pk=issue.pk)
    if issue.state != Issue.State.OPEN:
        raise Conflict(f"Only an open issue can be acknowledged; this one is {issue.state}.")
    return _change(
        issue,
        request=request,
        action=AuditEvent.Action.ISSUE_ACKNOWLEDGE,
        state=Issue.State.ACKNOWLEDGED,
        acknowledged_at=timezone.now(),
        acknowledged_by=request.user if request is not None else None,
    )


@transaction.atomic
def issue_resolve(*, issue: Issue, request=None) -> Issue:
    """Resolve an issue by hand; a later failure of its kind opens a new one."""
    issue = Issue.objects.select_for_update().select_related("organization").get(pk=issue.pk)
    if issue.state == Issue.State.RESOLVED:
        raise Conflict("This issue is already resolved.")
    return _change(
        issue,
        request=request,
        action=AuditEvent.Action.ISSUE_RESOLVE,
        state=Issue.State.RESOLVED,
        resolved_at=timezone.now(),
        resolved_by=request.user if request is not None else None,
    )
