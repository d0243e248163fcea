"""Invitations: 202 and a pending row for every address outside the inviter's organization,
whether or not it has an account elsewhere; the link creates the user, once."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hooklane.accounts.models import AuditEvent, Invitation, User
from hooklane.accounts.services import invitation_email_send

pytestmark = pytest.mark.django_db

# What differs between any two invitations, whoever is invited.
VARYING = {"id", "created_at", "expires_at"}


def invite(client, email, role=None):
    body = {"email": email} if role is None else {"email": email, "role": role}
    return client.post("/api/v1/invitations/", body, format="json")


def emailed(address: str):
    """Send the invitation's email in-process (as the worker does) and return it."""
    invitation = Invitation.objects.get(email=address)
    assert invitation_email_send(invitation_id=str(invitation.id))
    return mail.outbox[-1]


def token_of(message) -> str:
    match = re.search(r"/login/verify\?token=([\w-]+)", message.body)
    assert match, f"no link in: {message.body!r}"
    return match.group(1)


def accept(api_client_for, token):
    return api_client_for(None).post("/api/v1/auth/magic-link/verify/", {"token": token})


def test_an_admin_invites_an_address_and_no_user_exists_yet(
    api_client_for, admin_a, django_capture_on_commit_callbacks
):
    client = api_client_for(admin_a)
    with django_capture_on_commit_callbacks() as callbacks:
        response = invite(client, "New@A.example", role="admin")
    assert response.status_code == 202
    body = response.json()
    assert set(body) == {"id", "email", "role", "invited_by", "created_at", "expires_at"}
    assert body["email"] == "new@a.example"
    assert body["role"] == "admin"
    assert body["invited_by"] == {"id": str(admin_a.id), "email": admin_a.email}
    assert len(callbacks) == 1  # the invitation email, queued after commit
    assert not User.objects.filter(email="new@a.example").exists()
    users = client.get("/api/v1/users/").json()["results"]
    assert [row["email"] for row in users] == ["admin@a.example"]
    assert client.get("/api/v1/invitations/").json()["results"] == [body]
    event = AuditEvent.objects.get(action=AuditEvent.Action.USER_INVITE)
    assert (event.actor_user, event.target_id) == (admin_a, body["id"])


def test_inviting_defaults_to_member(api_client_for, admin_a):
    assert invite(api_client_for(admin_a), "m@a.example").json()["role"] == "member"


def test_an_address_already_in_the_organization_is_a_409(api_client_for, admin_a, member_a):
    response = invite(api_client_for(admin_a), "MEMBER@a.example")
    assert response.status_code == 409
    assert response.json()["fields"] == {"email": ["This address is already a member."]}
    assert not Invitation.objects.exists()


def test_an_account_elsewhere_looks_exactly_like_a_fresh_address(
    api_client_for, admin_a, admin_b, django_capture_on_commit_callbacks
):
    client = api_client_for(admin_a)
    answers = []
    for address in ("fresh@c.example", "ADMIN@b.example"):
        with django_capture_on_commit_callbacks() as callbacks:
            response = invite(client, address, role="member")
        answers.append((response.status_code, len(callbacks), response.json()))
    (fresh_status, fresh_emails, fresh), (taken_status, taken_emails, taken) = answers
    assert fresh_status == taken_status == 202
    assert fresh_emails == taken_emails == 1
    assert set(fresh) == set(taken)
    assert {k: v for k, v in fresh.items() if k not in VARYING | {"email"}} == {
        k: v for k, v in taken.items() if k not in VARYING | {"email"}
    }
    rows = client.get("/api/v1/invitations/").json()["results"]
    assert [row["email"] for row in rows] == ["admin@b.example", "fresh@c.example"]
    assert [set(row) for row in rows] == [set(fresh)] * 2
    # Organization B's admin stays where they are.
    admin_b.refresh_from_db()
    assert admin_b.organization.name == "Org B"
    assert User.objects.filter(email_normalized="admin@b.example").count() == 1


def test_an_account_elsewhere_is_told_so_and_gets_no_link(api_client_for, admin_a, admin_b):
    invite(api_client_for(admin_a), "admin@b.example")
    message = emailed("admin@b.example")
    assert message.to == ["admin@b.example"]
    assert message.subject == "You have been invited to Hooklane"
    assert "already has a Hooklane account" in message.body
    assert "/login/verify" not in message.body
    assert "/login/verify" not in message.alternatives[0][0]
    assert Invitation.objects.get().token_hash is None
    admin_b.refresh_from_db()
    assert admin_b.organization.name == "Org B"


def test_the_link_creates_the_user_once_and_logs_them_in(api_client_for, admin_a):
    invite(api_client_for(admin_a), "invitee@a.example", role="admin")
    message = emailed("invitee@a.example")
    assert "admin@a.example invited you to Org A on Hooklane, as admin" in message.body
    assert "expires in 3 days" in message.body
    token = token_of(message)

    client = api_client_for(None)
    response = client.post("/api/v1/auth/magic-link/verify/", {"token": token})
    assert response.status_code == 200
    assert response.json()["email"] == "invitee@a.example"
    assert client.get("/api/v1/auth/me/").json()["email"] == "invitee@a.example"
    user = User.objects.get(email="invitee@a.example")
    assert (user.organization, user.role) == (admin_a.organization, "admin")
    assert not Invitation.objects.exists()
    login = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert login.metadata == {"method": "invitation"}

    replay = accept(api_client_for, token)
    assert replay.status_code == 400
    assert replay.json()["error"] == "login_failed"
    assert User.objects.filter(email="invitee@a.example").count() == 1


