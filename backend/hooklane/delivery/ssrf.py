"""The SSRF guard: which destination URLs and addresses Hooklane may connect to.

Pure functions over a URL, an address and a resolver; nothing here opens a connection.
`vet_url` runs on save and again right before each attempt, and the attempt connects to the
address it returned (see http.py), so a DNS answer that changes in between cannot steer a
forward to an internal service.
"""

import ipaddress
import posixpath
import re
import socket
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, quote, unquote, urlsplit

from django.conf import settings

from hooklane.webhooks.middleware import PREFIX as INGEST_PREFIX

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[..., Iterable[tuple]]

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

# (network, reason) in the order they are checked; Python's is_global is the final catch-all.
_FORBIDDEN_V4: tuple[tuple[ipaddress.IPv4Network, str], ...] = (
    (_V4("0.0.0.0/8"), "unspecified"),
    (_V4("10.0.0.0/8"), "private"),
    (_V4("100.64.0.0/10"), "carrier-grade NAT"),
    (_V4("127.0.0.0/8"), "loopback"),
    (_V4("169.254.0.0/16"), "link-local"),
    (_V4("172.16.0.0/12"), "private"),
    (_V4("192.0.0.0/24"), "reserved"),
    (_V4("192.0.2.0/24"), "documentation"),
    (_V4("192.88.99.0/24"), "reserved"),
    (_V4("192.168.0.0/16"), "private"),
    (_V4("198.18.0.0/15"), "benchmarking"),
    (_V4("198.51.100.0/24"), "documentation"),
    (_V4("203.0.113.0/24"), "documentation"),
    (_V4("224.0.0.0/4"), "multicast"),
    (_V4("255.255.255.255/32"), "broadcast"),
    (_V4("240.0.0.0/4"), "reserved"),
)
_FORBIDDEN_V6: tuple[tuple[ipaddress.IPv6Network, str], ...] = (
    (_V6("::/128"), "unspecified"),
    (_V6("::1/128"), "loopback"),
    (_V6("64:ff9b:1::/48"), "private"),
    (_V6("100::/64"), "reserved"),
    (_V6("2001:2::/48"), "benchmarking"),
    (_V6("2001:db8::/32"), "documentation"),
    (_V6("3fff::/20"), "documentation"),
    (_V6("fc00::/7"), "private"),
    (_V6("fe80::/10"), "link-local"),
    (_V6("fec0::/10"), "site-local"),
    (_V6("ff00::/8"), "multicast"),
    (_V6("::/8"), "reserved"),
)
_MAPPED = _V6("::ffff:0:0/96")
_NAT64 = _V6("64:ff9b::/96")
_SIX_TO_FOUR = _V6("2002::/16")
_TEREDO = _V6("2001::/32")

_OCTET = r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_CANONICAL_V4 = re.compile(rf"{_OCTET}(\.{_OCTET}){{3}}")
_NUMERIC_LABEL = re.compile(r"(0x[0-9a-f]*|\d+)", re.IGNORECASE)
_HOST_LABEL = re.compile(r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?", re.IGNORECASE)


class UnsafeDestination(ValueError):
    """The URL or the address it leads to may not receive forwards."""


@dataclass(frozen=True)
class VettedTarget:
    """A URL split into what the connection needs, with the address to connect to."""

    scheme: str
    host: str  # as sent in Host and TLS SNI (IDNA-encoded, IPv6 without brackets)
    port: int
    path: str  # path and query
    address: IPAddress

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def private_destinations_allowed() -> bool:
    return bool(settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS)


def _check_loopback_only(host: IPAddress | str, addresses: list[IPAddress] | None) -> None:
    """With DELIVERY_LOOPBACK_ONLY (test runs, benchmarks) nothing leaves the machine: not a
    connection, not even a DNS query for a name other than localhost."""
    if isinstance(host, str) and host != "localhost":
        raise UnsafeDestination("This deployment delivers only to loopback addresses.")
    for address in addresses or []:
        if not address.is_loopback:
            raise UnsafeDestination(f"{address} is not a loopback address.")


def parse_host(host: str) -> IPAddress | str:
    """Return the IP literal a host names, or the host name itself (IDNA, lower case).

    Refuses numeric spellings that C libraries and browsers read as IPv4 but that are not
    dotted-quad (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`): they exist only to slip
    past checks like this one."""
    if not host:
        raise UnsafeDestination("The URL has no host.")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        if "%" in host:
            raise UnsafeDestination("IPv6 zone identifiers are not allowed.")
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise UnsafeDestination(f"{host!r} is not a valid IPv6 address.") from None
    name = host.lower().rstrip(".") if host.endswith(".") else host.lower()
    if _CANONICAL_V4.fullmatch(name):
        return ipaddress.IPv4Address(name)
    labels = name.split(".")
    # A name whose last label is a number is an IPv4 address to the resolver (WHATWG URL).
    if _NUMERIC_LABEL.fullmatch(labels[-1]) or all(_NUMERIC_LABEL.fullmatch(x) for x in labels):
        raise UnsafeDestination(f"{host!r} is a numeric address in a non-standard form.")
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError:
        raise UnsafeDestination(f"{host!r} is not a valid host name.") from None
    if len(name) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in name.split(".")):
        raise UnsafeDestination(f"{host!r} is not a valid host name.")
    return name


