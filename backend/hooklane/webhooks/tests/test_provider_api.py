"""The providers API: who may do what, the write-only secret, settings per scheme, rotation."""

import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from hooklane.accounts.models import AuditEvent
from hooklane.webhooks.models import WebhookLog, WebhookProvider

from .senders import make_provider

pytestmark = pytest.mark.django_db

SECRET = "gh-super-secret-value"


def create(client, **fields):
    data = {"provider_name": "github", "display_name": "GitHub", "signing_secret": SECRET}
    return client.post("/api/v1/providers/", {**data, **fields}, format="json")


def url(provider, suffix=""):
    return f"/api/v1/providers/{provider.id}/{suffix}"


@pytest.fixture
def github_a(org_a):
    return make_provider(org_a, "github", SECRET)


@pytest.fixture
def github_b(org_b):
    return make_provider(org_b, "github", SECRET)


def test_an_admin_creates_a_provider_and_gets_its_ingest_url(api_client_for, admin_a, settings):
    settings.PUBLIC_BASE_URL = "https://hooks.example.com"

    response = create(api_client_for(admin_a))

    assert response.status_code == 201, response.json()
    body = response.json()
    provider = WebhookProvider.objects.get(id=body["id"])
    assert body["ingest_url"] == f"https://hooks.example.com/in/{provider.ingest_key}"
    assert body["provider_name"] == "github" and body["is_active"] is True
    assert body["has_signing_secret"] is True
    assert provider.signing_secret == SECRET
    assert provider.organization == admin_a.organization


def test_the_secret_never_appears_in_any_response(api_client_for, admin_a):
    client = api_client_for(admin_a)
    created = create(client)
    provider_id = created.json()["id"]
    responses = [
        created,
        client.get("/api/v1/providers/"),
        client.get(f"/api/v1/providers/{provider_id}/"),
        client.patch(f"/api/v1/providers/{provider_id}/", {"display_name": "X"}, format="json"),
        client.post(
            f"/api/v1/providers/{provider_id}/rotate-secret/",
            {"signing_secret": "gh-next-secret"},
            format="json",
        ),
    ]

    for response in responses:
        assert response.status_code in (200, 201)
        text = response.content.decode()
        assert SECRET not in text and "gh-next-secret" not in text
        assert '"signing_secret"' not in text


def test_members_read_providers(api_client_for, member_a, github_a):
    client = api_client_for(member_a)

    listed = client.get("/api/v1/providers/")
    one = client.get(url(github_a))

    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [str(github_a.id)]
    assert one.json()["ingest_url"].endswith(github_a.ingest_key)


@pytest.mark.parametrize(
    "method, suffix, data",
    [
        ("post", "", None),
        ("patch", "{id}/", {"is_active": False}),
        ("delete", "{id}/", None),
        ("post", "{id}/rotate-secret/", {"signing_secret": "x-new"}),
    ],
)
def test_members_cannot_change_providers(api_client_for, member_a, github_a, method, suffix, data):
    path = "/api/v1/providers/" + suffix.format(id=github_a.id)
    data = data or {"provider_name": "github", "display_name": "G", "signing_secret": "s"}

    response = getattr(api_client_for(member_a), method)(path, data, format="json")

    assert response.status_code == 403
    github_a.refresh_from_db()
    assert github_a.is_active and github_a.signing_secret == SECRET


def test_a_read_scoped_api_key_cannot_create(api_client_for, api_key_for, admin_a):
    client = api_client_for(api_key_for(admin_a, scope="read"))

    assert client.get("/api/v1/providers/").status_code == 200
    assert create(client).status_code == 403
    assert not WebhookProvider.objects.exists()


def test_a_write_scoped_api_key_of_an_admin_can_create(api_client_for, api_key_for, admin_a):
    response = create(api_client_for(api_key_for(admin_a, scope="write")))

    assert response.status_code == 201
    provider = WebhookProvider.objects.get(id=response.json()["id"])
    assert (provider.organization, provider.signing_secret) == (admin_a.organization, SECRET)


def test_anonymous_callers_get_nothing(api_client_for, github_a):
    response = api_client_for(None).get("/api/v1/providers/")

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert str(github_a.id) not in response.content.decode()


@pytest.mark.parametrize(
    "method, suffix, data",
    [
        ("get", "", None),
        ("patch", "", {"display_name": "mine now"}),
        ("delete", "", None),
        ("post", "rotate-secret/", {"signing_secret": "taken"}),
    ],
)
def test_another_organizations_provider_is_a_404(
    api_client_for, admin_a, github_b, method, suffix, data
):
    response = getattr(api_client_for(admin_a), method)(url(github_b, suffix), data, format="json")

    assert response.status_code == 404
    github_b.refresh_from_db()
    assert github_b.display_name == "github test" and github_b.signing_secret == SECRET


def test_another_organizations_providers_are_not_listed(api_client_for, admin_a, github_b):
    assert api_client_for(admin_a).get("/api/v1/providers/").json()["results"] == []


