"""The accounts endpoints in the access matrix (see access.py)."""

from hooklane.accounts.models import ApiKey, User
from hooklane.accounts.services import api_key_create, invitation_create

from .access import Endpoint, World

PUBLIC = {
    "auth-csrf",
    "auth-signup",
    "auth-magic-link",
    "auth-magic-link-verify",
    "auth-otp",
    "auth-otp-verify",
    "auth-logout",
}


def _spare_member(world: World) -> dict:
    user = User.objects.create_user("spare@a.example", organization=world.org_a)
    return {"pk": user.pk}


def _inactive_member(world: World) -> dict:
    user = User.objects.create_user("gone@a.example", organization=world.org_a, is_active=False)
    return {"pk": user.pk}


def _invitation(world: World) -> dict:
    invitation = invitation_create(
        organization=world.org_a, email="pending@a.example", role="member"
    )
    return {"pk": invitation.pk}


def _spare_key(world: World) -> dict:
    key, _secret = api_key_create(created_by=world.admin_a, name="spare", scope="read")
    return {"pk": key.pk}


def _any_key(world: World) -> dict:
    return {"pk": ApiKey.objects.filter(organization=world.org_a).first().pk}


ENDPOINTS = [
    Endpoint("auth-me", "get", "member"),
    Endpoint("organization", "get", "member"),
    Endpoint("organization", "patch", "admin", body=lambda w: {"retention_days": 45}),
    Endpoint("user-list", "get", "member"),
    Endpoint("invitation-list", "get", "admin"),
    Endpoint(
        "invitation-list",
        "post",
        "admin",
        body=lambda w: {"email": "invitee@a.example", "role": "member"},
        ok=202,
    ),
    Endpoint("invitation-detail", "delete", "admin", kwargs=_invitation, ok=204),
    Endpoint("user-detail", "get", "member", kwargs=_spare_member),
    Endpoint(
        "user-detail", "patch", "admin", kwargs=_spare_member, body=lambda w: {"role": "admin"}
    ),
    Endpoint("user-deactivate", "post", "admin", kwargs=_spare_member),
    Endpoint("user-reactivate", "post", "admin", kwargs=_inactive_member),
    Endpoint("api-key-list", "get", "member"),
    Endpoint("api-key-list", "post", "admin", body=lambda w: {"name": "matrix"}, ok=201),
    Endpoint("api-key-detail", "get", "member", kwargs=_any_key),
    Endpoint("api-key-revoke", "post", "admin", kwargs=_spare_key),
    Endpoint("audit-event-list", "get", "admin"),
]
