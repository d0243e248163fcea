"""`make bench [ARGS='<name> [options]']`: run one benchmark of this folder on the throwaway stack.

The name is a module beside this file (`ingest`, `api`, ...); without one, `ingest` runs.
Options after the name go to that benchmark (`make bench ARGS='ingest --duration 30'`).
"""

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = "ingest"


def available() -> list[str]:
    # Modules named _like_this are helpers shared by the benchmarks. This folder is first on
    # sys.path, so a benchmark must not be named like a module of the standard library.
    return sorted(
        path.stem for path in HERE.glob("*.py") if path.stem[0] != "_" and path.stem != "run"
    )


def main() -> int:
    argv = sys.argv[1:]
    name = argv.pop(0) if argv and not argv[0].startswith("-") else DEFAULT
    name = name.replace("-", "_")  # `noisy-neighbour` is noisy_neighbour.py
    if name not in available():
        raise SystemExit(f"unknown benchmark {name!r}; available: {', '.join(available())}")
    sys.path.insert(0, str(HERE))
    # Each benchmark parses sys.argv as if it had been run on its own.
    sys.argv = [str(HERE / f"{name}.py"), *argv]
    return importlib.import_module(name).main()


if __name__ == "__main__":
    sys.exit(main())