def test_an_expired_link_is_refused_and_no_longer_listed(api_client_for, admin_a):
    client = api_client_for(admin_a)
    invite(client, "late@a.example")
    token = token_of(emailed("late@a.example"))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert accept(api_client_for, token).status_code == 400
    assert not User.objects.filter(email="late@a.example").exists()
    assert client.get("/api/v1/invitations/").json()["results"] == []
    # Nothing is sent for an expired invitation either.
    assert not invitation_email_send(invitation_id=str(Invitation.objects.get().id))


def test_a_revoked_invitation_is_gone_and_its_link_dead(api_client_for, admin_a):
    client = api_client_for(admin_a)
    invitation_id = invite(client, "oops@a.example").json()["id"]
    token = token_of(emailed("oops@a.example"))
    assert client.delete(f"/api/v1/invitations/{invitation_id}/").status_code == 204
    assert client.get("/api/v1/invitations/").json()["results"] == []
    assert accept(api_client_for, token).status_code == 400
    assert not User.objects.filter(email="oops@a.example").exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVITATION_REVOKE)
    assert (event.actor_user, event.target_id) == (admin_a, invitation_id)


def test_inviting_again_renews_the_invitation_and_voids_the_first_link(api_client_for, admin_a):
    client = api_client_for(admin_a)
    first = invite(client, "twice@a.example", role="member").json()
    old_token = token_of(emailed("twice@a.example"))
    second = invite(client, "twice@a.example", role="admin").json()
    new_token = token_of(emailed("twice@a.example"))
    assert second["id"] == first["id"]
    assert second["role"] == "admin"
    assert accept(api_client_for, old_token).status_code == 400
    assert accept(api_client_for, new_token).status_code == 200
    assert User.objects.get(email="twice@a.example").role == "admin"


def test_an_address_taken_before_acceptance_is_a_clear_error(api_client_for, admin_a, org_b):
    invite(api_client_for(admin_a), "race@c.example")
    token = token_of(emailed("race@c.example"))
    User.objects.create_user("RACE@c.example", organization=org_b)
    response = accept(api_client_for, token)
    assert response.status_code == 409
    assert response.json()["error"] == "email_taken"
    assert User.objects.get(email_normalized="race@c.example").organization == org_b


def test_another_organization_cannot_see_or_revoke_an_invitation(
    api_client_for, admin_a, member_a, admin_b
):
    invitation_id = invite(api_client_for(admin_a), "mine@a.example").json()["id"]
    other = api_client_for(admin_b)
    assert other.get("/api/v1/invitations/").json()["results"] == []
    assert other.delete(f"/api/v1/invitations/{invitation_id}/").status_code == 404
    # Members of the inviting organization do not see them either.
    assert api_client_for(member_a).get("/api/v1/invitations/").status_code == 403
    assert Invitation.objects.filter(pk=invitation_id).exists()


def test_invitations_page_with_a_cursor(api_client_for, admin_a):
    client = api_client_for(admin_a)
    for n in range(5):
        invite(client, f"u{n}@a.example")
    first = client.get("/api/v1/invitations/?page_size=3").json()
    second = client.get(first["next"]).json()
    emails = [row["email"] for row in first["results"] + second["results"]]
    assert len(emails) == len(set(emails)) == 5
    assert second["next"] is None


@pytest.mark.django_db(transaction=True)
def test_through_the_worker_each_address_gets_its_own_email(
    api_client_for, admin_a, admin_b, mailbox
):
    client = api_client_for(admin_a)
    invite(client, "invitee@c.example")
    invite(client, "admin@b.example")
    fresh = mailbox.wait_for("invitee@c.example")
    elsewhere = mailbox.wait_for("admin@b.example")
    assert fresh.subject == elsewhere.subject == "You have been invited to Hooklane"
    assert "/login/verify" not in elsewhere.text + elsewhere.html
    assert accept(api_client_for, fresh.token).status_code == 200
    assert User.objects.get(email="invitee@c.example").organization == admin_a.organization


@pytest.fixture
def invite_limits(settings):
    settings.INVITE_RATE_LIMIT_PER_INVITER = 2
    settings.INVITE_RATE_LIMIT_PER_ORGANIZATION = 3
    settings.INVITE_RATE_LIMIT_WINDOW_SECONDS = 3600
    return settings


def test_an_inviter_is_refused_past_their_allowance_and_refusals_count_too(
    api_client_for, admin_a, member_a, admin_b, invite_limits
):
    client = api_client_for(admin_a)
    # A refused invitation (an address already in the organization) spends the allowance.
    assert invite(client, "member@a.example").status_code == 409
    assert invite(client, "one@a.example").status_code == 202
    response = invite(client, "two@a.example")
    assert response.status_code == 429
    assert response.json()["error"] == "rate_limited"
    assert 0 < int(response["Retry-After"]) <= 3600
    assert not Invitation.objects.filter(email="two@a.example").exists()
    # Organization B's admin has an allowance of their own.
    assert invite(api_client_for(admin_b), "three@b.example").status_code == 202


def test_an_organization_is_refused_past_its_allowance_whoever_invites(
    api_client_for, api_key_for, admin_a, admin_b, invite_limits
):
    admin2_a = User.objects.create_user(
        "admin2@a.example", organization=admin_a.organization, role="admin"
    )
    assert invite(api_client_for(admin_a), "one@a.example").status_code == 202
    assert invite(api_client_for(admin2_a), "two@a.example").status_code == 202
    # A key acts for its creator, and counts for the organization like a session.
    assert invite(api_client_for(api_key_for(admin_a)), "three@a.example").status_code == 202
    assert invite(api_client_for(admin2_a), "four@a.example").status_code == 429
    assert not Invitation.objects.filter(email="four@a.example").exists()
    assert invite(api_client_for(admin_b), "five@b.example").status_code == 202
