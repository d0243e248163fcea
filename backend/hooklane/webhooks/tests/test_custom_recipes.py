"""Custom providers (settings.recipe) and the recipe console, POST /api/v1/recipes/explain/."""

import hashlib
import hmac

import pytest

from hooklane.accounts.models import AuditEvent
from hooklane.webhooks.models import WebhookProvider
from hooklane.webhooks.serializers.recipes import MAX_BODY_CHARS, MAX_HEADERS

pytestmark = pytest.mark.django_db
SECRET = "custom-shared-secret"
RECIPE = {
    "signature": "header:X-Acme-Signature",
    "prefix": "sha256=",
    "event_id": "body:id",
    "event_type": "header:X-Acme-Event",
}
BODY = '{"id": "evt_42", "amount": 100}'


def signature(body: str = BODY, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()


def create(client, **fields):
    data = {
        "provider_name": "custom",
        "display_name": "Acme",
        "signing_secret": SECRET,
        "settings": {"recipe": RECIPE},
        **fields,
    }
    return client.post("/api/v1/providers/", data, format="json")


def explain(client, **fields):
    data = {
        "recipe": RECIPE,
        "secret": SECRET,
        "headers": {"X-Acme-Signature": signature(), "X-Acme-Event": "payment.done"},
        "body": BODY,
        **fields,
    }
    return client.post("/api/v1/recipes/explain/", data, format="json")


def test_a_custom_provider_verifies_with_its_recipe(client, api_client_for, admin_a):
    response = create(api_client_for(admin_a))
    assert response.status_code == 201
    provider = WebhookProvider.objects.get(pk=response.json()["id"])
    assert provider.settings["recipe"]["signature"] == "header:X-Acme-Signature"

    headers = {"X-Acme-Signature": signature(), "X-Acme-Event": "payment.done"}
    accepted = client.post(
        f"/in/{provider.ingest_key}", BODY, content_type="application/json", headers=headers
    )
    forged = client.post(
        f"/in/{provider.ingest_key}",
        BODY,
        content_type="application/json",
        headers={**headers, "X-Acme-Signature": signature(secret="nope")},
    )

    assert accepted.status_code == 200, accepted.json()
    assert forged.status_code == 401
    log = provider.logs.get(status="received")
    assert (log.external_id, log.event_type, log.verification) == (
        "evt_42",
        "payment.done",
        "verified",
    )


def test_a_bad_recipe_is_refused_naming_its_field(api_client_for, admin_a):
    client = api_client_for(admin_a)

    bad_digest = create(client, settings={"recipe": {**RECIPE, "digest": "md5"}})
    unknown = create(client, settings={"recipe": {**RECIPE, "colour": "blue"}})
    missing = create(client, settings={})

    assert bad_digest.status_code == 400
    assert "settings.recipe.digest" in bad_digest.json()["fields"]
    assert "settings.recipe.colour" in unknown.json()["fields"]
    assert "settings.recipe" in missing.json()["fields"]
    assert not WebhookProvider.objects.exists()


def test_changing_a_custom_recipe_is_validated_too(api_client_for, admin_a):
    client = api_client_for(admin_a)
    provider_id = create(client).json()["id"]

    response = client.patch(
        f"/api/v1/providers/{provider_id}/",
        {"settings": {"recipe": {**RECIPE, "encoding": "base32"}}},
        format="json",
    )

    assert response.status_code == 400
    assert "settings.recipe.encoding" in response.json()["fields"]


def test_the_console_shows_each_step_of_a_sample_that_verifies(api_client_for, admin_a):
    response = explain(api_client_for(admin_a))

    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True and data["reason"] == ""
    assert (data["event_id"], data["event_type"]) == ("evt_42", "payment.done")
    assert data["steps"] and all(step["ok"] for step in data["steps"])
    assert {"name", "ok", "detail"} == set(data["steps"][0])


def test_the_console_says_why_a_sample_fails(api_client_for, admin_a):
    client = api_client_for(admin_a)

    wrong = explain(client, secret="not-it").json()
    missing = explain(client, headers={"X-Acme-Event": "payment.done"}).json()

    assert (wrong["ok"], wrong["reason"]) == (False, "wrong_signature")
    assert not wrong["steps"][-1]["ok"]
    assert missing["reason"] == "missing_header"
    assert "not-it" not in str(wrong)


def test_the_console_refuses_a_bad_recipe_with_the_field_named(api_client_for, admin_a):
    response = explain(api_client_for(admin_a), recipe={**RECIPE, "timestamp": "cookie:t"})

    assert response.status_code == 400
    assert "recipe.timestamp" in response.json()["fields"]


def test_the_console_bounds_its_input(api_client_for, admin_a):
    client = api_client_for(admin_a)

    too_long = explain(client, body="x" * (MAX_BODY_CHARS + 1))
    too_many = explain(client, headers={f"X-H{n}": "v" for n in range(MAX_HEADERS + 1)})

    assert too_long.status_code == 400 and "body" in too_long.json()["fields"]
    assert too_many.status_code == 400 and "headers" in too_many.json()["fields"]


def test_members_and_read_keys_cannot_use_the_console(
    api_client_for, api_key_for, member_a, admin_a
):
    assert explain(api_client_for(member_a)).status_code == 403
    assert explain(api_client_for(api_key_for(admin_a, scope="read"))).status_code == 403
    assert explain(api_client_for(None)).status_code in (401, 403)
    assert not AuditEvent.objects.filter(action="log.reverify").exists()
