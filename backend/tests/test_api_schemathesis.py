"""schemathesis fuzzes every operation in openapi.yaml against the running app.

A live server (the real WSGI app, real PostgreSQL and Redis) takes generated requests with a
write-scoped API key; the run fails on any 5xx or any response that does not match the
schema: status code, content type, headers and body."""

import subprocess
import sys
from pathlib import Path

import pytest

from hooklane.accounts.db_models.api_key_model import hash_key
from hooklane.accounts.models import ApiKey
from hooklane.webhooks.models import WebhookLog, WebhookProvider

REPO = Path(__file__).resolve().parents[2]
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


@pytest.mark.django_db(transaction=True)
def test_every_operation_holds_its_contract_under_generated_input(
    live_server, settings, admin_a, member_a, api_key_for, tmp_path
):
    settings.API_RATE_LIMIT_PER_KEY = 0
    provider = WebhookProvider.objects.create(
        organization=admin_a.organization, provider_name="github", display_name="GitHub"
    )
    WebhookLog.objects.create(
        organization=admin_a.organization,
        provider=provider,
        body=b'{"action": "opened"}',
        payload={"action": "opened"},
        event_type="issues.opened",
        external_id="delivery-1",
    )
    # Operations that can end the caller's own credentials (logout, revoking a key,
    # deactivating or demoting its creator) run last with a key of their own, so they
    # cannot cut the main run short.
    own_credentials = "^/api/v1/(auth/logout|api-keys/[^/]+/revoke|users/[^/]+(/deactivate)?)/$"
    key = api_key_for(admin_a, scope="write")
    main = run_schemathesis(live_server.url, key, tmp_path, "--exclude-path-regex", own_credentials)
    api_key = ApiKey.objects.select_related("created_by", "organization").get(
        key_hash=hash_key(key)
    )
    assert api_key.is_usable(), (
        f"the fuzzer's key stopped working: revoked={api_key.revoked_at} "
        f"creator_active={api_key.created_by.is_active} role={api_key.created_by.role}"
    )
    assert main.returncode == 0, main.stdout[-12000:] + main.stderr[-3000:]

    last_key = api_key_for(admin_a, scope="write", name="last")
    last = run_schemathesis(
        live_server.url, last_key, tmp_path, "--include-path-regex", own_credentials
    )
    assert last.returncode == 0, last.stdout[-12000:] + last.stderr[-3000:]


def run_schemathesis(url: str, key: str, workdir: Path, *selection: str):
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "run",
            str(REPO / "openapi.yaml"),
            "--url",
            url,
            "--header",
            f"Authorization: Bearer {key}",
            "--checks",
            CHECKS,
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "10",
            "--generation-deterministic",
            "--request-timeout",
            "20",
            "--workers",
            "1",
            "--no-color",
            *selection,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=workdir,
    )
