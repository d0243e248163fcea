"""Sessions: CSRF on every unsafe cookie request, logout and deactivation end them server-side."""

import pytest
from rest_framework.test import APIClient

from hooklane.accounts.models import AuditEvent, User, UserSession
from hooklane.accounts.services import magic_link_issue, user_deactivate

pytestmark = pytest.mark.django_db

LOGIN_POSTS = [
    ("/api/v1/auth/signup/", {"email": "x@new.example", "organization_name": "New"}),
    ("/api/v1/auth/magic-link/", {"email": "admin@a.example"}),
    ("/api/v1/auth/magic-link/verify/", {"token": "any"}),
    ("/api/v1/auth/otp/", {"email": "admin@a.example"}),
    ("/api/v1/auth/otp/verify/", {"email": "admin@a.example", "code": "123456"}),
    ("/api/v1/auth/logout/", {}),
]


def log_in(client, user):
    token = magic_link_issue(user=user)
    response = client.post("/api/v1/auth/magic-link/verify/", {"token": token}, format="json")
    assert response.status_code == 200
    # Login rotates the CSRF token; the SPA reads the new cookie, so does this client.
    client.defaults["HTTP_X_CSRFTOKEN"] = client.cookies["csrftoken"].value
    return response


@pytest.mark.parametrize(("path", "body"), LOGIN_POSTS, ids=[path for path, _ in LOGIN_POSTS])
def test_login_endpoints_refuse_a_post_without_the_csrf_token(admin_a, path, body):
    # Even anonymous: otherwise a cross-site form could log a victim in as the attacker.
    response = APIClient(enforce_csrf_checks=True).post(path, body, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_a_logged_in_session_needs_the_csrf_token_to_write(api_client_for, admin_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(admin_a)
    response = client.patch("/api/v1/organization/", {"name": "Forged"}, format="json")
    assert response.status_code == 403
    admin_a.organization.refresh_from_db()
    assert admin_a.organization.name == "Org A"
    # Reads need no token, and the same session with the token may write.
    assert client.get("/api/v1/organization/").status_code == 200
    token = client.get("/api/v1/auth/csrf/").json()["csrf_token"]
    response = client.patch(
        "/api/v1/organization/", {"name": "Real"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200


def test_an_api_key_needs_no_csrf_token(api_client_for, api_key_for, admin_a):
    client = api_client_for(api_key_for(admin_a))
    assert (
        client.patch("/api/v1/organization/", {"name": "Scripted"}, format="json").status_code
        == 200
    )


def test_the_csrf_endpoint_sets_the_cookie_the_spa_reads(admin_a):
    response = APIClient().get("/api/v1/auth/csrf/")
    assert response.status_code == 200
    cookie = response.cookies["csrftoken"]
    assert not cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert response.json()["csrf_token"]


def test_login_gives_a_new_session_key(api_client_for, admin_a):
    client = api_client_for(None)
    client.get("/api/v1/auth/csrf/")
    before = client.cookies.get("sessionid")
    log_in(client, admin_a)
    assert client.cookies["sessionid"].value != (before.value if before else None)


def test_me_needs_a_login(api_client_for):
    response = api_client_for(None).get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_me_answers_for_an_api_key_too(api_client_for, api_key_for, member_a):
    body = api_client_for(api_key_for(member_a, scope="read")).get("/api/v1/auth/me/").json()
    assert body["email"] == "member@a.example"
    assert body["role"] == "member"


def test_logout_ends_the_session_on_the_server(api_client_for, admin_a):
    client = api_client_for(None)
    log_in(client, admin_a)
    stolen = client.cookies["sessionid"].value
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/auth/me/").status_code == 401
    assert not UserSession.objects.filter(user=admin_a).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGOUT, actor_user=admin_a).exists()
    # A copy of the old cookie is worthless too.
    replay = APIClient()
    replay.cookies["sessionid"] = stolen
    assert replay.get("/api/v1/auth/me/").status_code == 401


def test_logout_without_a_session_is_harmless(api_client_for):
    assert api_client_for(None).post("/api/v1/auth/logout/").status_code == 204


def test_deactivation_ends_every_session_of_that_user_only(api_client_for, admin_a, member_a):
    laptop, phone, admin = api_client_for(None), api_client_for(None), api_client_for(None)
    log_in(laptop, member_a)
    log_in(phone, member_a)
    log_in(admin, admin_a)
    assert UserSession.objects.filter(user=member_a).count() == 2

    response = admin.post(f"/api/v1/users/{member_a.id}/deactivate/")
    assert response.status_code == 200
    assert response.json()["is_active"] is False

    assert not UserSession.objects.filter(user=member_a).exists()
    assert laptop.get("/api/v1/auth/me/").status_code == 401
    assert phone.get("/api/v1/auth/me/").status_code == 401
    assert admin.get("/api/v1/auth/me/").status_code == 200

    # Reactivation lets the user log in again, but the old sessions stay dead.
    assert admin.post(f"/api/v1/users/{member_a.id}/reactivate/").status_code == 200
    assert laptop.get("/api/v1/auth/me/").status_code == 401
    log_in(laptop, member_a)
    assert laptop.get("/api/v1/auth/me/").status_code == 200


def test_a_session_saved_after_deactivation_does_not_authenticate(admin_a, member_a):
    # A login racing the deactivation may write its session row after the sessions were
    # deleted; the user's new session hash still refuses it, even after reactivation.
    client = APIClient()
    client.force_login(member_a)
    stale = User.objects.get(pk=member_a.pk)
    user_deactivate(user=stale)
    client.force_login(member_a)  # the racing login, holding the pre-deactivation row
    User.objects.filter(pk=member_a.pk).update(is_active=True)
    assert client.get("/api/v1/auth/me/").status_code == 401
