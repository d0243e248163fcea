"""Brute force against login, as an attacker with as many client addresses as they like
(behind a trusted proxy, each X-Forwarded-For is a fresh per-IP budget). The per-address
limits still bound the attack: at most AUTH_RATE_LIMIT_PER_EMAIL codes per window, each
voided after OTP_MAX_TRIES wrong guesses, so a window holds at most their product of
guesses against a one-in-a-million code. The single limits are tested one by one in
hooklane/accounts/tests (test_rate_limits.py, test_login_otp.py, test_login_magic_link.py)."""

import pytest

from hooklane.core.redis import redis_client

pytestmark = pytest.mark.django_db


def live_codes() -> int:
    return sum(1 for _ in redis_client().scan_iter(match="otp:*"))


def test_many_addresses_get_a_bounded_number_of_guesses_at_one_account(
    api_client_for, member_a, settings
):
    settings.TRUSTED_PROXY = True
    client = api_client_for(None)
    issued = guesses_at_a_live_code = logged_in = 0

    for round_ in range(15):
        asked = client.post(
            "/api/v1/auth/otp/",
            {"email": member_a.email},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.18.{round_}.1",
        )
        assert asked.status_code in (202, 429)
        issued += asked.status_code == 202
        for guess in range(8):
            live = live_codes()
            tried = client.post(
                "/api/v1/auth/otp/verify/",
                {"email": member_a.email, "code": f"{(round_ * 8 + guess) * 7919 % 10**6:06d}"},
                format="json",
                HTTP_X_FORWARDED_FOR=f"198.19.{round_}.{guess}",
            )
            logged_in += tried.status_code == 200
            assert tried.status_code in (200, 400, 429)
            guesses_at_a_live_code += bool(live) and tried.status_code == 400

    assert issued == settings.AUTH_RATE_LIMIT_PER_EMAIL
    assert guesses_at_a_live_code <= issued * settings.OTP_MAX_TRIES
    assert logged_in == 0


def test_made_up_link_tokens_from_many_addresses_never_log_in(api_client_for, admin_a, settings):
    settings.TRUSTED_PROXY = True
    client = api_client_for(None)

    answers = {
        client.post(
            "/api/v1/auth/magic-link/verify/",
            {"token": f"{n:043d}"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.18.0.{n}",
        ).status_code
        for n in range(60)
    }

    assert answers == {400}
