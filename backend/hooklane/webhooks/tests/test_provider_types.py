"""GET /api/v1/provider-types/, the providers API's check of provider_name against it, and
the senders table generated from the same registry."""

import pytest
from django.core.management import call_command

from hooklane.webhooks.management.commands.senders_table import SENDERS_MD
from hooklane.webhooks.selectors.provider_types import provider_type_list, senders_markdown

pytestmark = pytest.mark.django_db
FIELDS = {
    "name",
    "label",
    "family",
    "verification",
    "docs_url",
    "setup",
    "secret_label",
    "signature_headers",
    "signs_timestamp",
    "accepts_get",
    "handshake",
}


def test_it_lists_every_registered_sender_to_members(api_client_for, member_a):
    response = api_client_for(member_a).get("/api/v1/provider-types/")

    assert response.status_code == 200
    rows = response.json()
    assert [row["name"] for row in rows] == [sender.name for sender in provider_type_list()]
    assert all(set(row) == FIELDS for row in rows)
    github = next(row for row in rows if row["name"] == "github")
    assert github["family"] == "hmac" and github["verification"] == "verified"
    assert "x-hub-signature-256" in github["signature_headers"]
    unsigned = next(row for row in rows if row["name"] == "none")
    assert unsigned["verification"] == "unsigned"


def test_read_keys_may_list_them_and_anonymous_callers_may_not(
    api_client_for, api_key_for, member_a
):
    read_key = api_key_for(member_a, scope="read")
    assert api_client_for(read_key).get("/api/v1/provider-types/").status_code == 200
    assert api_client_for(None).get("/api/v1/provider-types/").status_code in (401, 403)


def test_creating_a_provider_of_an_unknown_type_names_the_field(api_client_for, admin_a):
    response = api_client_for(admin_a).post(
        "/api/v1/providers/",
        {"provider_name": "stripe_v9", "display_name": "x", "signing_secret": "s"},
        format="json",
    )

    assert response.status_code == 400
    message = response.json()["fields"]["provider_name"][0]
    assert '"stripe_v9"' in message and "/api/v1/provider-types/" in message


def test_the_senders_table_in_the_docs_is_current():
    # Stale after a sender was added or changed: run `make senders-table` and commit it.
    assert SENDERS_MD.read_text() == senders_markdown()
    call_command("senders_table", "--check")


def test_the_senders_table_has_a_row_per_sender():
    table = senders_markdown()
    for sender in provider_type_list():
        assert f"| `{sender.name}` |" in table
