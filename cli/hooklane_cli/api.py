"""Hooklane's REST API over httpx, every failure turned into a CliError with its exit code."""

import httpx

from . import __version__
from .config import Config
from .errors import BadKey, CliError, NotFound, RateLimited, SessionExpired, Unreachable

TIMEOUT = httpx.Timeout(15.0, connect=5.0)


def client_for(url: str, api_key: str) -> httpx.Client:
    return httpx.Client(
        base_url=url,
        headers={"Authorization": f"Bearer {api_key}", "User-Agent": f"hooklane-cli/{__version__}"},
        timeout=TIMEOUT,
        # Hooklane is named by the user; no environment proxy may sit between (or read the key).
        trust_env=False,
        follow_redirects=False,
    )


class Api:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.http = client_for(config.url, config.api_key)

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            response = self.http.request(method, path, **kwargs)
        except httpx.TransportError as error:
            raise Unreachable(f"Cannot reach Hooklane at {self.config.url}: {error}") from None
        check(response, self.config.url)
        return response

    def get(self, path: str, **params) -> dict:
        params = {name: value for name, value in params.items() if value not in (None, "")}
        return self.request("GET", path, params=params).json()

    def post(self, path: str, body: dict | None = None) -> dict:
        return self.request("POST", path, json=body or {}).json()

    def raw(self, log_id: str) -> bytes:
        return self.request("GET", f"/api/v1/logs/{log_id}/raw/").content


def check(response: httpx.Response, url: str) -> None:
    if response.is_success:
        return
    try:
        body = response.json()
        detail = body.get("detail") or body.get("error") or response.reason_phrase
    except ValueError:
        detail = response.reason_phrase
    status = response.status_code
    if status == 401:
        raise BadKey(f"The API key was refused by {url}: {detail}")
    if status == 403:
        raise BadKey(f"Not allowed with this API key: {detail}")
    if status == 404:
        raise NotFound(f"Not found: {detail}")
    if status == 410:
        raise SessionExpired(str(detail))
    if status == 429:
        retry_after = float(response.headers.get("Retry-After") or 1)
        raise RateLimited(f"Rate limited by Hooklane; retry in {retry_after:.0f} s.", retry_after)
    if 300 <= status < 400:
        raise Unreachable(f"{url} redirects ({status}) instead of answering: is it Hooklane?")
    raise CliError(f"Hooklane answered {status}: {detail}")
