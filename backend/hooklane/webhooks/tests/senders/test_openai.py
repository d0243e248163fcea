"""OpenAI: Standard Webhooks, signed by standardwebhooks and verified by the openai SDK too."""

import time

import openai

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import URL, assert_sender_conforms, signed_request

from .recipe_support import WHSEC, standard_webhooks_signer

MSG_ID = "wh_685342e6c5248190aa6df2a0e7d6b8d5"
BODY = (
    b'{"object": "event", "id": "evt_685343a1381c819085d44c354e1b330e", '
    b'"type": "response.completed", "created_at": 1750287018, "data": {"id": "resp_abc"}}'
)
sign = standard_webhooks_signer(MSG_ID)


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "openai",
        sign=sign,
        body=BODY,
        secret=WHSEC,
        rotation=True,
        expect_id=MSG_ID,
        expect_type="response.completed",
    )


def test_it_accepts_exactly_what_the_openai_sdk_accepts():
    now = time.time()
    headers = sign(BODY, WHSEC, now, URL)

    client = openai.OpenAI(api_key="unused", webhook_secret=WHSEC)
    client.webhooks.verify_signature(BODY, headers)  # raises InvalidWebhookSignatureError
    event = verify("openai", signed_request(headers, BODY), [WHSEC], {}, now)

    assert (event.external_id, event.event_type) == (MSG_ID, "response.completed")
