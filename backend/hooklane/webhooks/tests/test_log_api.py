"""The log list, detail and raw endpoints: filters, search, paging, tenancy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hooklane.webhooks.models import WebhookLog, WebhookProvider
from hooklane.webhooks.services import logs_index_search

pytestmark = pytest.mark.django_db


def make_provider(org, name="stripe", display="Stripe"):
    return WebhookProvider.objects.create(
        organization=org, provider_name=name, display_name=display
    )


def make_log(provider, **fields):
    fields.setdefault("body", b'{"ok": true}')
    fields.setdefault("content_type", "application/json")
    return WebhookLog.objects.create(
        organization=provider.organization, provider=provider, **fields
    )


@pytest.fixture
def stripe_a(org_a):
    return make_provider(org_a)


@pytest.fixture
def github_a(org_a):
    return make_provider(org_a, "github", "GitHub")


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_it_lists_newest_first_with_a_summary(api_client_for, member_a, stripe_a):
    now = timezone.now()
    old = make_log(stripe_a, event_type="a", received_at=now - timedelta(minutes=5))
    new = make_log(stripe_a, event_type="b", received_at=now)
    response = api_client_for(member_a).get("/api/v1/logs/")
    assert response.status_code == 200
    assert ids(response) == [str(new.id), str(old.id)]
    row = response.json()["results"][0]
    assert row["provider"] == {
        "id": str(stripe_a.id),
        "display_name": "Stripe",
        "provider_name": "stripe",
    }
    assert "payload" not in row and "headers" not in row


def test_it_filters_by_provider_status_and_time(api_client_for, member_a, stripe_a, github_a):
    now = timezone.now()
    wanted = make_log(stripe_a, status="failed", received_at=now - timedelta(hours=1))
    make_log(stripe_a, status="delivered", received_at=now - timedelta(hours=1))
    make_log(github_a, status="failed", received_at=now - timedelta(hours=1))
    make_log(stripe_a, status="failed", received_at=now - timedelta(days=2))
    response = api_client_for(member_a).get(
        "/api/v1/logs/",
        {
            "provider": str(stripe_a.id),
            "status": "failed,rejected",
            "received_after": (now - timedelta(hours=2)).isoformat(),
            "received_before": now.isoformat(),
        },
    )
    assert response.status_code == 200, response.json()
    assert ids(response) == [str(wanted.id)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("invoice.*", {"invoice.paid", "invoice.created"}),
        ("*.paid", {"invoice.paid", "charge.paid"}),
        ("charge.paid", {"charge.paid"}),
        ("invoice_*", set()),  # `_` is literal, not LIKE's single-character wildcard
    ],
)
def test_event_type_filters_take_wildcards(api_client_for, member_a, stripe_a, pattern, expected):
    for event_type in ("invoice.paid", "invoice.created", "charge.paid", "invoiceXpaid"):
        make_log(stripe_a, event_type=event_type)
    response = api_client_for(member_a).get("/api/v1/logs/", {"event_type": pattern})
    assert {row["event_type"] for row in response.json()["results"]} == expected


def test_search_finds_payload_values_and_headers(api_client_for, member_a, stripe_a):
    hit = make_log(
        stripe_a,
        payload={"customer": {"email": "jo@acme.example", "id": "cus_9Xk2"}},
        headers={"user-agent": "Stripe/1.0 (+https://stripe.com)", "x-request-id": "req_77"},
    )
    other = make_log(stripe_a, payload={"customer": {"email": "someone@else.example"}})
    logs_index_search(log_ids=[hit.id, other.id])  # what the worker does once it routed them
    client = api_client_for(member_a)
    for term in ("jo@acme.example", "cus_9Xk2", "req_77"):
        assert ids(client.get("/api/v1/logs/", {"q": term})) == [str(hit.id)], term
    assert ids(client.get("/api/v1/logs/", {"q": "nowhere"})) == []


def test_search_input_with_operators_and_quotes_is_not_an_error(api_client_for, member_a):
    for term in ['"unclosed', "a & | ! b", "-", "(", "'; drop table"]:
        response = api_client_for(member_a).get("/api/v1/logs/", {"q": term})
        assert response.status_code == 200, term


def test_cursor_pages_walk_every_log_once(api_client_for, member_a, stripe_a):
    now = timezone.now()
    created = [make_log(stripe_a, received_at=now - timedelta(seconds=n)).id for n in range(7)]
    client = api_client_for(member_a)
    seen, url = [], "/api/v1/logs/?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == [str(i) for i in created]


def test_bad_filters_answer_400_naming_the_field(api_client_for, member_a):
    response = api_client_for(member_a).get(
        "/api/v1/logs/", {"status": "sleeping", "received_after": "yesterday"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid"
    assert set(body["fields"]) == {"status", "received_after"}


def test_detail_has_headers_and_payload(api_client_for, member_a, stripe_a):
    log = make_log(stripe_a, payload={"a": [1, 2]}, headers={"content-type": "application/json"})
    response = api_client_for(member_a).get(f"/api/v1/logs/{log.id}/")
    assert response.status_code == 200
    assert response.json()["payload"] == {"a": [1, 2]}
    assert response.json()["headers"] == {"content-type": "application/json"}


def test_raw_returns_the_stored_bytes_unrendered(api_client_for, member_a, stripe_a):
    raw = b"<html><script>alert(1)</script>\xff\xfe"
    log = make_log(stripe_a, body=raw, content_type="text/html")
    response = api_client_for(member_a).get(f"/api/v1/logs/{log.id}/raw/")
    assert response.status_code == 200
    assert response.content == raw
    assert response["Content-Type"] == "text/html"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_another_organizations_logs_are_invisible(api_client_for, admin_b, stripe_a):
    log = make_log(stripe_a)
    client = api_client_for(admin_b)
    assert ids(client.get("/api/v1/logs/")) == []
    assert client.get(f"/api/v1/logs/{log.id}/").status_code == 404
    assert client.get(f"/api/v1/logs/{log.id}/raw/").status_code == 404


def test_the_list_does_not_query_per_row(
    api_client_for, member_a, stripe_a, github_a, django_assert_max_num_queries
):
    for n in range(20):
        make_log(stripe_a if n % 2 else github_a)
    client = api_client_for(member_a)
    # 4, and the SET of the API statement timeout (core/query_timeout.py)
    with django_assert_max_num_queries(5):
        assert len(ids(client.get("/api/v1/logs/"))) == 20
