"""Jira Cloud: ``sha256=`` hex over the body. Atlassian publishes no Python signer; signed by
the documented recipe."""

import hashlib
import hmac

from hooklane.webhooks.tests.conformance import assert_sender_conforms

SECRET = "jira-admin-webhook-secret-40c2"
BODY = (
    b'{"timestamp": 1700000000000, "webhookEvent": "jira:issue_created", "issue": {"key": "HL-1"}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {
        "X-Hub-Signature": "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
        "X-Atlassian-Webhook-Identifier": "1f6e8f2a-0b6d-4a3c-9d3e-5b7a8c9d0e1f",
    }


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "jira",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="1f6e8f2a-0b6d-4a3c-9d3e-5b7a8c9d0e1f",
        expect_type="jira:issue_created",
    )
