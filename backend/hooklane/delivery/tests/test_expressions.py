"""CEL expressions: compiling with positions, the cost limit, and evaluating a request."""

import pytest

from hooklane.delivery.expressions import (
    ExpressionError,
    MissingKey,
    activation_from,
    compile_filter,
    evaluate,
    filter_decide,
)

AMOUNT = "body.data.object.amount >= 1000"
GITHUB_PUSH = 'headers["x-github-event"] == "push" && body.ref == "refs/heads/main"'


def test_it_matches_the_documented_examples():
    charge = activation_from(body={"data": {"object": {"amount": 2500}}})
    small = activation_from(body={"data": {"object": {"amount": 999}}})
    push = activation_from(body={"ref": "refs/heads/main"}, headers={"X-GitHub-Event": "push"})
    tag = activation_from(body={"ref": "refs/tags/v1"}, headers={"X-GitHub-Event": "push"})
    assert filter_decide(compile_filter(AMOUNT), charge) == (True, "")
    assert filter_decide(compile_filter(AMOUNT), small)[0] is False
    assert filter_decide(compile_filter(GITHUB_PUSH), push) == (True, "")
    assert filter_decide(compile_filter(GITHUB_PUSH), tag)[0] is False


def test_it_reports_syntax_errors_with_line_and_column():
    with pytest.raises(ExpressionError) as caught:
        compile_filter("body.amount >= 1000 &&\n  body.currency ==")
    assert (caught.value.line, caught.value.column) == (2, 19)


def test_it_refuses_names_the_request_does_not_have():
    with pytest.raises(ExpressionError) as caught:
        compile_filter("body.x == 1 && payload.y == 2")
    assert "payload" in caught.value.message
    assert (caught.value.line, caught.value.column) == (1, 16)


def test_it_allows_a_comprehension_but_not_nested_ones():
    program = compile_filter('body.items.exists(i, i.sku == "a(b" && i.qty > 1)')
    found = activation_from(body={"items": [{"sku": "a(b", "qty": 2}]})
    assert evaluate(program, found) is True
    with pytest.raises(ExpressionError) as caught:
        compile_filter("body.a.map(x, body.b.map(y, y)).size() > 0")
    assert caught.value.column == 22


def test_it_refuses_hostile_shapes_without_crashing():
    with pytest.raises(ExpressionError):
        compile_filter("(" * 5000 + "1" + ")" * 5000)  # the parser's own depth limit
    with pytest.raises(ExpressionError):
        compile_filter(" && ".join(["true"] * 1000))  # longer than the source limit
    with pytest.raises(ExpressionError):
        compile_filter("")


def test_it_evaluates_regexes_in_linear_time_and_refuses_backreferences():
    program = compile_filter("body.s.matches('(a+)+$')")
    assert evaluate(program, activation_from(body={"s": "a" * 5000 + "!"})) is False
    with pytest.raises(ExpressionError):
        evaluate(compile_filter(r"body.s.matches('(a)\\1')"), activation_from(body={"s": "aa"}))


def test_a_missing_key_is_no_match_with_the_reason():
    program = compile_filter(AMOUNT)
    matched, reason = filter_decide(program, activation_from(body={"ref": "x"}))
    assert matched is False
    assert "data" in reason
    with pytest.raises(MissingKey):
        evaluate(program, activation_from(body={}))


def test_a_runtime_error_is_an_expression_error():
    with pytest.raises(ExpressionError) as caught:
        evaluate(compile_filter("body.data > 1"), activation_from(body={"data": {}}))
    assert "overload" in caught.value.message
    with pytest.raises(ExpressionError, match="true or false"):
        filter_decide(compile_filter("body.n"), activation_from(body={"n": 1}))


def test_it_sees_a_form_body_and_no_body():
    form = activation_from(body={"Body": ["hi"]})
    assert evaluate(compile_filter('body.Body[0] == "hi"'), form) is True
    assert evaluate(compile_filter("body == null"), activation_from(body=None)) is True
