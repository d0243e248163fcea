"""Where the webhooks app's signature checks get senders' published certificates from.

Ingest (webhooks) may not import delivery, and delivery owns the SSRF-guarded client, so the
delivery app installs this source into `hooklane.webhooks.schemes.certificates` at start-up.
Which URLs a sender's keys may come from is the scheme's decision; the
WEBHOOKS_CERTIFICATE_URLS setting ({sender: [regex, ...]}) overrides it, for tests.
"""

from collections.abc import Sequence

from django.conf import settings

from hooklane.webhooks.schemes import certificates

from . import sender
from .ssrf import UnsafeDestination, vet_url

FETCH_TIMEOUT_SECONDS = 5.0


class GuardedCertificateSource:
    def allowed_patterns(self, name: str, default: Sequence[str]) -> Sequence[str]:
        overrides = getattr(settings, "WEBHOOKS_CERTIFICATE_URLS", None) or {}
        return overrides.get(name, default)

    def fetch(self, url: str) -> bytes:
        try:
            target = vet_url(url)
            status, body = sender.get(
                target, timeout=FETCH_TIMEOUT_SECONDS, max_bytes=certificates.MAX_DOCUMENT_BYTES
            )
        except (UnsafeDestination, sender.SendTimeout, sender.SendConnectionError) as exc:
            raise ValueError(str(exc)) from exc
        if status != 200:
            raise ValueError(f"HTTP {status}")
        return body


def install() -> None:
    certificates.install_source(GuardedCertificateSource())
