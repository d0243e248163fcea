"""GitLab: the secret token is sent as is in X-Gitlab-Token (GitLab's documented behaviour)."""

import json
import time

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request

TOKEN = "gitlab-secret-token"
BODY = json.dumps({"object_kind": "push", "ref": "refs/heads/main", "user_name": "Zoë"}).encode()


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {
        "X-Gitlab-Token": secret,
        "X-Gitlab-Event": "Push Hook",
        "X-Gitlab-Event-UUID": "9cfc4e3b-3d1c-4d4c-a1a2-5e7e4d5f1234",
    }


def test_it_conforms():
    assert_sender_conforms(
        "gitlab",
        sign=sign,
        body=BODY,
        secret=TOKEN,
        rotation=True,
        expect_id="9cfc4e3b-3d1c-4d4c-a1a2-5e7e4d5f1234",
        expect_type="push",
    )


def test_it_stores_the_request_as_authenticated_not_verified():
    request = signed_request(sign(BODY, TOKEN, 0, ""), BODY)

    assert verify("gitlab", request, [TOKEN], {}, time.time()).verification == "authenticated"


def test_it_falls_back_to_the_event_header_without_object_kind():
    body = b'{"event_name": "project_create"}'
    headers = {"X-Gitlab-Token": TOKEN, "X-Gitlab-Event": "System Hook"}
    event = verify("gitlab", signed_request(headers, body), [TOKEN], {}, 0)

    assert event.event_type == "System Hook" and event.external_id is None
