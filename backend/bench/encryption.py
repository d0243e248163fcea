"""What encrypted signing secrets cost ingest: one provider's valid_secrets() per request.

Run by `make bench ARGS=encryption`: times, in this process and without a server, Fernet's
decryption of a provider's two secrets (what every request would pay without the cache of
decrypted values), the same call answered by that cache (what ingest pays), and encryption
(what a create or rotate pays). Prints one `BENCH {json}` line, microseconds per call.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import timeit
import uuid
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def per_call_us(function, number: int) -> float:
    """The best of 5 runs of `number` calls, in microseconds per call."""
    return min(timeit.repeat(function, number=number, repeat=5)) / number * 1e6


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--number", type=int, default=20_000)
    args = parser.parse_args()

    import django

    django.setup()
    from hooklane.core import encryption
    from hooklane.webhooks.cache import IngestProvider

    secret = "whsec_" + "k" * 40
    provider = IngestProvider(
        id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        provider_name="stripe",
        is_active=True,
        signing_secret=encryption.encrypt(secret),
        previous_signing_secret=encryption.encrypt(secret + "-old"),
        previous_secret_expires_at=time.time() + 3600,
    )
    now = time.time()
    if provider.valid_secrets(now) != [secret, secret + "-old"]:
        raise SystemExit("valid_secrets() did not decrypt what was encrypted")

    def uncached() -> None:
        encryption._decrypted.clear()
        provider.valid_secrets(now)

    def clear_only() -> None:
        encryption._decrypted.clear()

    results = {
        "valid_secrets_uncached_us": per_call_us(uncached, args.number)
        - per_call_us(clear_only, args.number),
        "valid_secrets_cached_us": per_call_us(lambda: provider.valid_secrets(now), args.number),
        "encrypt_us": per_call_us(lambda: encryption.encrypt(secret), args.number),
        "token_chars": len(provider.signing_secret),
        "secret_chars": len(secret),
    }
    print("BENCH " + json.dumps({k: round(v, 2) for k, v in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
