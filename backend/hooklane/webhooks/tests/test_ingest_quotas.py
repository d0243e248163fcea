"""Organization quotas at ingest: a rate (burst, then sustained) and stored bytes, enforced per
organization in the real Redis while another organization sends beside it."""

import time

import pytest

from conftest import make_org
from hooklane.accounts.quotas import quota_usage
from hooklane.webhooks.cache import ingest_provider_forget
from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.services import stored_bytes_refresh
from scripts.stack import free_port

from .senders import make_provider, post, stripe_event

pytestmark = pytest.mark.django_db


def set_quotas(organization, **quotas):
    for name, value in quotas.items():
        setattr(organization, name, value)
    organization.save(update_fields=list(quotas))


def send(client, provider, prefix: str, count: int) -> list:
    return [
        post(client, provider, stripe_event(event_id=f"evt_{prefix}_{n}")) for n in range(count)
    ]


def stored(organization) -> int:
    return WebhookLog.objects.filter(organization=organization).count()


@pytest.fixture
def paused(org_a, org_b):
    """Stripe providers of A and B whose logs are held, so no worker is needed."""
    return (
        make_provider(org_a, "stripe", is_active=False),
        make_provider(org_b, "stripe", is_active=False),
    )


def test_a_burst_then_the_sustained_rate_holds_per_organization(client, org_a, org_b, paused):
    set_quotas(org_a, ingest_rate_per_second=1, ingest_rate_burst=3)
    set_quotas(org_b, ingest_rate_per_second=1, ingest_rate_burst=3)
    a, b = paused

    burst = send(client, a, "a", 4)
    # B sends its own burst while A is refused: A's bucket is not B's.
    others = send(client, b, "b", 3)

    assert [r.status_code for r in burst] == [200, 200, 200, 429]
    assert [r.status_code for r in others] == [200, 200, 200]
    refused = burst[-1]
    assert refused.json()["error"] == "rate_limited"
    assert refused["Retry-After"] == "1"  # one webhook a second: the next token in under 1 s
    assert stored(org_a) == 3
    assert stored(org_b) == 3

    # A sender that waits Retry-After gets one more in, at the sustained rate, and no more.
    time.sleep(int(refused["Retry-After"]) + 0.1)
    again = send(client, a, "again", 2)
    assert [r.status_code for r in again] == [200, 429]
    assert stored(org_a) == 4


def test_a_refusal_is_counted_for_its_organization_and_stored_nowhere(
    client, api_client_for, admin_a, admin_b, org_a, paused
):
    set_quotas(org_a, ingest_rate_per_second=1, ingest_rate_burst=1)
    a, b = paused

    answers = [r.status_code for r in send(client, a, "a", 5)]
    send(client, b, "b", 2)

    assert answers == [200, 429, 429, 429, 429]
    assert stored(org_a) == 1
    assert WebhookLog.objects.filter(status=WebhookLog.Status.REJECTED).count() == 0
    mine = api_client_for(admin_a).get("/api/v1/organization/").json()["quota"]
    theirs = api_client_for(admin_b).get("/api/v1/organization/").json()["quota"]
    assert mine["refused"] == {"rate_limited": 4, "over_quota": 0}
    assert mine["rate_per_second"] == 1
    assert mine["burst"] == 1
    assert theirs["refused"] == {"rate_limited": 0, "over_quota": 0}
    assert theirs["stored_bytes"] == 2 * len(stripe_event(event_id="evt_b_0").body)


def test_an_organization_override_lowers_and_raises_the_default(
    client, settings, org_a, org_b, paused
):
    settings.INGEST_RATE_PER_SECOND = 1
    settings.INGEST_RATE_BURST = 2
    set_quotas(org_b, ingest_rate_burst=4)  # B's own burst, above the default
    org_c = make_org("Org C")
    set_quotas(org_c, ingest_rate_burst=1)  # C's, below it
    a, b = paused
    c = make_provider(org_c, "stripe", is_active=False)

    assert [r.status_code for r in send(client, a, "a", 3)] == [200, 200, 429]
    assert [r.status_code for r in send(client, b, "b", 5)] == [200, 200, 200, 200, 429]
    assert [r.status_code for r in send(client, c, "c", 2)] == [200, 429]

    # Staff lift A's rate limit (0: none); ingest sees it once its cached provider expires.
    set_quotas(org_a, ingest_rate_per_second=0)
    ingest_provider_forget(ingest_key=a.ingest_key)
    assert {r.status_code for r in send(client, a, "lifted", 10)} == {200}
    assert stored(org_a) == 12


def test_over_the_stored_bytes_quota_it_answers_507_until_there_is_room(
    client, api_client_for, admin_a, org_a, org_b, paused
):
    a, b = paused
    size = len(stripe_event(event_id="evt_a_0").body)
    set_quotas(org_a, stored_bytes_quota=2 * size + size // 2)
    set_quotas(org_b, stored_bytes_quota=2 * size + size // 2)

    answers = send(client, a, "a", 3)
    others = send(client, b, "b", 2)

    assert [r.status_code for r in answers] == [200, 200, 507]
    assert [r.status_code for r in others] == [200, 200]
    refused = answers[-1]
    assert refused.json()["error"] == "over_quota"
    assert int(refused["Retry-After"]) == 3600
    assert stored(org_a) == 2
    quota = api_client_for(admin_a).get("/api/v1/organization/").json()["quota"]
    assert quota["stored_bytes"] == 2 * size
    assert quota["refused"] == {"rate_limited": 0, "over_quota": 1}

    # Retention deletes one; the recount makes room for exactly one more.
    WebhookLog.objects.filter(organization=org_a).first().delete()
    stored_bytes_refresh()
    assert [r.status_code for r in send(client, a, "room", 2)] == [200, 507]
    assert stored(org_a) == 2


def test_the_recount_corrects_what_was_counted_but_not_stored(client, org_a, paused):
    a, _b = paused
    sent = stripe_event(event_id="evt_once")
    assert [post(client, a, sent).json()["duplicate"] for _ in range(3)] == [False, True, True]
    # Duplicates were admitted (and counted) but stored nothing.
    assert quota_usage(organization_id=org_a.id).stored_bytes == 3 * len(sent.body)

    stored_bytes_refresh()

    assert quota_usage(organization_id=org_a.id).stored_bytes == len(sent.body)


def test_while_redis_is_unreachable_ingest_admits_everything(client, settings, org_a, paused):
    set_quotas(org_a, ingest_rate_per_second=1, ingest_rate_burst=1, stored_bytes_quota=1)
    a, _b = paused
    # A closed loopback port stands in for a stopped Redis (the broker is left alone; the
    # provider is paused, so nothing is queued).
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }

    answers = send(client, a, "a", 3)

    assert [r.status_code for r in answers] == [200, 200, 200]
    assert stored(org_a) == 3
