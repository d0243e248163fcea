"""Signup creates an organization and its admin; an existing address learns nothing new."""

import pytest

from hooklane.accounts.models import AuditEvent, Organization, User

SIGNUP = "/api/v1/auth/signup/"


@pytest.mark.django_db(transaction=True)
def test_a_newcomer_signs_up_clicks_the_link_and_is_the_admin(api_client_for, mailbox):
    client = api_client_for(None)
    response = client.post(
        SIGNUP, {"email": "Founder@New.example", "organization_name": "New Co"}, format="json"
    )
    assert response.status_code == 202

    user = User.objects.select_related("organization").get(email="founder@new.example")
    assert user.role == User.Role.ADMIN
    assert user.organization.name == "New Co"
    assert user.organization.slug == "new-co"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGNUP, actor_user=user).exists()

    message = mailbox.wait_for("founder@new.example")
    assert message.subject == "Welcome to Hooklane: confirm your email"
    response = client.post(
        "/api/v1/auth/magic-link/verify/", {"token": message.token}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["organization"]["name"] == "New Co"
    assert client.get("/api/v1/organization/").json()["name"] == "New Co"


@pytest.mark.django_db(transaction=True)
def test_signing_up_with_a_registered_address_changes_nothing_and_says_so_by_email(
    api_client_for, admin_a, mailbox
):
    response = api_client_for(None).post(
        SIGNUP, {"email": "admin@a.example", "organization_name": "Takeover"}, format="json"
    )
    assert response.status_code == 202
    assert not Organization.objects.filter(name="Takeover").exists()
    admin_a.refresh_from_db()
    assert admin_a.organization.name == "Org A"

    message = mailbox.wait_for("admin@a.example")
    assert message.subject == "You already have a Hooklane account"
    assert "already has an account in Org A" in message.text
    # The email still lets the owner in, so a forgotten signup is not a dead end.
    assert message.link


@pytest.mark.django_db
def test_signup_needs_an_email_and_an_organization_name(api_client_for):
    response = api_client_for(None).post(SIGNUP, {"email": "nope"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"email", "organization_name"}
    assert not Organization.objects.exists()
