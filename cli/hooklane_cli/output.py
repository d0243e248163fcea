"""What the CLI prints: a readable, coloured line on a terminal, or one JSON object per line
(`--json`) for scripts. Messages and errors go to stderr, so stdout stays data."""

import json
import os
import sys
from datetime import datetime

RESET, DIM, RED, GREEN, YELLOW, CYAN, BOLD = (
    "\033[0m",
    "\033[2m",
    "\033[31m",
    "\033[32m",
    "\033[33m",
    "\033[36m",
    "\033[1m",
)


class Printer:
    def __init__(self, json_lines: bool = False) -> None:
        self.json_lines = json_lines
        self.colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")

    def _paint(self, colour: str, text: str) -> str:
        return f"{colour}{text}{RESET}" if self.colour else text

    def data(self, obj) -> None:
        print(json.dumps(obj, separators=(",", ":")), flush=True)

    def info(self, message: str) -> None:
        text = f"{DIM}{message}{RESET}" if sys.stderr.isatty() else message
        print(text, file=sys.stderr, flush=True)

    def error(self, message: str) -> None:
        prefix = f"{RED}error:{RESET}" if sys.stderr.isatty() else "error:"
        print(f"{prefix} {message}", file=sys.stderr, flush=True)

    def status(self, code: int | None, failure: str = "") -> str:
        if code is None:
            return self._paint(RED, failure or "no answer")
        colour = GREEN if 200 <= code < 300 else YELLOW if code < 500 else RED
        return self._paint(colour, str(code))

    def line(
        self, *, received_at: str, provider: str, event_type: str, tail: str, log_id: str
    ) -> None:
        when = _clock(received_at)
        print(
            f"{self._paint(DIM, when)}  {self._paint(CYAN, provider or '-'):<20}  "
            f"{self._paint(BOLD, event_type or '-'):<30}  {tail}  {self._paint(DIM, log_id)}",
            flush=True,
        )


def _clock(value: str) -> str:
    try:
        return (
            datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone().strftime("%H:%M:%S")
        )
    except (AttributeError, ValueError):
        return datetime.now().strftime("%H:%M:%S")


def provider_label(log: dict) -> str:
    provider = log.get("provider")
    if isinstance(provider, dict):
        return (
            provider.get("display_name")
            or provider.get("name")
            or provider.get("provider_name")
            or ""
        )
    return str(provider or log.get("provider_name") or "")
