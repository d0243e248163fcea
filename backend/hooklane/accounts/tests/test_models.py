"""The seed's model decisions hold in the database itself."""

import pytest
from django.db import IntegrityError, transaction

from hooklane.accounts.models import Organization, User
from hooklane.webhooks.models import WebhookLog, WebhookProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return Organization.objects.create(name="Acme Corp", slug="acme-corp")


def test_email_is_unique_regardless_of_case(org):
    User.objects.create_user("cto@acme.example", organization=org)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("CTO@Acme.Example", organization=org)


def test_the_database_refuses_a_case_variant_even_past_save(org):
    User.objects.create_user("cto@acme.example", organization=org)
    # A raw UPDATE skips save()'s lower-casing; the functional unique index still holds.
    other = User.objects.create_user("cfo@acme.example", organization=org)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=other.pk).update(email="CTO@acme.example")


def test_email_is_stored_lower_cased(org):
    user = User.objects.create_user("  Mixed@Case.Example ", organization=org)
    user.refresh_from_db()
    assert user.email == "mixed@case.example"


def test_users_are_passwordless(org):
    user = User.objects.create_user("a@acme.example", organization=org)
    assert not user.has_usable_password()
    assert user.last_login_at is None


def test_user_str_names_the_organization(org):
    user = User.objects.create_user("a@acme.example", organization=org)
    assert str(user) == "a@acme.example (Acme Corp)"


def test_users_are_listed_newest_first(org):
    first = User.objects.create_user("first@acme.example", organization=org)
    second = User.objects.create_user("second@acme.example", organization=org)
    assert list(org.users.all()) == [second, first]


def test_deleting_an_organization_cascades_to_everything_it_owns(org):
    User.objects.create_user("a@acme.example", organization=org)
    provider = WebhookProvider.objects.create(
        organization=org, provider_name="github", display_name="GitHub"
    )
    WebhookLog.objects.create(organization=org, provider=provider, body=b"{}")
    org.delete()
    assert User.objects.count() == 0
    assert WebhookProvider.objects.count() == 0
    assert WebhookLog.objects.count() == 0


def test_organization_to_dict_counts_its_webhooks(org):
    provider = WebhookProvider.objects.create(
        organization=org, provider_name="none", display_name="Anything"
    )
    for _ in range(3):
        WebhookLog.objects.create(organization=org, provider=provider, body=b"x")
    data = org.to_dict()
    assert data["webhook_count"] == 3
    assert data["name"] == "Acme Corp"
    assert data["id"] == str(org.id)
    assert data["retention_days"] == 30


def test_retention_days_must_be_positive(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=org.pk).update(retention_days=0)
