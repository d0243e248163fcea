"""Microsoft Graph: clientState in every notification, and the validationToken echo."""

import json

import pytest

from hooklane.webhooks.schemes import SignatureError, verify
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request

CLIENT_STATE = "secretClientValue-0123"


def notifications(*states: str, change: str = "created") -> bytes:
    return json.dumps(
        {
            "value": [
                {
                    "subscriptionId": "7f105c7d-2dc5-4530-97cd-4e7ae6534c07",
                    "clientState": state,
                    "changeType": change,
                    "resource": "Users/ffd8/Messages/AAMk",
                    "tenantId": "84bd8158-6d4d-4958-8b9f-9d6445542f95",
                }
                for state in states
            ]
        }
    ).encode()


def test_it_conforms():
    body = notifications(CLIENT_STATE)
    assert_sender_conforms(
        "microsoft_graph",
        # clientState is in the body; verifying with another secret is the "wrong secret".
        sign=lambda body, secret, now, url: {},
        required_headers=(),
        body=body,
        secret=CLIENT_STATE,
        tampered_body=notifications(CLIENT_STATE + "-forged"),
        rotation=True,
        expect_id=None,
        expect_type="created",
    )


def test_it_echoes_the_validation_token_as_text_plain():
    url = "https://h.test/in/k?validationToken=Validation%3A+Testing+client+application"
    request = signed_request({}, b"", url=url, content_type="text/plain")
    event = verify("microsoft_graph", request, [CLIENT_STATE], {}, 0)

    assert event.handshake is not None and event.handshake.status == 200
    assert event.handshake.content_type == "text/plain"
    assert event.handshake.body == b"Validation: Testing client application"


def test_it_refuses_a_batch_with_one_foreign_client_state():
    request = signed_request({}, notifications(CLIENT_STATE, "other"))
    with pytest.raises(SignatureError) as refused:
        verify("microsoft_graph", request, [CLIENT_STATE], {}, 0)
    assert refused.value.reason == "wrong_signature"


def test_it_names_a_lifecycle_notification_and_is_authenticated():
    body = json.dumps(
        {"value": [{"clientState": CLIENT_STATE, "lifecycleEvent": "reauthorizationRequired"}]}
    ).encode()
    event = verify("microsoft_graph", signed_request({}, body), [CLIENT_STATE], {}, 0)

    assert (event.event_type, event.verification) == ("reauthorizationRequired", "authenticated")
