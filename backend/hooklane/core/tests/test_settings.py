"""Production settings refuse unsafe values, naming the variable to fix."""

import json
import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings

from hooklane.core.encryption import development_key

BACKEND = Path(__file__).resolve().parents[3]
GOOD_KEY = "x" * 50


def load_settings(*, unset: tuple[str, ...] = (), **env) -> subprocess.CompletedProcess:
    inherited = {name: value for name, value in os.environ.items() if name not in unset}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BACKEND,
        env={**inherited, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_the_development_secret_key_when_debug_is_off():
    result = load_settings(DEBUG="false", SECRET_KEY="", ALLOWED_HOSTS="hooks.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_refuses_wildcard_hosts_when_debug_is_off():
    result = load_settings(DEBUG="false", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_it_refuses_a_malformed_boolean_naming_the_variable():
    result = load_settings(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_it_starts_with_a_safe_production_configuration():
    result = load_settings(DEBUG="false", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="hooks.example.com")
    assert result.returncode == 0, result.stderr


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "hooks.example.com"}


def test_it_refuses_to_start_without_an_encryption_key_when_debug_is_off():
    result = load_settings(unset=("SECRETS_ENCRYPTION_KEYS",), **PRODUCTION)
    assert result.returncode != 0
    assert "SECRETS_ENCRYPTION_KEYS must list at least one key" in result.stderr


def test_it_refuses_the_development_encryption_key_when_debug_is_off():
    dev = development_key(settings.DEV_SECRET_KEY)
    result = load_settings(
        **PRODUCTION, SECRETS_ENCRYPTION_KEYS=f"{Fernet.generate_key().decode()},{dev}"
    )
    assert result.returncode != 0
    assert "SECRETS_ENCRYPTION_KEYS must not hold the development key" in result.stderr


def test_it_refuses_a_malformed_encryption_key_naming_its_position():
    good = Fernet.generate_key().decode()
    for bad in ("short", "!" * 44, good[:-4]):
        result = load_settings(SECRETS_ENCRYPTION_KEYS=f"{good},{bad}")
        assert result.returncode != 0
        assert "SECRETS_ENCRYPTION_KEYS: key 2 is not a Fernet key" in result.stderr


def test_development_needs_no_encryption_key_of_its_own():
    result = load_settings(unset=("SECRETS_ENCRYPTION_KEYS",), DEBUG="true")
    assert result.returncode == 0, result.stderr


def log_one_line(**env) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, logging; django.setup(); logging.getLogger('hooklane').warning('hi')",
        ],
        cwd=BACKEND,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_logs_are_json_lines_in_production_and_text_in_development():
    production = {"DEBUG": "false", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "hooks.example.com"}
    assert json.loads(log_one_line(**production))["message"] == "hi"
    assert log_one_line(DEBUG="true").endswith("[hooklane]")
    assert json.loads(log_one_line(DEBUG="true", LOG_FORMAT="json"))["level"] == "warning"
    assert not log_one_line(**production, LOG_FORMAT="text").startswith("{")


def test_it_refuses_an_unknown_log_format():
    result = load_settings(LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or text" in result.stderr


def example_env_value(name: str) -> str:
    for line in (BACKEND.parent / ".env.example").read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.partition("=")[2]
    raise AssertionError(f"{name} is not in .env.example")


def test_it_refuses_the_placeholder_secret_key_of_the_example_env_file():
    placeholder = example_env_value("SECRET_KEY")
    assert len(placeholder) >= 32  # so only the check below can refuse it
    result = load_settings(DEBUG="false", SECRET_KEY=placeholder, ALLOWED_HOSTS="hooks.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def https_settings(**env) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; django.setup(); from django.conf import settings as s; "
            "print(json.dumps({name: getattr(s, name) for name in ("
            "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', "
            "'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER')}))",
        ],
        cwd=BACKEND,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "hooks.example.com",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_https_settings_come_from_the_environment():
    assert https_settings() == {
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }
    assert https_settings(
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_SSL_REDIRECT="true",
        TRUSTED_PROXY="true",
    ) == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_SSL_REDIRECT": True,
        # X-Forwarded-Proto decides is_secure() only behind a trusted proxy.
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }
