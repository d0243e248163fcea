"""CEL engines side by side, and Hooklane's filter and transformation costs, in-process.

`make bench ARGS='expressions'` times compile and evaluate of the documented filters on a
~2 KB Stripe-like payload in `common-expression-language` (Rust, what Hooklane uses) and
`cel-python` (pure Python, the dev dependency kept for this comparison), then runs the
hostile inputs against each in a child process with a time limit (a crash or a hang shows
as such, not as a dead benchmark), and times Hooklane's own `expressions` and `transforms`
entry points. No database or network: only CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

EXPRESSIONS = {
    "amount": "body.data.object.amount >= 1000",
    "github": 'headers["x-github-event"] == "push" && body.ref == "refs/heads/main"',
}
TRANSFORMATION = (
    '{"body": {"text": "Charge of " & $string(body.data.object.amount) & " " '
    '& body.data.object.currency, "customer": body.data.object.customer}, '
    '"headers": {"X-Event": body.type}, "path": "/charges/" & body.id}'
)


def payload() -> dict:
    """A Stripe charge.succeeded of about 2 KB, with a GitHub-style ref for the second filter."""
    return {
        "id": "evt_1PqL2x",
        "object": "event",
        "type": "charge.succeeded",
        "ref": "refs/heads/main",
        "data": {
            "object": {
                "id": "ch_3PqL2x",
                "object": "charge",
                "amount": 2500,
                "currency": "usd",
                "customer": "cus_Q1w2e3",
                "description": "Order 1042 " + "x" * 300,
                "metadata": {f"key_{i}": f"value {i} " + "v" * 18 for i in range(40)},
            }
        },
    }


def activation() -> dict:
    return {
        "body": payload(),
        "headers": {"x-github-event": "push", "content-type": "application/json"},
        "query": {},
        "path": "",
        "provider": "stripe",
        "event_type": "charge.succeeded",
    }


def per_call_us(fn, seconds: float = 0.5) -> float:
    """Microseconds per call, over at least `seconds` of calls."""
    fn()
    calls, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        fn()
        calls += 1
    return elapsed / calls * 1e6


def engines() -> None:
    import cel
    import celpy

    act = activation()
    env = celpy.Environment()
    print(f"payload: {len(json.dumps(act['body']))} bytes of JSON")
    print(f"{'engine':28} {'filter':7} {'compile':>10} {'evaluate':>10} {'ctx+eval':>10}")
    for name, source in EXPRESSIONS.items():
        rust = cel.compile(source)
        context = cel.Context(variables=act)
        row = (
            per_call_us(lambda s=source: cel.compile(s)),
            per_call_us(lambda p=rust, c=context: p.execute(c)),
            per_call_us(lambda p=rust: p.execute(cel.Context(variables=act))),
        )
        print(f"{'common-expression-language':28} {name:7} " + " ".join(f"{v:8.1f}us" for v in row))
        python = env.program(env.compile(source))
        converted = {key: celpy.json_to_cel(value) for key, value in act.items()}
        row = (
            per_call_us(lambda s=source: env.program(env.compile(s))),
            per_call_us(lambda p=python, c=converted: p.evaluate(c)),
            per_call_us(
                lambda p=python: p.evaluate({k: celpy.json_to_cel(v) for k, v in act.items()})
            ),
        )
        print(f"{'cel-python':28} {name:7} " + " ".join(f"{v:8.1f}us" for v in row))


def _nested_maps(depth: int) -> str:
    ten = "[0,1,2,3,4,5,6,7,8,9]"
    source = ten
    for level in range(depth):
        source = f"{ten}.map(v{level}, {source})"
    return source + ".size() > 0"


HOSTILE = {
    "nesting 90": ("(" * 90 + "1" + ")" * 90, {}),
    "nesting 5000": ("(" * 5000 + "1" + ")" * 5000, {}),
    "20,000 && terms": (" && ".join(["true"] * 20000), {}),
    "4 nested maps of 10": (_nested_maps(4), {}),
    "5 nested maps of 10": (_nested_maps(5), {}),
    "1 MB string x 20": (" + ".join(["body.s"] * 20) + " != ''", {"body": {"s": "x" * 1_000_000}}),
    "regex (a+)+$ on 5,000 a!": ("body.s.matches('(a+)+$')", {"body": {"s": "a" * 5000 + "!"}}),
    "regex backreference": (r"body.s.matches('(a)\\1')", {"body": {"s": "aa"}}),
}
_CHILD = """
import sys, time, json
import cel, celpy
which = sys.argv[1]
given = json.loads(sys.stdin.read())
source, act = given["source"], given["activation"]
started = time.perf_counter()
try:
    if which == "rust":
        value = cel.compile(source).execute(cel.Context(variables=act))
    else:
        env = celpy.Environment()
        value = env.program(env.compile(source)).evaluate(
            {k: celpy.json_to_cel(v) for k, v in act.items()})
    outcome = "value " + repr(value)[:20]
except BaseException as exc:
    outcome = type(exc).__name__
print(f"{outcome} in {time.perf_counter() - started:.3f} s")
"""


def hostile(limit: float) -> None:
    print(f"\nhostile input (each in a child process, killed after {limit:.0f} s; imports untimed)")
    for name, (source, act) in HOSTILE.items():
        cells = []
        for which in ("rust", "python"):
            try:
                done = subprocess.run(
                    [sys.executable, "-c", _CHILD, which],
                    input=json.dumps({"source": source, "activation": act}),
                    capture_output=True,
                    text=True,
                    timeout=limit,
                )
                text = done.stdout.strip() or f"crashed (exit {done.returncode})"
            except subprocess.TimeoutExpired:
                text = f"still running after {limit:.0f} s"
            cells.append(text)
        print(f"  {name:26} rust: {cells[0]:40} python: {cells[1]}")


def hooklane() -> None:
    import django

    django.setup()
    from hooklane.delivery import expressions, transforms

    act = activation()
    print("\nHooklane's entry points (what the worker runs per delivery)")
    for name, source in EXPRESSIONS.items():
        program = expressions.compile_filter(source)
        us = per_call_us(lambda p=program: expressions.filter_decide(p, act))
        print(f"  filter {name:8} filter_decide: {us:8.1f} us")
    expressions.compile_filter.cache_clear()
    us = per_call_us(
        lambda: (
            expressions.compile_filter.cache_clear(),
            expressions.compile_filter(EXPRESSIONS["github"]),
        )
    )
    print(f"  compile_filter (uncached, with the cost check): {us:8.1f} us")
    program = transforms.compile_transformation(TRANSFORMATION)
    us = per_call_us(lambda: transforms.transform(program, TRANSFORMATION, act))
    print(f"  typical transformation, transform(): {us:8.1f} us")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hostile-limit", type=float, default=20.0)
    args = parser.parse_args()
    engines()
    hostile(args.hostile_limit)
    hooklane()
    return 0


if __name__ == "__main__":
    sys.exit(main())