def test_the_list_searches_display_names_and_filters_by_type(api_client_for, member_a, org_a):
    wanted = make_provider(org_a, "stripe", display_name="Stripe EU payments")
    make_provider(org_a, "stripe", display_name="Stripe US")
    make_provider(org_a, "github", display_name="GitHub payments bot")
    client = api_client_for(member_a)

    def names(**query):
        response = client.get("/api/v1/providers/", query)
        assert response.status_code == 200, response.json()
        return sorted(row["display_name"] for row in response.json()["results"])

    assert names(search="payments") == ["GitHub payments bot", "Stripe EU payments"]
    assert names(search="PAYMENTS eu") == [wanted.display_name]
    assert names(provider_name="stripe") == ["Stripe EU payments", "Stripe US"]
    assert names(search="payments", provider_name="github") == ["GitHub payments bot"]
    assert names(search="nothing like it") == []


def test_the_list_refuses_an_unknown_type(api_client_for, member_a):
    response = api_client_for(member_a).get("/api/v1/providers/", {"provider_name": "pigeon_post"})

    assert response.status_code == 400
    assert "provider_name" in response.json()["fields"]


def test_the_list_pages_through_a_thousand_providers_in_few_queries(
    api_client_for, member_a, org_a, django_assert_max_num_queries
):
    WebhookProvider.objects.bulk_create(
        WebhookProvider(organization=org_a, provider_name="none", display_name=f"source {n}")
        for n in range(1000)
    )
    client = api_client_for(member_a)
    seen, page = [], client.get("/api/v1/providers/", {"page_size": 200}).json()
    while True:
        seen += [row["id"] for row in page["results"]]
        if not page["next"]:
            break
        # 4, and the SET of the API statement timeout (core/query_timeout.py)
        with django_assert_max_num_queries(5):
            page = client.get(page["next"]).json()

    assert len(seen) == len(set(seen)) == 1000


def test_a_signed_provider_may_start_without_a_secret_and_captures_until_it_has_one(
    api_client_for, admin_a
):
    # Stripe shows the secret only once the endpoint exists (capture first).
    response = create(api_client_for(admin_a), signing_secret="")

    assert response.status_code == 201
    assert response.json()["has_signing_secret"] is False


def test_a_none_provider_takes_no_secret(api_client_for, admin_a):
    client = api_client_for(admin_a)

    refused = create(client, provider_name="none", signing_secret="x")
    created = create(client, provider_name="none", signing_secret="")

    assert refused.status_code == 400 and "signing_secret" in refused.json()["fields"]
    assert created.status_code == 201
    assert WebhookProvider.objects.get().signing_secret == ""


def test_a_standard_webhooks_secret_must_be_base64(api_client_for, admin_a):
    client = api_client_for(admin_a)
    good = base64.b64encode(b"0123456789abcdef").decode()

    bad = create(client, provider_name="standard_webhooks", signing_secret="whsec_not*base64")

    assert bad.status_code == 400 and "signing_secret" in bad.json()["fields"]
    for secret in (good, "whsec_" + good):
        assert (
            create(client, provider_name="standard_webhooks", signing_secret=secret).status_code
            == 201
        )
    stored = WebhookProvider.objects.values_list("signing_secret", flat=True)
    assert sorted(stored) == sorted([good, "whsec_" + good])


def test_hmac_generic_settings_get_their_defaults(api_client_for, admin_a):
    response = create(api_client_for(admin_a), provider_name="hmac_generic", settings={})

    assert response.json()["settings"] == {
        "header": "X-Signature",
        "algorithm": "sha256",
        "encoding": "hex",
        "prefix": "",
    }


def test_hmac_generic_settings_are_stored_as_given(api_client_for, admin_a):
    given = {
        "header": "X-Acme-Signature",
        "algorithm": "sha1",
        "encoding": "base64",
        "prefix": "sha1=",
        "id_header": "X-Acme-Delivery",
    }

    response = create(api_client_for(admin_a), provider_name="hmac_generic", settings=given)

    assert response.status_code == 201
    assert response.json()["settings"] == given


@pytest.mark.parametrize(
    "given",
    [
        {"algorithm": "md5"},
        {"encoding": "base32"},
        {"header": "X_Underscored"},
        {"header": "Bad Header"},
        {"prefix": "has space"},
        {"unknown": "x"},
        {"id_header": 5},
    ],
)
def test_it_refuses_invalid_hmac_generic_settings(api_client_for, admin_a, given):
    response = create(api_client_for(admin_a), provider_name="hmac_generic", settings=given)

    assert response.status_code == 400
    assert "settings" in response.json()["fields"]


def test_other_schemes_take_no_settings(api_client_for, admin_a):
    response = create(api_client_for(admin_a), settings={"header": "X-Sig"})

    assert response.status_code == 400
    assert "settings" in response.json()["fields"]
    assert not WebhookProvider.objects.exists()


