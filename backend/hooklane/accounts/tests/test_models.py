"""The seed's model decisions hold in the database itself."""

import pytest
from django.db import IntegrityError, transaction

from hooklane.accounts.models import Organization, User

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


def test_retention_days_must_be_positive(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=org.pk).update(retention_days=0)
