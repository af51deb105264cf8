"""Goal: under faults nothing acknowledged is lost and nothing is doubled; and the check can
fail: with idempotency bypassed (a fresh key on every retry) it reports doubles. An outage of
the database is answered 503, never 500, and the server heals by itself: after its embedded
postmaster is SIGKILLed, it answers again within 30 s without being restarted.

Method: ``grassroots chaos`` as a subprocess, as an operator runs it: its own embedded
PostgreSQL in a temporary directory, ``serve --workers 2`` killed with SIGKILL, PostgreSQL
stopped in immediate mode, every tenth mutation's answer dropped on arrival; the exit code
and the closing ``violations: N`` line asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.chaos.checker import RECOVERY_SECONDS_MAX

GRASSROOTS = str(Path(sys.executable).with_name("grassroots"))
RUN_SECONDS_MAX = 240


def _chaos(*options: str) -> tuple[int, str]:
    finished = subprocess.run(
        [GRASSROOTS, "chaos", "--clients", "4", "--workers", "2", "--lose-every", "10", *options],
        capture_output=True, text=True, timeout=RUN_SECONDS_MAX, check=False,
    )  # fmt: skip
    return finished.returncode, finished.stdout


@pytest.mark.slow
def test_nothing_lost_nothing_doubled_under_kills_and_a_crash() -> None:
    code, output = _chaos("--operations", "300", "--server-kills", "1", "--db-crashes", "1")
    lines = output.strip().splitlines()
    assert lines[-1] == "violations: 0", output
    assert code == 0
    assert "server kills" in output


@pytest.mark.slow
def test_bypassing_idempotency_is_caught() -> None:
    code, output = _chaos(
        "--operations", "150", "--server-kills", "0", "--db-crashes", "0",
        "--unsafe-no-idempotency",
    )  # fmt: skip
    last = output.strip().splitlines()[-1]
    assert last.startswith("violations: ")
    assert int(last.removeprefix("violations: ")) > 0, output
    assert "doubled" in output
    assert code == 1


@pytest.mark.slow
def test_the_server_restarts_its_killed_postmaster_under_load(tmp_path: Path) -> None:
    """The server runs on the run's own embedded PostgreSQL (a temporary data directory, not
    the suite's); 4 clients keep sending sales, awards and balance reads while the postmaster
    is SIGKILLed once. The run's checks include: no answer 5xx other than 503, ``/readyz``
    200 again within 30 s of the kill; here also that the outage was seen (503s) and that
    every operation was answered in the end, the server never restarted."""
    figures_path = tmp_path / "figures.json"
    code, output = _chaos(
        "--operations", "300", "--server-kills", "0", "--db-crashes", "0",
        "--postmaster-kills", "1", "--json", str(figures_path),
    )  # fmt: skip
    assert output.strip().splitlines()[-1] == "violations: 0", output
    assert code == 0
    figures = json.loads(figures_path.read_text())
    assert figures["postmaster_kills"] == 1
    assert figures["server_kills"] == 0
    assert figures["answers_5xx_other"] == 0
    assert figures["answers_503"] > 0, "the kill landed outside every request"
    assert 0 < figures["recovery_seconds_max"] <= RECOVERY_SECONDS_MAX
    assert figures["unacknowledged"] == 0