def test_it_refuses_an_unknown_scheme(api_client_for, admin_a):
    response = create(api_client_for(admin_a), provider_name="pigeon_post")

    assert response.status_code == 400
    assert "provider_name" in response.json()["fields"]


def test_an_admin_renames_and_pauses_a_provider(api_client_for, admin_a, github_a):
    response = api_client_for(admin_a).patch(
        url(github_a), {"display_name": "Renamed", "is_active": False}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["display_name"] == "Renamed"
    assert response.json()["is_active"] is False
    github_a.refresh_from_db()
    assert (github_a.display_name, github_a.is_active) == ("Renamed", False)


def test_the_scheme_and_secret_cannot_be_changed_by_patch(api_client_for, admin_a, github_a):
    api_client_for(admin_a).patch(
        url(github_a), {"provider_name": "none", "signing_secret": "sneaky"}, format="json"
    )

    github_a.refresh_from_db()
    assert (github_a.provider_name, github_a.signing_secret) == ("github", SECRET)


def test_put_is_not_offered(api_client_for, admin_a, github_a):
    response = api_client_for(admin_a).put(url(github_a), {"display_name": "x"}, format="json")

    assert response.status_code == 405
    github_a.refresh_from_db()
    assert github_a.display_name == "github test"


def test_rotation_keeps_the_previous_secret_for_the_grace_period(
    api_client_for, admin_a, github_a, settings
):
    settings.PROVIDER_SECRET_GRACE_SECONDS = 3600
    before = timezone.now()

    response = api_client_for(admin_a).post(
        url(github_a, "rotate-secret/"), {"signing_secret": "gh-next"}, format="json"
    )

    assert response.status_code == 200
    github_a.refresh_from_db()
    assert github_a.signing_secret == "gh-next"
    assert github_a.previous_signing_secret == SECRET
    expires = github_a.previous_secret_expires_at
    assert before + timedelta(seconds=3600) <= expires <= timezone.now() + timedelta(seconds=3600)
    assert response.json()["previous_secret_expires_at"] is not None


def test_rotating_needs_a_valid_secret(api_client_for, admin_a, github_a):
    response = api_client_for(admin_a).post(
        url(github_a, "rotate-secret/"), {"signing_secret": ""}, format="json"
    )

    assert response.status_code == 400
    assert "signing_secret" in response.json()["fields"]
    github_a.refresh_from_db()
    assert (github_a.signing_secret, github_a.previous_signing_secret) == (SECRET, "")


def test_deleting_a_provider_takes_it_away_at_once_and_leaves_its_logs_to_a_job(
    api_client_for, admin_a, github_a
):
    WebhookLog.objects.create(organization=github_a.organization, provider=github_a, body=b"x")
    client = api_client_for(admin_a)

    response = client.delete(url(github_a))

    assert response.status_code == 202
    job = response.json()
    assert (job["kind"], job["target_id"], job["status"], job["total"], job["done"]) == (
        "provider_delete",
        str(github_a.id),
        "queued",
        1,
        0,
    )
    assert client.get(url(github_a)).status_code == 404
    assert client.delete(url(github_a)).status_code == 404
    assert client.get("/api/v1/providers/").json()["results"] == []
    # The job (hooklane/delivery/tests/test_jobs.py) deletes the logs, then the row.
    assert WebhookLog.objects.count() == 1


def test_resuming_goes_through_resume_not_patch(api_client_for, admin_a, github_a):
    github_a.is_active = False
    github_a.save()

    response = api_client_for(admin_a).patch(url(github_a), {"is_active": True}, format="json")

    assert response.status_code == 400
    assert "resume/" in response.json()["fields"]["is_active"][0]
    github_a.refresh_from_db()
    assert github_a.is_active is False


def test_every_change_is_audited_without_secrets(api_client_for, admin_a):
    client = api_client_for(admin_a)
    provider_id = create(client).json()["id"]
    client.patch(f"/api/v1/providers/{provider_id}/", {"is_active": False}, format="json")
    client.post(
        f"/api/v1/providers/{provider_id}/rotate-secret/",
        {"signing_secret": "gh-rotated"},
        format="json",
    )
    client.delete(f"/api/v1/providers/{provider_id}/")

    events = AuditEvent.objects.filter(organization=admin_a.organization).order_by("created_at")
    assert [event.action for event in events] == [
        "provider.create",
        "provider.update",
        "provider.rotate_secret",
        "provider.delete",
    ]
    assert {event.actor_user for event in events} == {admin_a}
    assert {event.target_id for event in events} == {provider_id}
    assert events[1].metadata["changed"] == ["is_active"]
    dumped = json.dumps([event.metadata for event in events])
    assert SECRET not in dumped and "gh-rotated" not in dumped


def test_an_unchanged_patch_is_not_audited(api_client_for, admin_a, github_a):
    api_client_for(admin_a).patch(url(github_a), {"is_active": True}, format="json")

    assert not AuditEvent.objects.filter(action="provider.update").exists()
