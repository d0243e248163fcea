"""CPU per verified request, per signature family: what verification adds to ingest.

Run by `make bench ARGS=verification`: in this process, without a server or a database,
times `schemes.verify()` (what the ingest view calls, recipes compiled once and cached) on
a valid request of one representative sender per family of the registry, signed as that
sender signs, and prints one `BENCH {json}` line: microseconds of CPU per verification for
each family, with the sender measured, and `stripe_hand_written_us`: the same Stripe
request through the hand-written verifier the recipe replaced. A family of the registry
without a representative here is listed under `unmeasured`, so a new family shows up until
someone adds one (rsa_certificate is: its verifiers fetch the sender's certificate through
delivery's SSRF-guarded client, which this in-process run has no server for).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

CUSTOM_RECIPE = {
    "signature": "header:X-Acme-Signature",
    "prefix": "sha256=",
    "timestamp": "header:X-Acme-Timestamp",
    "message": "{timestamp}.{body}",
    "event_id": "body:id",
    "event_type": "body:type",
}


def representatives():
    """family -> (provider_name, settings, secret, Sent): a valid request per family."""
    import hashlib
    import hmac
    import importlib

    from hooklane.webhooks.tests.senders import SECRETS, Sent, stripe_event

    def custom() -> Sent:
        body = b'{"id": "evt_1", "type": "payment.done", "amount": 100}'
        timestamp = str(int(time.time()))
        digest = hmac.new(b"custom-secret", f"{timestamp}.".encode() + body, hashlib.sha256)
        headers = {
            "X-Acme-Signature": "sha256=" + digest.hexdigest(),
            "X-Acme-Timestamp": timestamp,
        }
        return Sent(body, "application/json", headers)

    def signed_by(module_name: str, secret: str, body: bytes) -> Sent:
        # The sender's own test module signs as the sender does (`sign(body, secret, now, url)`).
        module = importlib.import_module(f"hooklane.webhooks.tests.senders.{module_name}")
        headers = module.sign(body, secret, time.time(), "https://hooklane.test/in/bench")
        return Sent(body, "application/json", headers)

    discord = importlib.import_module("hooklane.webhooks.tests.senders.test_discord")
    sendgrid = importlib.import_module("hooklane.webhooks.tests.senders.test_sendgrid")
    gitlab = importlib.import_module("hooklane.webhooks.tests.senders.test_gitlab")
    postmark = importlib.import_module("hooklane.webhooks.tests.senders.test_postmark")
    mailgun = importlib.import_module("hooklane.webhooks.tests.senders.test_mailgun")
    command = b'{"type": 2, "id": "1234", "data": {"name": "ping"}}'
    return {
        "hmac": ("stripe", {}, SECRETS["stripe"], stripe_event()),
        "ed25519": (
            "discord",
            {},
            discord.PUBLIC_KEY,
            signed_by("test_discord", discord.PUBLIC_KEY, command),
        ),
        "ecdsa": (
            "sendgrid",
            {},
            sendgrid.PUBLIC_KEY,
            signed_by("test_sendgrid", sendgrid.PUBLIC_KEY, sendgrid.BODY),
        ),
        "token": ("gitlab", {}, gitlab.TOKEN, signed_by("test_gitlab", gitlab.TOKEN, gitlab.BODY)),
        "basic_auth": (
            "postmark",
            {},
            postmark.CREDENTIALS,
            signed_by("test_postmark", postmark.CREDENTIALS, postmark.BODY),
        ),
        "per_item": (
            "mailgun",
            {},
            mailgun.KEY,
            Sent(mailgun.body_for(mailgun.KEY, time.time()), "application/json"),
        ),
        "unsigned": ("none", {}, "", Sent(b'{"id": "evt_1", "type": "t"}', "application/json")),
        "custom": ("custom", {"recipe": CUSTOM_RECIPE}, "custom-secret", custom()),
    }


def stripe_hand_written(request, secrets, settings, now):
    """Stripe's verifier as hand-written code before it became a recipe (from git history,
    reason codes renamed): the baseline the recipe family's figure is compared with."""
    import hashlib
    import hmac

    from hooklane.webhooks.schemes import (
        Event,
        SignatureError,
        any_matches,
        check_timestamp,
        header,
        secret_keys,
        str_or_none,
    )

    keys = secret_keys(secrets)
    timestamps, signatures = [], []
    for item in header(request, "Stripe-Signature").split(","):
        name, _, value = item.partition("=")
        if name == "t":
            timestamps.append(value)
        elif name == "v1":
            signatures.append(value.encode())
    if not timestamps or not signatures:
        raise SignatureError("malformed Stripe-Signature", reason="malformed_header")
    timestamp = check_timestamp(timestamps[0], now)
    signed = b"%d." % timestamp + request.body
    expected = [hmac.new(key, signed, hashlib.sha256).hexdigest().encode() for key in keys]
    if not any_matches(expected, signatures):
        raise SignatureError("no Stripe-Signature v1 signature matches")
    payload = request.payload
    if not isinstance(payload, dict):
        raise SignatureError("Stripe payload is not a JSON object", reason="invalid_body")
    return Event(str_or_none(payload.get("id")), str_or_none(payload.get("type")) or "")


def signed_request(sent, url: str):
    from hooklane.webhooks.parsing import parse_request

    meta = {
        "CONTENT_TYPE": sent.content_type,
        "PATH_INFO": "/in/bench",
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in sent.headers.items()},
    }
    return parse_request(meta, sent.body, public_base_url=url, trust_forwarded=False).signed


def cpu_us_per_call(function, number: int) -> float:
    """The best of 5 runs of `number` calls, in microseconds of this process's CPU per call."""
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        for _ in range(number):
            function()
        best = min(best, time.process_time() - started)
    return best / number * 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--number", type=int, default=5_000)
    args = parser.parse_args()

    import django

    django.setup()
    from hooklane.webhooks.schemes import SENDERS, verify

    families = sorted({sender.family for sender in SENDERS.values()})
    chosen = representatives()
    results: dict = {"us_per_verification": {}, "sender": {}, "unmeasured": []}
    for family in families:
        if family not in chosen:
            results["unmeasured"].append(family)
            continue
        name, settings, secret, sent = chosen[family]
        request = signed_request(sent, "https://hooklane.test")
        secrets = [secret] if secret else []
        now = time.time()
        verify(name, request, secrets, settings, now)  # valid, and compiled before timing

        def once(name=name, request=request, secrets=secrets, settings=settings, now=now):
            verify(name, request, secrets, settings, now)

        results["us_per_verification"][family] = round(cpu_us_per_call(once, args.number), 2)
        results["sender"][family] = name
    # The same Stripe request through the hand-written code the recipe replaced.
    name, settings, secret, sent = chosen["hmac"]
    request = signed_request(sent, "https://hooklane.test")
    now = time.time()
    if stripe_hand_written(request, [secret], settings, now) != verify(
        name, request, [secret], settings, now
    ):
        raise SystemExit("the hand-written Stripe verifier and the recipe disagree")
    results["stripe_hand_written_us"] = round(
        cpu_us_per_call(lambda: stripe_hand_written(request, [secret], settings, now), args.number),
        2,
    )
    print("BENCH " + json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
