"""Brex: Standard Webhooks, signed by the standardwebhooks library."""

from hooklane.webhooks.tests.conformance import assert_sender_conforms

from .recipe_support import WHSEC, standard_webhooks_signer

MSG_ID = "msg_2t3HRHmKzSkBVYv8Hqhgv6aAbxR"
BODY = (
    b'{"event_type": "EXPENSE_PAYMENT_UPDATED", "expense_id": "expense_1", "company_id": "cuacc_1"}'
)


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "brex",
        sign=standard_webhooks_signer(MSG_ID),
        body=BODY,
        secret=WHSEC,
        rotation=True,
        expect_id=MSG_ID,
        expect_type="EXPENSE_PAYMENT_UPDATED",
    )
