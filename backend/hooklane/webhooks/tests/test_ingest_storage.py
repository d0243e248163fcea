"""What ingest stores: the exact bytes, a payload only when jsonb can hold it, bounded sizes."""

import io
import json

import pytest

from hooklane.webhooks.models import WebhookLog

from .senders import ingest_path, make_provider, post, stripe_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_provider(org_a):
    return make_provider(org_a, "none")


def stored(client, provider, body: bytes, content_type: str = "application/json") -> WebhookLog:
    response = client.post(ingest_path(provider), body, content_type=content_type)
    assert response.status_code == 200, response.content
    return WebhookLog.objects.get(id=response.json()["id"])


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\x00binary\x00\x80\x81 not utf-8",
        "caf\u00e9".encode("latin-1"),
        b"<xml>\r\n  <a>1</a>\r\n</xml>\r\n",
        b"   ",
        b"",
    ],
)
def test_it_stores_bodies_byte_for_byte(client, open_provider, body):
    log = stored(client, open_provider, body, "application/octet-stream")

    assert bytes(log.body) == body
    assert log.size_bytes == len(body)
    assert log.payload is None


def test_it_keeps_the_exact_json_bytes_and_parses_the_payload(client, open_provider):
    body = b'{ "b":1,\n"a" : [1.50, "\\u00e9"] }'

    log = stored(client, open_provider, body)

    assert bytes(log.body) == body
    assert log.payload == {"a": [1.5, "\u00e9"], "b": 1}


def test_it_parses_json_whatever_the_content_type_says(client, open_provider):
    assert stored(client, open_provider, b'{"a": 1}', "text/plain").payload == {"a": 1}


def test_it_stores_a_form_body_as_lists_of_values(client, open_provider):
    log = stored(client, open_provider, b"a=1&b=&a=caf%C3%A9", "application/x-www-form-urlencoded")

    assert log.payload == {"a": ["1", "caf\u00e9"], "b": [""]}


@pytest.mark.parametrize(
    "body",
    [
        b'{"a": "nul \\u0000 inside"}',
        b'{"a": "lone \\ud800 surrogate"}',
        b'{"a": NaN}',
        b'{"a": 1e999}',
        b"[" * 5000 + b"]" * 5000,
        b'{"a": 1',
    ],
)
def test_it_stores_json_that_jsonb_cannot_hold_without_a_payload(client, open_provider, body):
    log = stored(client, open_provider, body)

    assert bytes(log.body) == body
    assert log.payload is None


def test_a_form_value_with_a_nul_is_stored_without_a_payload(client, open_provider):
    log = stored(client, open_provider, b"a=%00", "application/x-www-form-urlencoded")

    assert (bytes(log.body), log.payload) == (b"a=%00", None)


def test_it_cuts_an_over_long_event_type(client, org_a):
    provider = make_provider(org_a, "stripe")
    body = json.dumps({"id": "evt_long_type", "type": "t" * 1000}).encode()

    response = post(client, provider, stripe_event(body=body))

    assert WebhookLog.objects.get(id=response.json()["id"]).event_type == "t" * 255


def test_it_hashes_an_over_long_event_id_and_still_deduplicates_it(client, org_a):
    provider = make_provider(org_a, "stripe")
    body = json.dumps({"id": "e" * 300, "type": "invoice.paid"}).encode()

    first = post(client, provider, stripe_event(body=body)).json()
    second = post(client, provider, stripe_event(body=body)).json()

    log = WebhookLog.objects.get(id=first["id"])
    assert log.external_id.startswith("sha256:") and len(log.external_id) == 71
    assert second == {"id": first["id"], "status": "received", "duplicate": True}


def test_it_hashes_an_event_id_holding_a_nul(client, org_a):
    provider = make_provider(org_a, "stripe")
    body = b'{"id": "evt_\\u0000", "type": "invoice.paid"}'

    response = post(client, provider, stripe_event(body=body))

    assert response.status_code == 200
    assert WebhookLog.objects.get(id=response.json()["id"]).external_id.startswith("sha256:")


# Size limits -----------------------------------------------------------------------------


def test_it_refuses_a_declared_length_over_the_limit_before_reading(client, org_a, settings):
    settings.INGEST_MAX_BODY_BYTES = 1000
    provider = make_provider(org_a, "none")

    # wsgi.input holds less than declared: reading it would fail, so a 413 proves no read.
    response = client.post(
        ingest_path(provider),
        b"",
        content_type="application/json",
        CONTENT_LENGTH="5000",
        **{"wsgi.input": io.BytesIO(b"{}")},
    )

    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"
    assert not WebhookLog.objects.exists()


def test_it_accepts_a_body_of_exactly_the_limit(client, org_a, settings):
    settings.INGEST_MAX_BODY_BYTES = 1000
    provider = make_provider(org_a, "none")

    assert (
        client.post(ingest_path(provider), b"x" * 1000, content_type="text/plain").status_code
        == 200
    )
    assert (
        client.post(ingest_path(provider), b"x" * 1001, content_type="text/plain").status_code
        == 413
    )


@pytest.mark.parametrize("declared", [None, "10"], ids=["absent", "lying"])
def test_it_refuses_while_reading_when_the_length_is_absent_or_lies(
    client, org_a, settings, declared
):
    settings.INGEST_MAX_BODY_BYTES = 1000
    provider = make_provider(org_a, "none")
    environ = {"wsgi.input": io.BytesIO(b"x" * 5000), "wsgi.input_terminated": True}
    environ["CONTENT_LENGTH"] = declared or ""

    response = client.post(ingest_path(provider), b"", content_type="text/plain", **environ)

    assert response.status_code == 413
    assert not WebhookLog.objects.exists()


def test_it_reads_a_body_without_content_length_from_a_terminated_input(client, org_a):
    provider = make_provider(org_a, "none")
    environ = {"wsgi.input": io.BytesIO(b"chunked body"), "wsgi.input_terminated": True}

    response = client.post(
        ingest_path(provider), b"", content_type="text/plain", CONTENT_LENGTH="", **environ
    )

    assert bytes(WebhookLog.objects.get(id=response.json()["id"]).body) == b"chunked body"


def test_the_organizations_limit_overrides_the_default(client, org_a, settings):
    settings.INGEST_MAX_BODY_BYTES = 10
    org_a.max_body_bytes = 2000
    org_a.save()
    provider = make_provider(org_a, "none")

    assert (
        client.post(ingest_path(provider), b"x" * 1500, content_type="text/plain").status_code
        == 200
    )
    assert (
        client.post(ingest_path(provider), b"x" * 2001, content_type="text/plain").status_code
        == 413
    )


def test_it_refuses_a_content_length_that_is_not_a_number(client, org_a):
    provider = make_provider(org_a, "none")

    response = client.post(
        ingest_path(provider), b"{}", content_type="text/plain", CONTENT_LENGTH="-1"
    )

    assert response.status_code == 400
