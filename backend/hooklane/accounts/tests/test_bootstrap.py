"""`manage.py bootstrap` creates an organization and admin once, however often it runs."""

import re

import pytest
from django.core.management import CommandError, call_command

from hooklane.accounts.models import Organization, User

pytestmark = pytest.mark.django_db


def test_bootstrap_creates_an_organization_and_admin(capsys):
    call_command("bootstrap", "--org", "Acme", "--email", "CTO@acme.example")
    user = User.objects.get()
    assert user.email == "cto@acme.example"
    assert user.role == User.Role.ADMIN
    assert user.organization.name == "Acme"
    assert "Created cto@acme.example" in capsys.readouterr().out


def test_bootstrap_is_idempotent(capsys):
    for _ in range(3):
        call_command("bootstrap", "--org", "Acme", "--email", "cto@acme.example")
    assert Organization.objects.count() == 1
    assert User.objects.count() == 1
    assert "Found cto@acme.example" in capsys.readouterr().out


def test_bootstrap_restores_a_deactivated_or_demoted_admin():
    call_command("bootstrap", "--org", "Acme", "--email", "cto@acme.example")
    User.objects.update(is_active=False, role=User.Role.MEMBER)
    call_command("bootstrap", "--org", "Acme", "--email", "cto@acme.example")
    user = User.objects.get()
    assert user.is_active and user.role == User.Role.ADMIN


def test_bootstrap_refuses_a_bad_email():
    with pytest.raises(CommandError, match="not an email"):
        call_command("bootstrap", "--org", "Acme", "--email", "nope")
    assert not Organization.objects.exists()


def test_bootstrap_prints_a_link_that_logs_the_admin_in(capsys, api_client_for):
    call_command("bootstrap", "--org", "Acme", "--email", "cto@acme.example")
    out = capsys.readouterr().out
    match = re.search(r"http://\S+/login/verify\?token=([\w-]+)", out)
    assert match, out
    client = api_client_for(None)
    response = client.post(
        "/api/v1/auth/magic-link/verify/", {"token": match.group(1)}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["email"] == "cto@acme.example"
    assert response.json()["role"] == "admin"
