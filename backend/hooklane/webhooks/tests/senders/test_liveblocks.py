"""Liveblocks: Standard Webhooks, signed by the standardwebhooks library."""

from hooklane.webhooks.tests.conformance import assert_sender_conforms

from .recipe_support import WHSEC, standard_webhooks_signer

MSG_ID = "msg_2tJkk5kQH5RWZP5J3t2pMy3vXJv"
BODY = (
    b'{"type": "storageUpdated", "data": {"roomId": "my-room", '
    b'"projectId": "605a50b01a36d5ea7a2e9104"}}'
)


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "liveblocks",
        sign=standard_webhooks_signer(MSG_ID),
        body=BODY,
        secret=WHSEC,
        rotation=True,
        expect_id=MSG_ID,
        expect_type="storageUpdated",
    )
