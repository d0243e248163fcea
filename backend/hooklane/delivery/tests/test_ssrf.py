"""The SSRF guard on its own: address classes, numeric tricks and resolution, with literal
addresses and an injected resolver. Nothing here opens a connection."""

import ipaddress
import socket

import pytest

from hooklane.delivery import ssrf


def resolver(table: dict[str, list[str]]):
    """A getaddrinfo stand-in: host name → the addresses it "resolves" to."""

    def resolve(host, port, type=0, **_kwargs):
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        answers = []
        for address in table[host]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
            answers.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
        return answers

    return resolve


PUBLIC = resolver({"hooks.example.com": ["93.184.215.14"]})


@pytest.fixture(autouse=True)
def _public_addresses_under_test(settings):
    # These tests check addresses and never connect, so the test run's loopback-only belt
    # (which refuses every other name before resolving it) is off here.
    settings.DELIVERY_LOOPBACK_ONLY = False


REFUSED_ADDRESSES = [
    ("127.0.0.1", "loopback"),
    ("127.255.255.254", "loopback"),
    ("::1", "loopback"),
    ("10.0.0.1", "private"),
    ("172.16.5.4", "private"),
    ("172.31.255.255", "private"),
    ("192.168.1.1", "private"),
    ("fc00::1", "private"),
    ("fd12:3456::1", "private"),
    ("169.254.169.254", "link-local"),
    ("169.254.0.1", "link-local"),
    ("fe80::1", "link-local"),
    ("100.64.0.1", "carrier-grade NAT"),
    ("100.127.255.254", "carrier-grade NAT"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("0.0.0.0", "unspecified"),  # noqa: S104 - an address under test, nothing binds
    ("0.1.2.3", "unspecified"),
    ("::", "unspecified"),
    ("255.255.255.255", "broadcast"),
    ("192.0.2.10", "documentation"),
    ("198.51.100.10", "documentation"),
    ("203.0.113.10", "documentation"),
    ("2001:db8::1", "documentation"),
    ("198.18.0.1", "benchmarking"),
    ("192.0.0.8", "reserved"),
    ("::ffff:127.0.0.1", "loopback"),
    ("::ffff:169.254.169.254", "link-local"),
    ("::ffff:10.1.2.3", "private"),
    ("64:ff9b::7f00:1", "loopback"),
    ("64:ff9b::a9fe:a9fe", "link-local"),
    ("2002:7f00:1::1", "loopback"),
    ("2002:a00:1::1", "private"),
    ("2001:0:4136:e378:8000:63bf:f5ff:fffe", "private"),  # Teredo to 10.0.0.1
]


@pytest.mark.parametrize(("address", "reason"), REFUSED_ADDRESSES)
def test_it_refuses_each_non_public_address_class(address, reason):
    found = ssrf.forbidden_reason(ipaddress.ip_address(address))
    assert found is not None and found.startswith(reason)
    with pytest.raises(ssrf.UnsafeDestination):
        ssrf.check_address(ipaddress.ip_address(address), allow_private=False)


@pytest.mark.parametrize(
    "address",
    ["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"],
)
def test_it_accepts_public_addresses(address):
    assert ssrf.forbidden_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://0177.0.0.1/",  # octal
        "http://0x7f.1/",  # hex, short form
        "http://0x7f000001/",
        "http://127.1/",  # short form
        "http://127.0.1/",
        "http://017700000001/",
        "http://127.0.0.01/",  # a leading zero turns an octet octal to some resolvers
        "http://0x7f.0x0.0x0.0x1/",
        "http://10.0.0.1.5/",
        "http://foo.123/",  # a name ending in a number is an address to resolvers
    ],
)
def test_it_refuses_numeric_host_tricks(url):
    with pytest.raises(ssrf.UnsafeDestination, match="numeric|not a valid"):
        ssrf.vet_url(url, allow_private=True, resolve_with=PUBLIC)


def test_a_host_resolving_to_a_private_address_is_refused():
    evil = resolver({"evil.example": ["10.0.0.1"]})
    with pytest.raises(ssrf.UnsafeDestination, match="10.0.0.1 is a private address"):
        ssrf.vet_url("https://evil.example/hook", allow_private=False, resolve_with=evil)


def test_one_private_answer_among_public_ones_is_enough_to_refuse():
    mixed = resolver({"rotating.example": ["93.184.215.14", "169.254.169.254"]})
    with pytest.raises(ssrf.UnsafeDestination, match="link-local"):
        ssrf.vet_url("https://rotating.example/", allow_private=False, resolve_with=mixed)