def _embedded_v4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address reaches through mapping or translation."""
    if address in _MAPPED:
        return [address.ipv4_mapped]
    if address in _NAT64:
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    if address in _SIX_TO_FOUR:
        return [address.sixtofour]
    if address in _TEREDO:
        server, client = address.teredo
        return [server, client]
    return []


def forbidden_reason(address: IPAddress) -> str | None:
    """Why an address may not receive forwards (None when it may)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_v4(address)
        if embedded:
            for inner in embedded:
                reason = forbidden_reason(inner)
                if reason:
                    return f"{reason} (embedded in {address})"
            return None
        table: Iterable = _FORBIDDEN_V6
    else:
        table = _FORBIDDEN_V4
    for network, reason in table:
        if address in network:
            return reason
    if not address.is_global:
        return "reserved"
    return None


def check_address(address: IPAddress, *, allow_private: bool | None = None) -> None:
    """Raise UnsafeDestination for an address outside the public internet."""
    if allow_private is None:
        allow_private = private_destinations_allowed()
    if allow_private:
        return
    reason = forbidden_reason(address)
    if reason:
        raise UnsafeDestination(f"{address} is a {reason} address.")


def resolve(host: str, port: int, *, resolve: Resolver = socket.getaddrinfo) -> list[IPAddress]:
    """Every address a host name resolves to (a lookup only; nothing connects)."""
    try:
        answers = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeDestination(f"{host} does not resolve.") from None
    found: list[IPAddress] = []
    for _family, _type, _proto, _canonname, sockaddr in answers:
        # Scope ids ("fe80::1%eth0") are dropped; the address itself is what is checked.
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    if not found:
        raise UnsafeDestination(f"{host} does not resolve.")
    return found


