"""The unsigned scheme: everything is accepted, the payload names the event."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooklane.webhooks.schemes import Event, SignedRequest, verify

NOW = 1_700_000_000


def unsigned_request(payload, body: bytes = b"{}", headers=None) -> SignedRequest:
    return SignedRequest(
        headers=headers or {}, body=body, url="https://h.example/in/k", payload=payload, form=None
    )


def test_it_accepts_an_unsigned_request_and_reads_the_payload():
    request = unsigned_request({"id": "evt_9", "type": "thing.happened"})

    assert verify("none", request, [], {}, NOW) == Event(
        "evt_9", "thing.happened", verification="unsigned"
    )


@pytest.mark.parametrize("payload", [None, [], ["id"], {"id": 9, "type": ["x"]}, "text"])
def test_it_has_no_id_or_type_when_the_payload_lacks_them(payload):
    assert verify("none", unsigned_request(payload), ["ignored"], {}, NOW) == Event(
        None, "", verification="unsigned"
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
)


@settings(database=None, deadline=None)
@given(payload=json_values, body=st.binary(), headers=st.dictionaries(st.text(), st.text()))
def test_it_accepts_anything_without_a_signature(payload, body, headers):
    assert isinstance(verify("none", unsigned_request(payload, body, headers), [], {}, NOW), Event)
