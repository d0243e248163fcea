"""GitLab: ``X-Gitlab-Token`` carries the webhook's secret token itself (no signature).

https://docs.gitlab.com/user/project/integrations/webhooks/#validate-requests-with-a-secret-token
"""

from collections.abc import Mapping, Sequence
from typing import Any

from . import Event, Sender, SignedRequest, optional_header, str_or_none
from .shared_token import check_header_token


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    check_header_token(request, secrets, "X-Gitlab-Token")
    payload = request.payload if isinstance(request.payload, dict) else {}
    # object_kind ("push", "merge_request") is the machine name; X-Gitlab-Event ("Push Hook")
    # the fallback for the few hooks without one.
    event_type = str_or_none(payload.get("object_kind")) or optional_header(
        request, "X-Gitlab-Event"
    )
    return Event(
        external_id=optional_header(request, "X-Gitlab-Event-UUID"),
        event_type=event_type or "",
    )


SENDER = Sender(
    name="gitlab",
    label="GitLab",
    family="token",
    docs_url="https://docs.gitlab.com/user/project/integrations/webhooks/",
    setup=(
        "In the project's (or group's) Settings → Webhooks, paste the Hooklane URL and put the "
        "same value in Secret token and in Hooklane's secret. GitLab sends the token itself, "
        "so requests are authenticated, not signed."
    ),
    verifier=verify,
    signature_headers=("x-gitlab-token",),
    credential_name="Secret token",
)
