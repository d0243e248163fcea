"""openapi.yaml at the repo root is generated; it must match what the code describes."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

REPO = Path(__file__).resolve().parents[4]


def test_openapi_yaml_is_current_and_valid():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    committed = (REPO / "openapi.yaml").read_text()
    assert out.getvalue() == committed, "openapi.yaml is stale: run `make openapi` and commit it"
