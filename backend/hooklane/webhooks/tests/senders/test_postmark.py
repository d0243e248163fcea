"""Postmark: basic auth credentials from the webhook URL, sent as Authorization: Basic."""

import base64
import json

import pytest

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request

CREDENTIALS = "hooklane:s3cr3t:with-colon"
BODY = json.dumps(
    {"RecordType": "Bounce", "ID": 4323372036854775807, "MessageID": "883953f4", "Email": "z@x.ch"}
).encode()


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    # What an HTTP client sends for https://user:password@host/...: RFC 7617 basic auth.
    return {"Authorization": "Basic " + base64.b64encode(secret.encode()).decode()}


def test_it_conforms():
    assert_sender_conforms(
        "postmark",
        sign=sign,
        body=BODY,
        secret=CREDENTIALS,
        rotation=True,
        expect_id="4323372036854775807",
        expect_type="Bounce",
    )


def test_it_is_authenticated_and_has_no_id_for_an_open():
    body = b'{"RecordType": "Open", "MessageID": "883953f4"}'
    request = signed_request(sign(body, CREDENTIALS, 0, ""), body)
    event = verify("postmark", request, [CREDENTIALS], {}, 0)

    assert (event.external_id, event.event_type, event.verification) == (
        None,
        "Open",
        "authenticated",
    )


@pytest.mark.parametrize("value", ["Bearer abc", "Basic not*base64", "Basic " + "bm9jb2xvbg=="])
def test_it_refuses_an_authorization_that_is_not_basic_user_password(value):
    request = signed_request({"Authorization": value}, BODY)
    with pytest.raises(SignatureError) as refused:
        verify("postmark", request, [CREDENTIALS], {}, 0)
    assert refused.value.reason == "malformed_header"