def split_url(url: str) -> tuple[SplitResult, str | IPAddress, int]:
    """Check a URL's shape (http or https, a host, no credentials) and split it."""
    if any(ord(char) < 33 or ord(char) == 127 for char in url):
        raise UnsafeDestination("The URL may not contain spaces or control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeDestination("The URL is not valid.") from None
    if parts.scheme not in ("http", "https"):
        raise UnsafeDestination("Only http and https URLs are allowed.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeDestination("Put credentials in a header, not in the URL.")
    host = parse_host(parts.hostname or "")
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    if not 0 < port < 65536:
        raise UnsafeDestination("The port is out of range.")
    return parts, host, port


@dataclass(frozen=True)
class _OwnIngest:
    """Where this deployment's ingest answers, from PUBLIC_BASE_URL and ALLOWED_HOSTS."""

    names: frozenset[str]
    suffixes: tuple[str, ...]  # ALLOWED_HOSTS' ".example.com": the domain and its subdomains
    addresses: frozenset[IPAddress]
    prefixes: tuple[str, ...]  # ingest paths, lower case


@lru_cache(maxsize=4)
def _own_ingest_for(public_base_url: str, allowed_hosts: tuple[str, ...]) -> _OwnIngest:
    base = urlsplit(public_base_url)
    names: set[str] = set()
    suffixes: list[str] = []
    addresses: set[IPAddress] = set()
    for entry in (base.hostname or "", *allowed_hosts):
        entry = entry.strip().lower()
        if entry in ("", "*"):
            continue  # "*" says nothing about which host is this one
        if entry.startswith("."):
            suffixes.append(entry.rstrip("."))
            continue
        try:
            host = parse_host(entry)
        except UnsafeDestination:
            continue
        (names if isinstance(host, str) else addresses).add(host)  # type: ignore[arg-type]
    prefixes = {INGEST_PREFIX}
    if base.path.strip("/"):
        prefixes.add(f"/{base.path.strip('/').lower()}{INGEST_PREFIX}")
    return _OwnIngest(frozenset(names), tuple(suffixes), frozenset(addresses), tuple(prefixes))


def _own_ingest() -> _OwnIngest:
    return _own_ingest_for(settings.PUBLIC_BASE_URL, tuple(settings.ALLOWED_HOSTS))


def is_ingest_path(path: str) -> bool:
    """Whether a URL path reaches an ingest URL once a server or proxy routes it:
    percent-decoded, dot segments and repeated slashes folded, in any case."""
    if "/" not in path:
        return False
    folded = re.sub("/+", "/", posixpath.normpath("/" + unquote(path))).lower()
    return any(folded.startswith(prefix) for prefix in _own_ingest().prefixes)


def _is_own_host(host: IPAddress | str) -> bool:
    own = _own_ingest()
    if not isinstance(host, str):
        return host in own.addresses
    return host in own.names or any(
        host.endswith(suffix) or host == suffix[1:] for suffix in own.suffixes
    )


def _on_this_machine(address: IPAddress) -> bool:
    """Loopback, unspecified (which reaches this host), a literal of ALLOWED_HOSTS, or an
    address of one of this host's interfaces: binding a socket to it succeeds only then,
    and sends nothing."""
    for inner in [address, *(_embedded_v4(address) if address.version == 6 else [])]:
        if inner.is_loopback or inner.is_unspecified or inner in _own_ingest().addresses:
            return True
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.bind((str(address), 0))
    except OSError:
        return False
    return True


def _loop(host: IPAddress | str) -> UnsafeDestination:
    return UnsafeDestination(
        f"This URL is this deployment's own ingest ({INGEST_PREFIX} on {host}): "
        "forwarding to it would loop."
    )


def vet_url(
    url: str,
    *,
    allow_private: bool | None = None,
    resolve_with: Resolver = socket.getaddrinfo,
    loopback_only: bool | None = None,
) -> VettedTarget:
    """Check a URL and every address its host resolves to; return where to connect.

    All addresses must pass, not just one: a resolver may rotate its answers. A URL of
    this deployment's own ingest (by host name, or by an address of this machine) is
    refused too: a forward to it would come back as a new webhook, forever."""
    if loopback_only is None:
        loopback_only = bool(settings.DELIVERY_LOOPBACK_ONLY)
    parts, host, port = split_url(url)
    ingest_path = is_ingest_path(parts.path)
    if ingest_path and _is_own_host(host):
        raise _loop(host)
    if loopback_only:
        _check_loopback_only(host, None)
    if isinstance(host, str):
        addresses = resolve(host, port, resolve=resolve_with)
        host_name = host
    else:
        addresses = [host]
        host_name = str(host)
    if loopback_only:
        _check_loopback_only(host, addresses)
    if ingest_path and any(_on_this_machine(address) for address in addresses):
        raise _loop(host)
    for address in addresses:
        check_address(address, allow_private=allow_private)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    # The request line is ASCII: non-ASCII path characters go percent-encoded, as browsers do.
    path = quote(path, safe=string.punctuation)
    return VettedTarget(
        scheme=parts.scheme, host=host_name, port=port, path=path, address=addresses[0]
    )
