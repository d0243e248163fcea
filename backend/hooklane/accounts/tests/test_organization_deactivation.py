"""Deactivating an organization shuts it out at once, and nobody else."""

import pytest
from rest_framework.test import APIClient

from hooklane.accounts.models import Organization, User, UserSession
from hooklane.accounts.services import (
    magic_link_issue,
    organization_deactivate,
    organization_reactivate,
    otp_issue,
)

from .test_sessions import log_in

pytestmark = pytest.mark.django_db


def logged_in(user) -> APIClient:
    """A client logged in through the real magic-link endpoint, as the SPA does."""
    client = APIClient(enforce_csrf_checks=True)
    client.defaults["HTTP_X_CSRFTOKEN"] = client.get("/api/v1/auth/csrf/").json()["csrf_token"]
    log_in(client, user)
    assert client.get("/api/v1/auth/me/").status_code == 200
    return client


def test_it_ends_sessions_and_stops_api_keys_at_once(
    api_client_for, api_key_for, admin_a, member_a, admin_b
):
    admin_session, member_session, b_session = (
        logged_in(admin_a),
        logged_in(member_a),
        logged_in(admin_b),
    )
    a_key, b_key = api_client_for(api_key_for(admin_a)), api_client_for(api_key_for(admin_b))

    organization_deactivate(organization=admin_a.organization)

    for client in (admin_session, member_session, a_key):
        response = client.get("/api/v1/organization/")
        assert response.status_code == 401, response.content
    assert not UserSession.objects.filter(user__organization=admin_a.organization).exists()
    # Organization B's people and scripts carry on.
    for client in (b_session, b_key):
        assert client.get("/api/v1/organization/").json()["name"] == "Org B"
    assert UserSession.objects.filter(user=admin_b).exists()


def test_a_session_written_after_deactivation_authenticates_no_one(admin_a):
    organization_deactivate(organization=admin_a.organization)
    # A login that raced the deactivation and wrote its session afterwards.
    client = APIClient()
    client.force_login(admin_a)

    assert client.get("/api/v1/auth/me/").status_code == 401


def test_its_users_cannot_log_in_and_old_links_and_codes_stay_dead(api_client_for, admin_a):
    token = magic_link_issue(user=admin_a)
    code = otp_issue(user=admin_a)
    organization_deactivate(organization=admin_a.organization)
    client = api_client_for(None)

    assert client.post("/api/v1/auth/magic-link/verify/", {"token": token}).status_code == 400
    verify = client.post("/api/v1/auth/otp/verify/", {"email": admin_a.email, "code": code})
    assert verify.status_code == 400
    assert not UserSession.objects.filter(user=admin_a).exists()


def test_reactivation_lets_users_log_in_again_but_revives_no_session(admin_a):
    client = logged_in(admin_a)
    organization_deactivate(organization=admin_a.organization)
    organization_reactivate(organization=admin_a.organization)

    assert client.get("/api/v1/auth/me/").status_code == 401
    assert logged_in(admin_a).get("/api/v1/auth/me/").json()["email"] == admin_a.email


def test_the_django_admin_deactivates_through_the_service(org_a, admin_a, admin_b):
    operator = User.objects.get(pk=admin_b.pk)
    User.objects.filter(pk=operator.pk).update(is_staff=True, is_superuser=True)
    a_session = logged_in(admin_a)
    staff = APIClient()
    staff.force_login(operator)

    response = staff.post(
        "/admin/accounts/organization/",
        {"action": "deactivate", "_selected_action": [str(org_a.pk)]},
    )

    assert response.status_code == 302
    assert Organization.objects.get(pk=org_a.pk).is_active is False
    assert a_session.get("/api/v1/auth/me/").status_code == 401
    assert staff.get("/admin/accounts/organization/").status_code == 200
