"""Starting and stopping uvicorn servers for benchmarks (one worker each, same settings).

A server reports the CPU time its process has used, so a benchmark can state what a request
costs the server itself: on a 2-core machine shared with PostgreSQL and the load generator,
that is steadier than requests per second, and it shows when the client is the bottleneck.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

READY_SECONDS_MAX = 120.0  # a loaded shared machine takes over 30 s to import the app
CLOCK_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Server:
    port: int
    pid: int

    def cpu_seconds(self) -> float:
        """User and system CPU time of the server process so far (Linux ``/proc``)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS_PER_SECOND


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def uvicorn_server(factory: str, env: dict[str, str], ready_path: str) -> Iterator[Server]:
    """Run ``uvicorn --factory FACTORY`` on a free port until the block ends (one worker: the
    server is the process started here)."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", factory, "--factory",
        "--host", "127.0.0.1", "--port", str(port),
        "--workers", "1", "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    process = subprocess.Popen(command, env={**os.environ, **env})
    try:
        _wait_ready(port, ready_path, process)
        yield Server(port, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=15)


def _wait_ready(port: int, path: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_SECONDS_MAX
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} not ready after {READY_SECONDS_MAX} s")
