"""Clerk: Svix headers, signed by the svix library and checked with Svix's published vector."""

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request

from .recipe_support import WHSEC, standard_webhooks_signer

MSG_ID = "msg_2a3E8nAyyjrHbFqDIMaPTr54T1A"
BODY = (
    b'{"data": {"id": "user_29w83sxmDNGwOuEthce5gg56FcC"}, '
    b'"object": "event", "type": "user.created"}'
)


def test_it_conforms_to_the_sender_contract_with_svix_signatures():
    assert_sender_conforms(
        "clerk",
        sign=standard_webhooks_signer(MSG_ID, prefix="svix-"),
        body=BODY,
        secret=WHSEC,
        rotation=True,
        expect_id=MSG_ID,
        expect_type="user.created",
    )


def test_it_accepts_the_vector_svix_publishes():
    # https://docs.svix.com/receiving/verifying-payloads/how-manual
    headers = {
        "svix-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "svix-timestamp": "1614265330",
        "svix-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }
    body = b'{"test": 2432232314}'

    event = verify(
        "clerk",
        signed_request(headers, body),
        ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"],
        {},
        1614265330,
    )

    assert event.external_id == "msg_p5jXN8AQM9LWM0D4loKWxJek"
