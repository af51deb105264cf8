"""The faults: the server's process group killed with SIGKILL and restarted, PostgreSQL stopped
in immediate mode (a crash: no shutdown checkpoint, recovery from WAL on start) and restarted,
and PostgreSQL's postmaster SIGKILLed and left for the server to restart (the server then runs
on the embedded database itself and supervises it).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import asyncpg
import httpx

from kit.embedded import (
    postmaster_pid,
    restart_embedded,
    socket_dir_of,
    start_embedded,
    stop_embedded,
)

READY_SECONDS_MAX = 60.0
WEAKENED = ("synchronous_commit = off", "fsync = off", "wal_writer_delay = '10s'")


def grassroots_executable() -> str:
    beside = Path(sys.executable).with_name("grassroots")
    return str(beside) if beside.exists() else shutil.which("grassroots") or "grassroots"


class ChaosDatabase:
    """A fresh embedded PostgreSQL in a temporary directory that can be crashed and restarted;
    or an external server (given by URL), which this run cannot crash."""

    def __init__(self, url: str | None) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="grassroots-chaos-"))
        self.pgdata: Path | None = None
        if url is None:
            self.pgdata = self.workdir / "pgdata"
            url = start_embedded(self.pgdata)
        self.server_url = url
        self.crashes = 0
        self.postmaster_kills = 0

    @property
    def crashable(self) -> bool:
        return self.pgdata is not None

    async def weaken_durability(self) -> None:
        """Acknowledge commits before their WAL is written (``synchronous_commit = off``) and
        let the WAL writer sleep long: an immediate stop then loses the latest acknowledged
        commits. Only to show the checker catching lost operations; never do this for real."""
        connection = await asyncpg.connect(self.server_url)
        try:
            for setting in WEAKENED:
                await connection.execute(f"ALTER SYSTEM SET {setting}")
            await connection.execute("SELECT pg_reload_conf()")
        finally:
            await connection.close()

    def crash(self, down_seconds: float) -> None:
        """``pg_ctl stop -m immediate``, a pause, then start (crash recovery replays WAL)."""
        assert self.pgdata is not None
        stop_embedded(self.pgdata, mode="immediate")
        self.crashes += 1
        time.sleep(down_seconds)
        socket_dir = socket_dir_of(self.server_url)
        assert socket_dir is not None
        restart_embedded(self.pgdata, socket_dir)

    def kill_postmaster(self) -> None:
        """SIGKILL the postmaster, as the OOM killer does; nothing here starts it again."""
        assert self.pgdata is not None
        pid = postmaster_pid(self.pgdata)
        assert pid is not None, "PostgreSQL is not running"
        os.kill(pid, signal.SIGKILL)
        self.postmaster_kills += 1

    def close(self) -> None:
        if self.pgdata is not None:
            stop_embedded(self.pgdata, mode="fast")
        shutil.rmtree(self.workdir, ignore_errors=True)


@dataclass
class ServerProcess:
    """``grassroots serve --workers W`` in its own process group (uvicorn's supervisor and its
    workers die together), on a fixed port so clients reconnect to the restarted server.
    Without ``database_url`` it serves the embedded database its ``env`` points at."""

    database_url: str | None
    port: int
    workers: int
    env: dict[str, str]
    log_path: Path
    kills: int = 0
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    def start(self) -> None:
        command = [
            grassroots_executable(), "serve", "--host", "127.0.0.1", "--port", str(self.port),
            "--workers", str(self.workers), "--no-access-log",
        ]  # fmt: skip
        environment = {**os.environ, **self.env}
        environment.pop("GRASSROOTS_DATABASE_URL", None)
        if self.database_url is not None:
            environment["GRASSROOTS_DATABASE_URL"] = self.database_url
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            command, env=environment, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        wait_ready(self.port, self.process)

    def wait_ready(self) -> float:
        """Seconds until ``/readyz`` answers 200 again (after a fault)."""
        assert self.process is not None
        return wait_ready(self.port, self.process)

    def kill(self) -> None:
        """SIGKILL the whole process group: no draining, no goodbye to the database."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.kills += 1

    def stop(self) -> None:
        """SIGTERM (graceful) at the end of the run."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self._log is not None:
            self._log.close()


def wait_ready(port: int, process: subprocess.Popen[bytes]) -> float:
    """Until ``/readyz`` answers 200 (database reachable, migrations at head); the seconds."""
    started = time.monotonic()
    deadline = started + READY_SECONDS_MAX
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server on port {port} not ready after {READY_SECONDS_MAX} s")
