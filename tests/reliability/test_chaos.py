"""Goal: under faults nothing acknowledged is lost and nothing is doubled; and the check can
fail: with idempotency bypassed (a fresh key on every retry) it reports doubles.

Method: ``grassroots chaos`` as a subprocess, as an operator runs it: its own embedded
PostgreSQL in a temporary directory, ``serve --workers 2`` killed with SIGKILL, PostgreSQL
stopped in immediate mode, every tenth mutation's answer dropped on arrival; the exit code
and the closing ``violations: N`` line asserted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
