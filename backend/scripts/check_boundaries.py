"""The app layers where an import is hidden: `make lint` runs this beside lint-imports.

lint-imports sees `import` statements only. An app can reach another just as well through
`apps.get_model("delivery", ...)`, a lazy model reference such as `"delivery.Destination"`,
or the other app's table name in raw SQL. This reads every module of every app and reports
each such reference to an app above it in the layers contract of pyproject.toml (an app
may use its own tables and those of the apps below it).

Usage: python scripts/check_boundaries.py   (exits 1 and lists the references it finds)
"""

import ast
import os
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import django

BACKEND = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BACKEND))
PACKAGE = "hooklane"
SQL_CONTEXT = r"(?:from|join|update|into|table|exists)\s+"


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def app_layers(pyproject: Path = BACKEND / "pyproject.toml") -> list[str]:
    """The apps of the layers contract, highest first (`hooklane.delivery` -> `delivery`)."""
    config = tomllib.loads(pyproject.read_text())["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    prefix = f"{PACKAGE}."
    return [layer.removeprefix(prefix) for layer in layers if layer.startswith(prefix)]


def tables_by_app() -> dict[str, str]:
    """Every table an app's models create (many-to-many link tables too), from Django."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.apps import apps

    return {
        model._meta.db_table: model._meta.app_label
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith(f"{PACKAGE}.")
    }


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def _strings(tree: ast.AST, skip: set[int]) -> Iterator[tuple[int, str]]:
    skip = skip | _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


def module_violations(
    source: str, *, path: str, app: str, layers: list[str], tables: dict[str, str]
) -> list[Violation]:
    """References in one module of `app` to an app it may not depend on."""
    allowed = set(layers[layers.index(app) :]) if app in layers else {app}
    forbidden_apps = set(layers) - allowed
    tree = ast.parse(source)
    found: list[Violation] = []
    reported: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            label = node.args[0].value.split(".")[0]
            reported.add(id(node.args[0]))
            if label in forbidden_apps:
                found.append(Violation(path, node.lineno, f"get_model reaches app '{label}'"))
    forbidden_tables = [table for table, owner in tables.items() if owner in forbidden_apps]
    table_pattern = (
        re.compile(rf"(?i)\b{SQL_CONTEXT}\"?({'|'.join(map(re.escape, forbidden_tables))})\b")
        if forbidden_tables
        else None
    )
    model_pattern = re.compile(rf"^({'|'.join(map(re.escape, sorted(forbidden_apps)))})\.[A-Z]\w*$")
    for line, text in _strings(tree, reported):
        if forbidden_apps and model_pattern.match(text):
            found.append(Violation(path, line, f"lazy model reference '{text}'"))
        if table_pattern:
            for match in table_pattern.finditer(text):
                owner = tables[match.group(1).lower()]
                message = f"SQL names table '{match.group(1)}' of app '{owner}'"
                found.append(Violation(path, line, message))
    return found


def violations(backend: Path = BACKEND) -> list[Violation]:
    """Every hidden reference across the apps, tests and migrations included."""
    layers = app_layers(backend / "pyproject.toml")
    tables = tables_by_app()
    found: list[Violation] = []
    for app in layers:
        for module in sorted((backend / PACKAGE / app).rglob("*.py")):
            relative = str(module.relative_to(backend))
            found += module_violations(
                module.read_text(), path=relative, app=app, layers=layers, tables=tables
            )
    return found


def main() -> int:
    found = violations()
    for violation in found:
        print(violation)
    if found:
        print(
            f"{len(found)} hidden cross-app references: publish a task by name or call the "
            "other app's service instead (layers: pyproject.toml [tool.importlinter])."
        )
        return 1
    print(f"No hidden cross-app references in {', '.join(app_layers())}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
