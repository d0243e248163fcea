"""Mux: ``t=…,v1=…`` over ``t.body``; signed by the documented recipe and checked against the
vector Mux publishes with its own library (mux-elixir's ``Mux.Webhooks.TestUtils``)."""

import hashlib
import hmac

from hooklane.webhooks.schemes import verify
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request

SECRET = "mux-webhook-signing-secret-8c1d"
BODY = (
    b'{"type": "video.asset.ready", "id": "3a56ac3d-33da-4366-855b-f592d898409d", '
    b'"data": {"id": "asset1", "status": "ready"}}'
)


def sign(body: bytes, secret: str, now: float, url: str) -> dict[str, str]:
    t = str(int(now))
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return {"Mux-Signature": f"t={t},v1={digest}"}


def test_it_conforms_to_the_sender_contract():
    assert_sender_conforms(
        "mux",
        sign=sign,
        body=BODY,
        secret=SECRET,
        rotation=True,
        expect_id="3a56ac3d-33da-4366-855b-f592d898409d",
        expect_type="video.asset.ready",
    )


def test_it_accepts_the_vector_mux_publishes():
    # https://hexdocs.pm/mux/Mux.Webhooks.TestUtils.html:
    # the signature its generate_signature gives for body "payload", secret "SuperSecret123"
    header = "t=1591664030,v1=e43496b6aae982c4c2fd6f8e92935f1d90216f1f64d56024e72390acfb988272"

    request = signed_request({"Mux-Signature": header}, b"payload", content_type="text/plain")
    event = verify("mux", request, ["SuperSecret123"], {}, 1591664030)

    assert event.verification == "verified"
