"""Replicate: Standard Webhooks, signed by the standardwebhooks library."""

from hooklane.webhooks.tests.conformance import assert_sender_conforms

from .recipe_support import WHSEC, standard_webhooks_signer

MSG_ID = "msg_2sVNxYxF2ZXWPa2mHmQ7cXXTfK0"
BODY = b'{"id": "ufawqhfynnddngldkgtslldrkq", "status": "succeeded", "output": ["https://example.test/out.png"]}'


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "replicate",
        sign=standard_webhooks_signer(MSG_ID),
        body=BODY,
        secret=WHSEC,
        rotation=True,
        expect_id=MSG_ID,
        expect_type="succeeded",
    )
