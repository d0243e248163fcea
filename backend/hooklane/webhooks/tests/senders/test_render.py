"""Render: Standard Webhooks, signed by the standardwebhooks library."""

from hooklane.webhooks.tests.conformance import assert_sender_conforms

from .recipe_support import WHSEC, standard_webhooks_signer

MSG_ID = "msg_2rzHDPd2bbMNgDsWJQJ5pCzSK5H"
BODY = (
    b'{"type": "deploy_ended", "timestamp": "2026-12-02T13:00:00Z", '
    b'"data": {"id": "evj-123", "serviceId": "srv-456"}}'
)


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "render",
        sign=standard_webhooks_signer(MSG_ID),
        body=BODY,
        secret=WHSEC,
        rotation=True,
        expect_id=MSG_ID,
        expect_type="deploy_ended",
    )
