"""`manage.py create_api_key` prints a working key for scripts."""

import pytest
from django.core.management import CommandError, call_command

from hooklane.accounts.models import ApiKey

pytestmark = pytest.mark.django_db


def test_it_prints_a_read_key_that_authenticates(capsys, api_client_for, admin_a):
    call_command("create_api_key", "--email", "ADMIN@a.example", "--name", "CI")
    secret = capsys.readouterr().out.strip()
    key = ApiKey.objects.get()
    assert key.scope == ApiKey.Scope.READ
    assert key.name == "CI"
    assert secret.startswith(key.prefix)
    client = api_client_for(secret)
    assert client.get("/api/v1/auth/me/").json()["email"] == "admin@a.example"
    assert client.patch("/api/v1/organization/", {"name": "X"}, format="json").status_code == 403


def test_a_write_key_can_write(capsys, api_client_for, admin_a):
    call_command("create_api_key", "--email", "admin@a.example", "--name", "CI", "--scope", "write")
    client = api_client_for(capsys.readouterr().out.strip())
    response = client.patch("/api/v1/organization/", {"name": "Renamed"}, format="json")
    assert response.status_code == 200
    assert response.json()["name"] == "Renamed"


def test_it_refuses_an_unknown_or_deactivated_user(admin_a, member_a):
    member_a.is_active = False
    member_a.save()
    for email in ("nobody@a.example", "member@a.example"):
        with pytest.raises(CommandError, match="no active user"):
            call_command("create_api_key", "--email", email, "--name", "CI")
    assert not ApiKey.objects.exists()
