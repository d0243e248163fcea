"""One address, however it is spelled: NFKC + case folding in Python and in the database."""

import pytest
from django.db import IntegrityError, transaction

from hooklane.accounts.models import Invitation, Organization, User, normalize_email
from hooklane.accounts.services import invitation_email_send, otp_issue

from .test_rate_limits import ask

pytestmark = pytest.mark.django_db

ADDRESS = "sam@strasse.example"
# Each passes the API's email validation and differs from ADDRESS after a plain lower().
LOOKALIKES = [
    "SAM@STRASSE.EXAMPLE",
    "\u017fam@strasse.example",  # LATIN SMALL LETTER LONG S folds to s
    "sam@stra\u00dfe.example",  # ß folds to ss
    "sam@\uff53\uff54\uff52\uff41\uff53\uff53\uff45.example",  # fullwidth letters
    "Sam@Stra\u00dfe.\uff25xample",
]


@pytest.fixture
def sam(org_a):
    return User.objects.create_user(ADDRESS, organization=org_a)


def test_every_lookalike_normalizes_to_the_address_and_others_stay_apart():
    assert {normalize_email(spelling) for spelling in LOOKALIKES} == {ADDRESS}
    assert normalize_email(" \u212aate@A.example ") == "kate@a.example"  # KELVIN SIGN
    assert normalize_email("sam@strasse.example") != normalize_email("sam@strase.example")


def test_the_database_refuses_a_second_spelling_of_an_address(sam, org_b):
    for spelling in LOOKALIKES:
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.create_user(spelling, organization=org_b)
    assert User.objects.get(email_normalized=ADDRESS) == sam


@pytest.mark.parametrize(
    "path", ["/api/v1/auth/magic-link/", "/api/v1/auth/otp/", "/api/v1/auth/signup/"]
)
def test_lookalike_spellings_share_one_request_allowance(api_client_for, settings, sam, path):
    settings.AUTH_RATE_LIMIT_PER_EMAIL = 3
    settings.AUTH_RATE_LIMIT_PER_IP = 100
    client = api_client_for(None)
    statuses = [ask(client, path, spelling).status_code for spelling in LOOKALIKES]
    assert statuses == [202, 202, 202, 429, 429]
    # Another address keeps its own allowance.
    assert ask(client, path, "other@strasse.example").status_code == 202


def test_lookalike_spellings_share_one_codes_tries(api_client_for, settings, sam):
    settings.OTP_MAX_TRIES = 5
    code = otp_issue(user=sam)
    client = api_client_for(None)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for spelling in LOOKALIKES:
        response = client.post("/api/v1/auth/otp/verify/", {"email": spelling, "code": wrong})
        assert response.status_code == 400
    # Five wrong guesses under five spellings voided the code, as five under one would.
    response = client.post("/api/v1/auth/otp/verify/", {"email": ADDRESS, "code": code})
    assert response.status_code == 400


def test_a_code_verifies_under_any_spelling_of_its_address(api_client_for, sam):
    code = otp_issue(user=sam)
    response = api_client_for(None).post(
        "/api/v1/auth/otp/verify/", {"email": LOOKALIKES[-1], "code": code}
    )
    assert response.status_code == 200
    assert response.json()["email"] == ADDRESS


def test_signing_up_under_a_lookalike_creates_nothing(api_client_for, settings, sam):
    settings.AUTH_RATE_LIMIT_PER_EMAIL = 100
    client = api_client_for(None)
    for n, spelling in enumerate(LOOKALIKES):
        response = client.post(
            "/api/v1/auth/signup/", {"email": spelling, "organization_name": f"Twin {n}"}
        )
        assert response.status_code == 202
    assert not Organization.objects.filter(name__startswith="Twin").exists()
    assert list(User.objects.values_list("email", flat=True)) == [ADDRESS]


def test_inviting_a_lookalike_creates_no_second_account(api_client_for, admin_a, admin_b, sam):
    client = api_client_for(admin_b)
    for spelling in LOOKALIKES:
        client.post("/api/v1/invitations/", {"email": spelling}, format="json")
    # One pending invitation for the one address, and no link it could accept.
    invitation = Invitation.objects.get(organization=admin_b.organization)
    assert invitation_email_send(invitation_id=str(invitation.id))
    assert invitation.email_normalized == ADDRESS
    assert Invitation.objects.get().token_hash is None
    assert User.objects.filter(email_normalized=ADDRESS).count() == 1
    # In Sam's own organization every spelling is the member Sam already is.
    for spelling in LOOKALIKES:
        response = api_client_for(admin_a).post("/api/v1/invitations/", {"email": spelling})
        assert response.status_code == 409
    assert not User.objects.filter(organization=admin_b.organization).exclude(pk=admin_b.pk)
