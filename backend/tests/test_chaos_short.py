"""`make chaos`, shortened: 50 signed webhooks a second for 25 seconds through a stack of its
own while a gunicorn worker and a Celery worker are killed -9, Redis restarts and PostgreSQL
crash-stops; afterwards every 2xx has its row and every row reached the receiver.

The recovery sweeps run on shortened timers (their defaults are a minute), so the run ends
within the test's budget; the full run in `make chaos` uses the defaults."""

import json
import signal
import subprocess
import sys
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[1]
QUICK_RECOVERY = {
    "INGEST_REQUEUE_AFTER_SECONDS": "10",
    "DELIVERY_DISPATCH_GRACE_SECONDS": "10",
    "DELIVERY_LEASE_MARGIN_SECONDS": "5",
}


def run_chaos(tmp_path: Path, *args: str, timeout: float) -> tuple[int, dict, str]:
    figures_path = tmp_path / "chaos.json"
    command = [
        sys.executable,
        str(BACKEND / "chaos" / "run.py"),
        *args,
        "--json",
        str(figures_path),
    ]
    for name, value in QUICK_RECOVERY.items():
        command += ["--set", f"{name}={value}"]
    log_path = tmp_path / "chaos.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            # SIGTERM, not SIGKILL: the runner then stops every server it started.
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=90)
    output = log_path.read_text()
    figures = json.loads(figures_path.read_text()) if figures_path.exists() else {}
    return process.returncode, figures, output


def test_nothing_acknowledged_is_lost_while_the_stack_is_broken(tmp_path):
    code, figures, output = run_chaos(
        tmp_path,
        *("--rate", "50", "--duration", "25", "--pg-down", "6", "--drain-timeout", "75"),
        timeout=170,
    )

    assert code == 0, output[-6000:]
    assert [fault for _at, fault, _detail in figures["faults"]] == [
        "kill -9 a gunicorn worker",
        "kill -9 Celery worker 0",
        "start Celery worker 0 again",
        "restart Redis",
        "stop PostgreSQL (immediate)",
        "start PostgreSQL again",
    ]
    assert figures["2xx"] > 0 and figures["503"] > 0, "PostgreSQL's absence never showed"
    assert figures["lost_2xx"] == 0
    assert figures["2xx_not_exactly_one_row"] == 0
    assert figures["rows_not_at_receiver"] == 0
    assert figures["rows_stored"] == figures["logs_delivered"] >= figures["2xx"]
    alive = figures["processes_alive"]
    assert alive["gunicorn"] and alive["beat"], alive
    # A Celery worker whose broker connection breaks mid-read can exit instead of
    # reconnecting (seen once in several runs, during the Redis restart); production runs
    # workers under a supervisor that restarts them. What this test guards is that nothing
    # is lost meanwhile: the other worker must carry every log (asserted above).
    assert alive["worker 0"] or alive["worker 1"], alive
