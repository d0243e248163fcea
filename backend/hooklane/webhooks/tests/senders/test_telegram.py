"""Telegram: setWebhook's secret_token comes back in X-Telegram-Bot-Api-Secret-Token."""

import json

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request

TOKEN = "tg_Secret-token_0123456789"
BODY = json.dumps(
    {"update_id": 10000, "message": {"message_id": 1, "text": "Grüezi", "chat": {"id": 7}}}
).encode()


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    return {"X-Telegram-Bot-Api-Secret-Token": secret}


def test_it_conforms():
    assert_sender_conforms(
        "telegram",
        sign=sign,
        body=BODY,
        secret=TOKEN,
        rotation=True,
        expect_id="10000",
        expect_type="message",
    )


def test_it_is_authenticated_and_names_a_callback_query():
    body = b'{"update_id": 5, "callback_query": {"id": "4382", "data": "yes"}}'
    request = signed_request(sign(body, TOKEN, 0, ""), body)
    event = verify("telegram", request, [TOKEN], {}, 0)

    assert (event.external_id, event.event_type, event.verification) == (
        "5",
        "callback_query",
        "authenticated",
    )
