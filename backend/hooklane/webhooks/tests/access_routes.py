"""The webhooks endpoints (providers, logs, stats) in the access matrix
(hooklane/accounts/tests/access.py)."""

from hooklane.accounts.tests.access import Endpoint, World
from hooklane.webhooks.models import WebhookLog, WebhookProvider

PUBLIC: set[str] = set()
SECRET = "whsec_" + "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"


def _provider(world: World) -> dict:
    provider = WebhookProvider.objects.create(
        organization=world.org_a,
        provider_name="stripe",
        display_name="matrix",
        signing_secret=SECRET,
    )
    return {"pk": provider.pk}


def _paused_provider(world: World) -> dict:
    provider = WebhookProvider.objects.create(
        organization=world.org_a, provider_name="none", display_name="paused", is_active=False
    )
    return {"pk": provider.pk}


def _log(world: World) -> dict:
    provider = WebhookProvider.objects.create(
        organization=world.org_a, provider_name="none", display_name="matrix"
    )
    log = WebhookLog.objects.create(
        organization=world.org_a, provider=provider, body=b"{}", payload={}
    )
    return {"pk": log.pk}


def _rejected_log(world: World) -> dict:
    provider = WebhookProvider.objects.create(
        organization=world.org_a, provider_name="github", display_name="matrix", signing_secret="s"
    )
    log = WebhookLog.objects.create(
        organization=world.org_a,
        provider=provider,
        status=WebhookLog.Status.REJECTED,
        verification=WebhookLog.Verification.FAILED,
        verification_reason="wrong_signature",
        body=b"{}",
        payload={},
    )
    return {"pk": log.pk}


ENDPOINTS = [
    Endpoint("provider-list", "get", "member"),
    Endpoint(
        "provider-list",
        "post",
        "admin",
        body=lambda w: {"provider_name": "github", "display_name": "new", "signing_secret": "s"},
        ok=201,
    ),
    Endpoint("provider-detail", "get", "member", kwargs=_provider),
    Endpoint(
        "provider-detail",
        "patch",
        "admin",
        kwargs=_provider,
        body=lambda w: {"display_name": "renamed"},
    ),
    Endpoint("provider-detail", "delete", "admin", kwargs=_provider, ok=202),
    Endpoint("provider-resume", "post", "admin", kwargs=_paused_provider, ok=202),
    Endpoint(
        "provider-rotate-secret",
        "post",
        "admin",
        kwargs=_provider,
        body=lambda w: {"signing_secret": "whsec_" + "bmV3LXNlY3JldC1uZXctc2VjcmV0LW5ldw=="},
    ),
    Endpoint("log-list", "get", "member"),
    Endpoint("log-detail", "get", "member", kwargs=_log),
    Endpoint("log-raw", "get", "member", kwargs=_log),
    Endpoint("log-reverify", "post", "admin", kwargs=_rejected_log, body=lambda w: {}),
    Endpoint("stats", "get", "member"),
    Endpoint("provider-types", "get", "member"),
    Endpoint(
        "recipe-explain",
        "post",
        "admin",
        body=lambda w: {"recipe": {"signature": "header:X-Signature"}, "body": "{}"},
    ),
]
