"""Where `hooklane login` keeps the URL and key: $XDG_CONFIG_HOME/hooklane/config.json
(~/.config/hooklane/config.json), the directory 0700 and the file 0600.

HOOKLANE_URL, HOOKLANE_API_KEY and HOOKLANE_STREAM_URL override what is stored."""

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import NotLoggedIn


@dataclass
class Config:
    url: str
    api_key: str
    stream_url: str


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "hooklane" / "config.json"


def save(config: Config) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    tmp = path.with_suffix(".tmp")
    # Created 0600 from the first byte: the key is never readable by others, not even briefly.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(
            {"url": config.url, "api_key": config.api_key, "stream_url": config.stream_url},
            handle,
            indent=2,
        )
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
    return path


def load() -> Config:
    stored: dict = {}
    path = config_path()
    if path.exists():
        try:
            stored = json.loads(path.read_text())
        except (OSError, ValueError) as error:
            raise NotLoggedIn(
                f"Cannot read {path} ({error}); run `hooklane login` again."
            ) from None
    url = os.environ.get("HOOKLANE_URL") or stored.get("url")
    key = os.environ.get("HOOKLANE_API_KEY") or stored.get("api_key")
    if not url or not key:
        raise NotLoggedIn("Not logged in: run `hooklane login --url URL` first.")
    stream = os.environ.get("HOOKLANE_STREAM_URL") or stored.get("stream_url") or url
    return Config(url=url.rstrip("/"), api_key=key, stream_url=stream_endpoint(url, stream))


STREAM_PATH = "/api/v1/stream/logs"


def stream_endpoint(url: str, stream: str) -> str:
    """The stream's full URL from what GET /api/v1/stream/ says (absolute, or a path on the
    API's origin) or what the user gave (an origin, or the full URL)."""
    stream = stream.rstrip("/")
    if stream.startswith("/"):
        stream = url.rstrip("/") + stream
    if not stream.endswith("/stream/logs"):
        stream += STREAM_PATH
    return stream
