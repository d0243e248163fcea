"""One-time codes: emailed by the real worker, stored hashed, five tries, replaced on request."""

import hashlib

import pytest

from hooklane.accounts.models import AuditEvent, UserSession
from hooklane.accounts.services import otp_issue
from hooklane.core.redis import redis_client

from .helpers import expire_now

VERIFY = "/api/v1/auth/otp/verify/"


def verify(client, email, code):
    return client.post(VERIFY, {"email": email, "code": code}, format="json")


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


@pytest.mark.django_db(transaction=True)
def test_it_emails_a_code_that_logs_the_user_in(api_client_for, member_a, mailbox):
    client = api_client_for(None)
    response = client.post("/api/v1/auth/otp/", {"email": "member@a.example"}, format="json")
    assert response.status_code == 202

    message = mailbox.wait_for("member@a.example")
    assert message.subject == f"{message.code} is your Hooklane login code"
    assert message.code in message.html

    response = verify(client, "MEMBER@a.example", message.code)
    assert response.status_code == 200
    assert response.json()["email"] == "member@a.example"
    assert response.json()["role"] == "member"
    assert client.get("/api/v1/auth/me/").status_code == 200
    assert UserSession.objects.filter(user=member_a).count() == 1
    assert AuditEvent.objects.get(action=AuditEvent.Action.LOGIN).metadata == {"method": "otp"}


def test_redis_holds_only_a_keyed_hash_of_the_code(member_a):
    code = otp_issue(user=member_a)
    (key,) = redis_client().scan_iter(match="otp:*")
    stored = redis_client().hgetall(key)
    assert b"member@a.example" not in key
    assert code.encode() not in stored[b"code"]
    assert stored[b"tries"] == b"0"
    assert 0 < redis_client().ttl(key) <= 5 * 60


def test_a_code_works_only_once(api_client_for, member_a):
    code = otp_issue(user=member_a)
    assert verify(api_client_for(None), "member@a.example", code).status_code == 200
    assert verify(api_client_for(None), "member@a.example", code).status_code == 400


def test_five_wrong_codes_void_the_code(api_client_for, member_a):
    code = otp_issue(user=member_a)
    client = api_client_for(None)
    for _ in range(5):
        response = verify(client, "member@a.example", wrong(code))
        assert response.status_code == 400
        assert response.json()["error"] == "login_failed"
    assert verify(client, "member@a.example", code).status_code == 400
    assert not list(redis_client().scan_iter(match="otp:*"))


def test_four_wrong_codes_still_leave_the_right_one_usable(api_client_for, member_a):
    code = otp_issue(user=member_a)
    client = api_client_for(None)
    for _ in range(4):
        assert verify(client, "member@a.example", wrong(code)).status_code == 400
    assert verify(client, "member@a.example", code).status_code == 200


def test_asking_again_replaces_the_code_and_its_tries(api_client_for, member_a):
    first = otp_issue(user=member_a)
    client = api_client_for(None)
    for _ in range(4):
        verify(client, "member@a.example", wrong(first))
    second = otp_issue(user=member_a)
    if first != second:
        assert verify(client, "member@a.example", first).status_code == 400
    for _ in range(3):
        verify(client, "member@a.example", wrong(second))
    assert verify(client, "member@a.example", second).status_code == 200


def test_an_expired_code_is_refused(api_client_for, member_a):
    code = otp_issue(user=member_a)
    key = f"otp:{hashlib.sha256(b'member@a.example').hexdigest()}"
    # Redis holds it for the code's lifetime, then expires it itself; shorten that to 1 ms.
    assert 0 < redis_client().ttl(key) <= 300
    expire_now(key)
    assert verify(api_client_for(None), "member@a.example", code).status_code == 400


def test_a_code_is_bound_to_its_address(api_client_for, member_a, admin_a):
    code = otp_issue(user=member_a)
    assert verify(api_client_for(None), "admin@a.example", code).status_code == 400
    assert verify(api_client_for(None), "member@a.example", code).status_code == 200


def test_a_wrong_code_for_a_known_address_is_audited(api_client_for, member_a):
    code = otp_issue(user=member_a)
    verify(api_client_for(None), "member@a.example", wrong(code))
    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert event.organization == member_a.organization
    assert event.target_id == str(member_a.id)
    assert event.actor_user is None
    assert event.metadata == {"method": "otp"}


def test_a_code_must_be_six_digits(api_client_for, member_a):
    response = verify(api_client_for(None), "member@a.example", "12345a")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert "code" in response.json()["fields"]
