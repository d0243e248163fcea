"""JSONata transformations: their shape, their limits, and the URL a path makes."""

import pytest

from hooklane.delivery.expressions import ExpressionError, activation_from
from hooklane.delivery.transforms import compile_transformation, transform, transformed_url

REQUEST = activation_from(body={"id": "evt_1", "n": 2, "s": "a" * 5000 + "!"}, headers={"X": "y"})


def run(source: str, request=REQUEST):
    return transform(compile_transformation(source), source, request)


def test_it_reshapes_body_headers_and_path():
    made = run('{"body": {"n": body.n}, "headers": {"X-Kind": headers.x}, "path": "/e/" & body.id}')
    assert made.body == b'{"n":2}'
    assert made.content_type == "application/json"
    assert made.headers == {"X-Kind": "y"}
    assert made.path == "/e/evt_1"


def test_a_string_body_goes_as_text_and_content_type_may_be_set():
    made = run('{"body": "n=" & $string(body.n), "headers": {"Content-Type": "text/plain"}}')
    assert (made.body, made.content_type, made.headers) == (b"n=2", "text/plain", {})


def test_a_syntax_error_has_its_position():
    with pytest.raises(ExpressionError) as caught:
        compile_transformation('{"body":\n  body.id +}')
    assert (caught.value.line, caught.value.column) == (2, 12)


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ('($f := function($n){ $f($n + 1) }; {"body": $f(0)})', "CPU"),
        (
            '($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1)}; {"body": $f("x", 40)})',
            "longer",
        ),
        ('{"body": $count([1..9999999])}', "longer"),
        ('{"body": $join([1..500000].$string(), "")}', "steps|CPU"),
    ],
)
def test_runaway_transformations_stop_within_their_limits(source, says):
    with pytest.raises(ExpressionError, match=says):
        run(source)


def test_regular_expressions_run_in_linear_time():
    # Python's re takes minutes over this; RE2 answers at once.
    assert run('{"body": $contains(body.s, /(a+)+$/)}').body == b"false"


@pytest.mark.parametrize(
    "source",
    [
        '"not an object"',
        '{"url": "http://elsewhere"}',
        '{"headers": {"webhook-signature": "v1,forged"}}',
        '{"headers": {"Hooklane-Hops": "x=0"}}',
        '{"headers": {"X-Evil": "a\\r\\nInjected: 1"}}',
        '{"path": "/../admin"}',
        '{"path": "/a b"}',
        '{"path": "#frag"}',
    ],
)
def test_it_refuses_what_may_not_be_sent(source):
    with pytest.raises(ExpressionError):
        run(source)


def test_a_body_over_the_ingest_limit_is_refused(settings):
    settings.INGEST_MAX_BODY_BYTES = 100
    with pytest.raises(ExpressionError, match="over the limit"):
        run('{"body": body.s}')


def test_the_path_is_appended_to_the_destination_url():
    assert (
        transformed_url("https://h.example/hooks/", "/v1/2?b=2")
        == "https://h.example/hooks/v1/2?b=2"
    )
    assert transformed_url("https://h.example/x?a=1", "y") == "https://h.example/x/y?a=1"
    assert transformed_url("https://h.example/x", None) == "https://h.example/x"
