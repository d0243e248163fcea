"""What one open stream asks for: kinds of entries, providers, an event-type pattern, statuses."""

import json
import uuid
from dataclasses import dataclass

from django.http import QueryDict

from hooklane.core import live
from hooklane.core.errors import NotFound, ValidationFailed
from hooklane.core.lookups import wildcard_match
from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.selectors import provider_list

from .feed import Entry


@dataclass(frozen=True, slots=True)
class StreamFilters:
    kinds: frozenset[str]
    providers: frozenset[str]  # provider ids; empty: every provider
    event_type: str  # `*` is a wildcard, as in destinations and the log list
    statuses: frozenset[str]  # log statuses (attempts pass)
    log_id: str  # only this log's entries

    def admits(self, entry: Entry) -> bool:
        if entry.kind not in self.kinds:
            return False
        if not (self.providers or self.event_type or self.statuses or self.log_id):
            return True
        data = json.loads(entry.data)
        is_log = entry.kind == live.LOG
        if self.log_id and (data.get("id") if is_log else data.get("log_id")) != self.log_id:
            return False
        if self.providers:
            provider = (data.get("provider") or {}).get("id") if is_log else data.get("provider_id")
            if provider not in self.providers:
                return False
        if self.event_type and not wildcard_match(self.event_type, data.get("event_type") or ""):
            return False
        return not (self.statuses and is_log and data.get("status") not in self.statuses)


def _values(query: QueryDict, name: str) -> list[str]:
    return [part.strip() for raw in query.getlist(name) for part in raw.split(",") if part.strip()]


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def stream_filters(*, organization, query: QueryDict) -> StreamFilters:
    """Parse the query string; a provider (by id or display name) must be the caller's."""
    kinds = _values(query, "types") or list(live.KINDS)
    unknown = sorted(set(kinds) - set(live.KINDS))
    if unknown:
        raise ValidationFailed(
            f"Unknown types: {', '.join(unknown)}.", fields={"types": list(live.KINDS)}
        )
    statuses = _values(query, "status")
    bad = sorted(set(statuses) - set(WebhookLog.Status.values))
    if bad:
        raise ValidationFailed(
            f"Unknown statuses: {', '.join(bad)}.",
            fields={"status": [f"One of {', '.join(WebhookLog.Status.values)}."]},
        )
    providers: set[str] = set()
    for wanted in _values(query, "provider"):
        found = provider_list(organization=organization)
        as_id = _uuid(wanted)
        found = found.filter(pk=as_id) if as_id else found.filter(display_name__iexact=wanted)
        ids = {str(pk) for pk in found.values_list("pk", flat=True)}
        if not ids:
            raise NotFound(f"No provider {wanted!r} in this organization.")
        providers |= ids
    log_id = query.get("log", "").strip()
    if log_id and _uuid(log_id) is None:
        raise ValidationFailed("`log` is a log id.", fields={"log": ["A UUID."]})
    return StreamFilters(
        kinds=frozenset(kinds),
        providers=frozenset(providers),
        event_type=query.get("event_type", "").strip(),
        statuses=frozenset(statuses),
        log_id=str(_uuid(log_id)) if log_id else "",
    )