def test_a_host_resolving_to_a_mapped_loopback_is_refused():
    sneaky = resolver({"v6.example": ["::ffff:127.0.0.1"]})
    with pytest.raises(ssrf.UnsafeDestination, match="loopback"):
        ssrf.vet_url("http://v6.example/", allow_private=False, resolve_with=sneaky)


def test_a_host_that_does_not_resolve_is_refused():
    with pytest.raises(ssrf.UnsafeDestination, match="does not resolve"):
        ssrf.vet_url("https://nowhere.example/", allow_private=False, resolve_with=PUBLIC)


def test_a_public_host_is_vetted_with_the_address_to_connect_to():
    target = ssrf.vet_url(
        "https://hooks.example.com:8443/in/a?x=1", allow_private=False, resolve_with=PUBLIC
    )
    assert target.address == ipaddress.ip_address("93.184.215.14")
    assert (target.scheme, target.host, target.port, target.path) == (
        "https",
        "hooks.example.com",
        8443,
        "/in/a?x=1",
    )
    assert target.host_header == "hooks.example.com:8443"


def test_a_non_ascii_path_is_sent_percent_encoded():
    target = ssrf.vet_url("https://hooks.example.com/café?q=ü&x=%20", resolve_with=PUBLIC)
    assert target.path == "/caf%C3%A9?q=%C3%BC&x=%20"


def test_the_host_header_leaves_out_default_ports_and_brackets_ipv6():
    target = ssrf.vet_url("http://[2606:4700:4700::1111]/", allow_private=False)
    assert target.host_header == "[2606:4700:4700::1111]"
    assert ssrf.vet_url("https://1.1.1.1:443/", allow_private=False).host_header == "1.1.1.1"


def test_private_addresses_pass_when_the_deployment_allows_them():
    target = ssrf.vet_url("http://127.0.0.1:8080/hook", allow_private=True)
    assert str(target.address) == "127.0.0.1"
    local = resolver({"internal.example": ["10.1.2.3"]})
    assert ssrf.vet_url("http://internal.example/", allow_private=True, resolve_with=local)


def test_the_flag_comes_from_settings_when_not_given(settings):
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = False
    with pytest.raises(ssrf.UnsafeDestination):
        ssrf.vet_url("http://127.0.0.1/")
    settings.DELIVERY_ALLOW_PRIVATE_DESTINATIONS = True
    assert ssrf.vet_url("http://127.0.0.1/")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example.com/", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("gopher://127.0.0.1:6379/_FLUSHALL", "Only http and https"),
        ("http://user:pw@hooks.example.com/", "credentials"),
        ("http://hooks.example.com\\@127.0.0.1/", "credentials"),
        ("http:///nohost", "no host"),
        ("http://hooks.example.com:99999/", "not valid|out of range"),
        ("http://hooks.example.com/a b", "spaces or control"),
        ("http://hooks.example.com/\r\nX-Injected: 1", "spaces or control"),
        ("http://[fe80::1%25eth0]/", "zone"),
        ("http://exa mple.com/", "spaces or control"),
        ("http://bad_host!.example/", "not a valid host"),
    ],
)
def test_it_refuses_malformed_urls(url, message):
    with pytest.raises(ssrf.UnsafeDestination, match=message):
        ssrf.vet_url(url, allow_private=True, resolve_with=PUBLIC)


def test_loopback_only_refuses_other_names_without_looking_them_up():
    def resolve(*args, **kwargs):
        raise AssertionError("no lookup may happen")

    with pytest.raises(ssrf.UnsafeDestination, match="only to loopback"):
        ssrf.vet_url("https://hooks.example.com/", loopback_only=True, resolve_with=resolve)
    with pytest.raises(ssrf.UnsafeDestination, match="not a loopback"):
        ssrf.vet_url("https://93.184.215.14/", loopback_only=True, allow_private=True)
    assert ssrf.vet_url("http://127.0.0.1:8000/", loopback_only=True, allow_private=True)
    local = resolver({"localhost": ["127.0.0.1"]})
    assert ssrf.vet_url("http://localhost/", loopback_only=True, resolve_with=local)


def test_international_names_are_resolved_in_their_ascii_form():
    seen = []

    def resolve(host, port, type=0):
        seen.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]

    target = ssrf.vet_url("https://bücher.example/", allow_private=False, resolve_with=resolve)
    assert seen == ["xn--bcher-kva.example"]
    assert target.host == "xn--bcher-kva.example"
