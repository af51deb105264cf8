"""Goal: ``grassroots serve`` on the embedded PostgreSQL leaves nothing running when stopped by
SIGTERM (what systemd, docker and Kubernetes send) or SIGINT (Ctrl-C): the postmaster it
started is gone and its pid is out of pgserver's handle list (issue 14, defect 7).

Method: the real CLI as a subprocess, no database URL, a fresh data directory of its own
(never the suite's shared server); once ``/readyz`` answers 200 the postmaster's pid is read
from ``postmaster.pid``, the signal sent to ``serve``, and the process table read after it ends.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from bench.servers import free_port
from kit.embedded import HANDLES_FILE, postmaster_pid
from tests.support.auth import TEST_JWT_SECRET

GRASSROOTS = str(Path(sys.executable).with_name("grassroots"))
READY_SECONDS_MAX = 90.0
EXIT_SECONDS_MAX = 60.0
BIND_ATTEMPTS_MAX = 3


def serve_embedded(data_dir: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """``serve`` on its own embedded PostgreSQL under ``data_dir``."""
    environment = {
        key: value for key, value in os.environ.items() if key != "GRASSROOTS_DATABASE_URL"
    }
    environment |= {"GRASSROOTS_DATA_DIR": str(data_dir), "GRASSROOTS_JWT_SECRET": TEST_JWT_SECRET,
                    "GRASSROOTS_BACKGROUND_TASKS": "false"}  # fmt: skip
    command = [GRASSROOTS, "serve", "--port", str(port), "--no-access-log"]
    with log.open("wb") as output:
        return subprocess.Popen(
            command, env=environment, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def started_serve(data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    """``serve`` once ready; started again on another port if another process took the free
    port it was given in the seconds the embedded server took to start."""
    for _ in range(BIND_ATTEMPTS_MAX):
        port = free_port()
        process = serve_embedded(data_dir, port, log)
        if wait_ready(port, process):
            return process
        assert "address already in use" in log.read_text(), log.read_text()
    raise AssertionError(f"no free port: {log.read_text()}")


def wait_ready(port: int, process: subprocess.Popen[bytes]) -> bool:
    """True once ``/readyz`` answers 200; False if ``serve`` exited first."""
    deadline = time.monotonic() + READY_SECONDS_MAX
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("serve was not ready in time")


def running(pid: int) -> bool:
    try:
        status: str = psutil.Process(pid).status()
    except psutil.NoSuchProcess:
        return False
    return bool(status != psutil.STATUS_ZOMBIE)


def stop_leftovers(process: subprocess.Popen[bytes], postmaster: int | None) -> None:
    """After a failed assertion: nothing of this test may outlive it."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    if postmaster is not None and running(postmaster):
        os.kill(postmaster, signal.SIGQUIT)  # PostgreSQL's immediate shutdown


@pytest.mark.slow
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_stopping_serve_stops_its_embedded_postgresql(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    log, pgdata = tmp_path / "serve.log", tmp_path / "pgdata"
    process, postmaster = started_serve(tmp_path, log), None
    try:
        postmaster = postmaster_pid(pgdata)
        assert postmaster is not None
        process.send_signal(stop_signal)
        process.wait(EXIT_SECONDS_MAX)
        assert not running(postmaster), log.read_text()
        assert process.pid not in json.loads((pgdata / HANDLES_FILE).read_text())
        assert "Application shutdown complete" in log.read_text()
    finally:
        stop_leftovers(process, postmaster or postmaster_pid(pgdata))
