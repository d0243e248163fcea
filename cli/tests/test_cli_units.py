"""The CLI's own pieces, without a server: the SSE reader, the signature it adds, the
config file it writes."""

import os
import stat
import time

import standardwebhooks

from hooklane_cli import config, sse
from hooklane_cli.signing import sign


def test_an_id_only_message_moves_the_resume_point():
    items = list(sse.parse(iter([": ping", "id: 7-0", "", "event: log", "data: {}", ""])))

    assert items == [sse.Event("7-0", "", ""), sse.Event("7-0", "log", "{}")]


def test_it_parses_server_sent_events():
    lines = [
        ": keepalive",
        "id: 1-0",
        "event: log",
        'data: {"a":',
        "data: 1}",
        "",
        "retry: 500",
        "id: 2-0",
        "data: x",
        "",
    ]

    items = list(sse.parse(iter(lines)))

    assert items == [sse.Event("1-0", "log", '{"a":\n1}'), 500, sse.Event("2-0", "message", "x")]


def test_its_signature_verifies_with_the_standard_webhooks_library():
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"type":"invoice.paid","amount":1}\n'

    now = int(time.time())
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(now)}
    headers["webhook-signature"] = sign(secret, "msg_1", now, body)

    standardwebhooks.Webhook(secret).verify(body, headers)


def test_it_writes_the_config_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.delenv("HOOKLANE_URL", raising=False)
    monkeypatch.delenv("HOOKLANE_API_KEY", raising=False)
    monkeypatch.delenv("HOOKLANE_STREAM_URL", raising=False)

    path = config.save(config.Config("http://127.0.0.1:8000/", "hlk_secret", "http://s"))

    assert path == tmp_path / "cfg" / "hooklane" / "config.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    loaded = config.load()
    assert (loaded.url, loaded.api_key, loaded.stream_url) == (
        "http://127.0.0.1:8000",
        "hlk_secret",
        "http://s/api/v1/stream/logs",
    )


def test_the_stream_url_is_completed_from_what_the_server_or_user_says():
    api = "http://127.0.0.1:8000"
    assert config.stream_endpoint(api, "/api/v1/stream/logs") == api + "/api/v1/stream/logs"
    assert config.stream_endpoint(api, "http://127.0.0.1:8001/") == (
        "http://127.0.0.1:8001/api/v1/stream/logs"
    )
    assert config.stream_endpoint(api, "https://s.example/api/v1/stream/logs") == (
        "https://s.example/api/v1/stream/logs"
    )
