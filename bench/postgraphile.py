"""PostGraphile 4 for the ``peer`` rows of ``grassroots bench api``, and PostgreSQL's CPU time.

PostGraphile is installed from the npm registry into a scratch directory (once; later runs
reuse it) and serves the bench's scratch database, one Node.js process, as its own CLI does.
Our ledger keeps no foreign key from ``bank_holders.points_account_id`` to ``accounts`` (the
ledger knows nothing of the bank), so a smart tag declares that relation: PostGraphile's answer
to "my balance" is then holder → wallet in one request, as a frontend would send it.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx

from bench.servers import CLOCK_TICKS_PER_SECOND, READY_SECONDS_MAX, Server, free_port
from kit.database import to_libpq_url

PACKAGE = {"name": "grassroots-bench-peer", "private": True,
           "dependencies": {"postgraphile": "^4.14.1"}}  # fmt: skip
TAGS = {"version": 1, "config": {"class": {"bank_holders": {"tags": {
    "foreignKey": "(points_account_id) references accounts (id)",
}}}}}  # fmt: skip
INSTALL_SECONDS_MAX = 300


class PeerUnavailable(Exception):
    """PostGraphile cannot run here (no Node.js, or npm could not install it): the reason."""


def install_postgraphile(directory: Path) -> Path:
    """The PostGraphile CLI in ``directory``, installed with npm if it is not there yet."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise PeerUnavailable("node and npm are not on PATH (PostGraphile needs Node.js)")
    directory = directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "package.json").write_text(json.dumps(PACKAGE, indent=2) + "\n")
    (directory / "postgraphile.tags.json5").write_text(json.dumps(TAGS, indent=2) + "\n")
    cli = directory / "node_modules" / "postgraphile" / "cli.js"
    if not cli.is_file():
        command = ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"]
        try:
            subprocess.run(
                command, cwd=directory, check=True, capture_output=True, text=True,
                timeout=INSTALL_SECONDS_MAX,
            )  # fmt: skip
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            detail = (getattr(error, "stderr", None) or str(error)).strip().splitlines()
            raise PeerUnavailable(f"npm install postgraphile failed: {detail[-1:]}") from error
    return cli


@contextmanager
def postgraphile_server(cli: Path, database_url: str) -> Iterator[Server]:
    """PostGraphile on a free port over ``database_url`` (schema ``public``), until the block ends.

    Run as its CLI with the query log off and ``NODE_ENV=production``, its fastest settings."""
    port = free_port()
    command = [
        "node", str(cli), "--connection", to_libpq_url(database_url), "--schema", "public",
        "--host", "127.0.0.1", "--port", str(port), "--disable-query-log",
    ]  # fmt: skip
    environment = {**os.environ, "NODE_ENV": "production"}
    log_path = cli.parents[2] / "postgraphile.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=cli.parents[2], env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_ready(port, process, log_path)
            yield Server(port, process.pid)
        finally:
            process.terminate()
            process.wait(timeout=15)


def _wait_ready(port: int, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Until ``{ __typename }`` answers (PostGraphile listens before its schema is built)."""
    deadline = time.monotonic() + READY_SECONDS_MAX
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = log_path.read_text(errors="replace")[-500:]
            raise RuntimeError(f"PostGraphile exited with {process.returncode}: {said}")
        try:
            answer = httpx.post(
                f"http://127.0.0.1:{port}/graphql", json={"query": "{ __typename }"}, timeout=2
            )
            if answer.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"PostGraphile on port {port} not ready after {READY_SECONDS_MAX} s")


@dataclass(frozen=True)
class PostgresCpu:
    """CPU time of a local PostgreSQL: the postmaster, its live children and those it reaped."""

    postmaster_pid: int

    def seconds(self) -> float:
        total = _cpu_ticks(self.postmaster_pid, with_reaped_children=True)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit() and _parent_of(entry) == self.postmaster_pid:
                total += _cpu_ticks(int(entry.name))
        return total / CLOCK_TICKS_PER_SECOND


def postgres_cpu(database_url: str) -> PostgresCpu | None:
    """The meter for the server behind ``database_url``, or None when it is not on this machine
    (or its data directory is not readable here)."""

    async def data_directory() -> str:
        connection = await asyncpg.connect(to_libpq_url(database_url))
        try:
            return str(await connection.fetchval("SELECT current_setting('data_directory')"))
        finally:
            await connection.close()

    try:
        pid_file = Path(asyncio.run(data_directory())) / "postmaster.pid"
        pid = int(pid_file.read_text().split()[0])
        _stat_fields(pid)
    except (OSError, ValueError, IndexError, asyncpg.PostgresError):
        return None
    return PostgresCpu(pid)


def _stat_fields(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_ticks(pid: int, *, with_reaped_children: bool = False) -> int:
    try:
        fields = _stat_fields(pid)
    except OSError:
        return 0  # exited meanwhile: its time is in the postmaster's reaped children
    ticks = int(fields[11]) + int(fields[12])
    return ticks + (int(fields[13]) + int(fields[14]) if with_reaped_children else 0)


def _parent_of(entry: Path) -> int | None:
    try:
        return int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None
