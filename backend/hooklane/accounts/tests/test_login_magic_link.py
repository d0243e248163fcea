"""Magic links: emailed by the real worker, spent once, expiring, starting a real session."""

import hashlib
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from hooklane.accounts.models import AuditEvent, User, UserSession
from hooklane.accounts.services import magic_link_issue
from hooklane.core.redis import redis_client

from .helpers import expire_now

VERIFY = "/api/v1/auth/magic-link/verify/"


def verify(client, token):
    return client.post(VERIFY, {"token": token}, format="json")


@pytest.mark.django_db(transaction=True)
def test_it_emails_a_link_that_logs_the_user_in(api_client_for, admin_a, mailbox, settings):
    client = api_client_for(None)
    response = client.post("/api/v1/auth/magic-link/", {"email": "Admin@A.example"}, format="json")
    assert response.status_code == 202

    message = mailbox.wait_for("admin@a.example")
    assert message.subject == "Your Hooklane login link"
    assert message.link.startswith(f"{settings.PUBLIC_BASE_URL}/login/verify?token=")
    assert message.link in message.html

    response = verify(client, message.token)
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "admin@a.example"
    assert body["role"] == "admin"
    assert body["organization"] == {
        "id": str(admin_a.organization_id),
        "name": "Org A",
        "slug": "org-a",
        "retention_days": 30,
    }
    assert body["last_login_at"] is not None

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert client.get("/api/v1/auth/me/").json()["email"] == "admin@a.example"
    admin_a.refresh_from_db()
    assert admin_a.last_login_at is not None
    assert UserSession.objects.filter(user=admin_a).count() == 1
    login = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN)
    assert login.actor_user == admin_a
    assert login.metadata == {"method": "magic_link"}
    assert login.ip == "127.0.0.1"


def test_redis_holds_only_a_digest_of_the_token(admin_a):
    token = magic_link_issue(user=admin_a)
    keys = [key.decode() for key in redis_client().scan_iter(match="magic_token:*")]
    assert len(keys) == 1
    assert token not in keys[0]
    assert redis_client().get(keys[0]).decode().startswith(f"{admin_a.id}:")
    assert 0 < redis_client().ttl(keys[0]) <= 15 * 60


def test_a_link_works_only_once(api_client_for, admin_a):
    token = magic_link_issue(user=admin_a)
    assert verify(api_client_for(None), token).status_code == 200
    response = verify(api_client_for(None), token)
    assert response.status_code == 400
    assert response.json()["error"] == "login_failed"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_verifies_of_one_link_let_exactly_one_in(api_client_for, admin_a):
    token = magic_link_issue(user=admin_a)
    clients = [api_client_for(None) for _ in range(2)]
    barrier = threading.Barrier(2)
    statuses = []

    def attempt(client: APIClient) -> None:
        try:
            barrier.wait()
            statuses.append(verify(client, token).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 400]
    assert UserSession.objects.filter(user=admin_a).count() == 1


def test_an_expired_link_is_refused(api_client_for, admin_a):
    token = magic_link_issue(user=admin_a)
    key = f"magic_token:{hashlib.sha256(token.encode()).hexdigest()}"
    # Redis holds it for the link's lifetime, then expires it itself; shorten that to 1 ms.
    assert 0 < redis_client().ttl(key) <= 900
    expire_now(key)
    response = verify(api_client_for(None), token)
    assert response.status_code == 400
    assert response.json()["error"] == "login_failed"
    admin_a.refresh_from_db()
    assert admin_a.last_login_at is None


def test_a_link_of_a_user_deactivated_since_is_refused(api_client_for, admin_a, member_a):
    token = magic_link_issue(user=member_a)
    User.objects.filter(pk=member_a.pk).update(is_active=False)
    assert verify(api_client_for(None), token).status_code == 400


def test_a_made_up_token_is_refused_with_the_same_answer(api_client_for, admin_a):
    good = magic_link_issue(user=admin_a)
    redis_client().delete(*redis_client().keys("magic_token:*"))
    spent = verify(api_client_for(None), good)
    made_up = verify(api_client_for(None), "x" * 43)
    assert spent.status_code == made_up.status_code == 400
    assert spent.json() == made_up.json()
