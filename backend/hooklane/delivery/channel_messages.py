"""What each kind of notification channel is sent about an issue: pure functions, no I/O.

Each chat service takes its own JSON: Slack incoming webhooks `text` with Block Kit
`blocks`; Discord webhooks `content` with `embeds`; Microsoft Teams (Workflows webhooks,
which replaced the Office 365 connectors) a message whose attachment is an Adaptive Card.
The generic webhook is Hooklane's own JSON event, signed like a forward (Standard Webhooks).
"""

import json
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class IssueNotice:
    """One message about one issue, as every channel renders it."""

    event: str  # "opened", "ongoing" (debounced summary) or "test"
    issue_id: str
    kind: str
    kind_label: str
    state: str
    destination_id: str
    destination_name: str
    count: int
    new_since_last: int
    first_seen_at: datetime
    last_seen_at: datetime
    last_status_code: int | None
    last_error: str
    issue_url: str
    log_url: str | None

    @property
    def title(self) -> str:
        prefix = {"opened": "New issue", "ongoing": "Still failing", "test": "Test"}[self.event]
        return f"{prefix}: {self.kind_label} on {self.destination_name}"

    @property
    def summary(self) -> str:
        if self.event == "test":
            return "A test message from Hooklane: this channel is set up."
        if self.event == "opened":
            text = "Deliveries started failing."
        else:
            text = f"{self.new_since_last} more failures since the last message."
        detail = f"HTTP {self.last_status_code}" if self.last_status_code else self.last_error
        return f"{text} {self.count} in all. Latest: {detail[:300] or 'no detail'}."

    def facts(self) -> list[tuple[str, str]]:
        return [
            ("Destination", self.destination_name),
            ("Kind", self.kind_label),
            ("Failures", str(self.count)),
            ("First seen", self.first_seen_at.isoformat(timespec="seconds")),
            ("Last seen", self.last_seen_at.isoformat(timespec="seconds")),
        ]


def _json(value: dict) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def slack(notice: IssueNotice) -> bytes:
    fields = [{"type": "mrkdwn", "text": f"*{name}*\n{value}"} for name, value in notice.facts()]
    return _json(
        {
            "text": f"{notice.title}. {notice.summary}",  # notifications and old clients
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": notice.title[:150]}},
                {"type": "section", "text": {"type": "mrkdwn", "text": notice.summary}},
                {"type": "section", "fields": fields},
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": "Open the issue"},
                            "url": notice.issue_url,
                        }
                    ],
                },
            ],
        }
    )


def discord(notice: IssueNotice) -> bytes:
    return _json(
        {
            "content": notice.title[:2000],
            "allowed_mentions": {"parse": []},
            "embeds": [
                {
                    "title": notice.title[:256],
                    "description": notice.summary[:4096],
                    "url": notice.issue_url,
                    "color": 0xE03131 if notice.event == "opened" else 0xF08C00,
                    "fields": [
                        {"name": name, "value": value[:1024], "inline": True}
                        for name, value in notice.facts()
                    ],
                }
            ],
        }
    )


def teams(notice: IssueNotice) -> bytes:
    return _json(
        {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "contentUrl": None,
                    "content": {
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "type": "AdaptiveCard",
                        "version": "1.4",
                        "body": [
                            {
                                "type": "TextBlock",
                                "size": "Medium",
                                "weight": "Bolder",
                                "text": notice.title,
                                "wrap": True,
                            },
                            {"type": "TextBlock", "text": notice.summary, "wrap": True},
                            {
                                "type": "FactSet",
                                "facts": [
                                    {"title": name, "value": value}
                                    for name, value in notice.facts()
                                ],
                            },
                        ],
                        "actions": [
                            {
                                "type": "Action.OpenUrl",
                                "title": "Open the issue",
                                "url": notice.issue_url,
                            }
                        ],
                    },
                }
            ],
        }
    )


def webhook(notice: IssueNotice, *, timestamp: datetime) -> bytes:
    return _json(
        {
            "type": f"issue.{notice.event}",
            "timestamp": timestamp.isoformat(),
            "data": {
                "id": notice.issue_id,
                "kind": notice.kind,
                "state": notice.state,
                "destination": {"id": notice.destination_id, "name": notice.destination_name},
                "count": notice.count,
                "new_since_last": notice.new_since_last,
                "first_seen_at": notice.first_seen_at.isoformat(),
                "last_seen_at": notice.last_seen_at.isoformat(),
                "last_status_code": notice.last_status_code,
                "last_error": notice.last_error,
                "url": notice.issue_url,
                "log_url": notice.log_url,
            },
        }
    )


CHAT = {"slack": slack, "discord": discord, "teams": teams}
