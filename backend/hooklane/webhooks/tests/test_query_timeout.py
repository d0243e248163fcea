"""API requests run under API_STATEMENT_TIMEOUT_MS: a search that runs longer ends in a clear
503 and leaves the connection usable; ingest is not bound by it."""

import json

import pytest
from django.db import connection

from hooklane.webhooks.models import WebhookLog, WebhookProvider
from hooklane.webhooks.services import logs_index_search

from .senders import ingest_path

pytestmark = pytest.mark.django_db(transaction=True)

# Logs inserted by the database itself: a Python loop would take minutes for this many.
FILL = """
INSERT INTO webhook_logs (id, created_at, updated_at, organization_id, provider_id, status,
    event_type, body, payload, headers, content_type, size_bytes, received_at, error)
SELECT gen_random_uuid(), now(), now(), %s, %s, 'delivered', 'invoice.paid', '\\x7b7d'::bytea,
    jsonb_build_object('customer', 'cus_' || n, 'note', 'a common note'), '{}'::jsonb,
    'application/json', 2, now() - n * interval '1 second', ''
FROM generate_series(1, %s) AS n
"""
# Every log says `common`, so excluding it matches none: PostgreSQL reads all of them
# (about 100 ms here for 50,000, against well under 1 ms for the request's other statements).
COSTLY_SEARCH = {"q": "-common"}


def fill(organization, count: int) -> WebhookProvider:
    provider = WebhookProvider.objects.create(
        organization=organization, provider_name="none", display_name="bulk"
    )
    with connection.cursor() as cursor:
        cursor.execute(FILL, [organization.id, provider.id, count])
    # The search documents, as the worker builds them.
    logs_index_search(
        log_ids=list(WebhookLog.objects.filter(provider=provider).values_list("id", flat=True))
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE webhook_logs")
    return provider


def session_statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_search_past_the_timeout_answers_503_and_the_connection_stays_usable(
    settings, api_client_for, admin_a, admin_b
):
    fill(admin_a.organization, 50_000)
    before = session_statement_timeout()
    client_a = api_client_for(admin_a)
    settings.API_STATEMENT_TIMEOUT_MS = 10

    response = client_a.get("/api/v1/logs/", COSTLY_SEARCH)

    assert response.status_code == 503
    assert response.json() == {
        "error": "query_timeout",
        "detail": response.json()["detail"],
        "fields": {},
    }
    assert "narrow the filters" in response.json()["detail"]
    # The same connection serves the next request, and carries no API timeout out of it.
    assert session_statement_timeout() == before
    other = api_client_for(admin_b).get("/api/v1/logs/")
    assert other.status_code == 200 and other.json()["results"] == []
    settings.API_STATEMENT_TIMEOUT_MS = 10_000
    assert client_a.get("/api/v1/logs/", COSTLY_SEARCH).status_code == 200
    assert client_a.get("/api/v1/logs/", {"q": "cus_7"}).json()["results"][0]["event_type"] == (
        "invoice.paid"
    )


def test_a_timeout_of_zero_turns_it_off(settings, api_client_for, admin_a):
    fill(admin_a.organization, 50_000)
    settings.API_STATEMENT_TIMEOUT_MS = 0

    assert api_client_for(admin_a).get("/api/v1/logs/", COSTLY_SEARCH).status_code == 200


def test_ingest_is_not_bound_by_the_api_timeout(settings, client, org_a):
    settings.API_STATEMENT_TIMEOUT_MS = 1
    provider = WebhookProvider.objects.create(
        organization=org_a, provider_name="none", display_name="big"
    )
    # 400 KB of JSON: parsing and storing it takes well over 1 ms.
    body = json.dumps({"items": [f"word{n}" for n in range(30_000)]}).encode()

    response = client.post(ingest_path(provider), body, content_type="application/json")

    assert response.status_code == 200, response.content
    assert WebhookLog.objects.get(id=response.json()["id"]).size_bytes == len(body)
