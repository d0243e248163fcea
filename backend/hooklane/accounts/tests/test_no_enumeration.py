"""Whether an address has an account never shows in an answer: only its inbox knows."""

import pytest

from hooklane.accounts.models import User

KNOWN = "member@a.example"
UNKNOWN = "nobody@a.example"

REQUESTS = [
    ("/api/v1/auth/magic-link/", {}),
    ("/api/v1/auth/otp/", {}),
    ("/api/v1/auth/signup/", {"organization_name": "Org A"}),
]


def comparable(response) -> tuple:
    # Everything a caller can see, minus what differs on every response anyway.
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in {"date", "set-cookie", "vary", "x-request-id"}
    }
    return response.status_code, response.content, headers


@pytest.mark.parametrize(("path", "extra"), REQUESTS, ids=[path for path, _ in REQUESTS])
def test_known_and_unknown_addresses_get_identical_answers(api_client_for, member_a, path, extra):
    known = api_client_for(None).post(path, {"email": KNOWN, **extra}, format="json")
    unknown = api_client_for(None).post(path, {"email": UNKNOWN, **extra}, format="json")
    assert known.status_code == 202
    assert comparable(known) == comparable(unknown)


@pytest.mark.parametrize(("path", "extra"), REQUESTS[:2], ids=[path for path, _ in REQUESTS[:2]])
def test_a_deactivated_address_gets_the_same_answer_too(api_client_for, member_a, path, extra):
    User.objects.filter(pk=member_a.pk).update(is_active=False)
    deactivated = api_client_for(None).post(path, {"email": KNOWN, **extra}, format="json")
    unknown = api_client_for(None).post(path, {"email": UNKNOWN, **extra}, format="json")
    assert comparable(deactivated) == comparable(unknown)


@pytest.mark.django_db(transaction=True)
def test_only_the_known_address_receives_mail(api_client_for, member_a, mailbox):
    client = api_client_for(None)
    client.post("/api/v1/auth/magic-link/", {"email": UNKNOWN}, format="json")
    client.post("/api/v1/auth/magic-link/", {"email": KNOWN}, format="json")
    mailbox.wait_for(KNOWN)
    assert mailbox.to(UNKNOWN) == []
