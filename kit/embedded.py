"""The embedded PostgreSQL (the ``pgserver`` wheel), used when no database URL is configured.

The server listens on a Unix socket only, so two checkouts never collide on a port. pgserver
counts the processes holding a handle on a data directory; the last one to exit stops the
server cleanly (a fast shutdown), so nothing lingers after ``serve`` or the tests end. A server
left running by a killed process is simply reused by the next start.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pgserver
import psutil
from pgserver import _commands as pgserver_commands
from pgserver.postgres_server import PostgresServer

HANDLES_FILE = ".handle_pids.json"  # pgserver's list of processes using the server

logging.getLogger("pgserver").setLevel(logging.WARNING)
pg_ctl = pgserver_commands.pg_ctl  # type: ignore[attr-defined]  # defined at run time


def start_embedded(pgdata: Path) -> str:
    """Start (or attach to) the embedded server; return its libpq URL to the ``postgres`` db."""
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
    return str(server.get_uri())


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop pids of processes that died without saying goodbye (SIGKILL) from pgserver's list.

    Otherwise the last live user would never be "last", and the server would never stop.
    """
    handles = pgdata / HANDLES_FILE
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text())
    except (OSError, json.JSONDecodeError):
        return
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        with PostgresServer._lock:  # the lock pgserver itself takes around this file
            handles.write_text(json.dumps(alive))


def socket_dir_of(libpq_url: str) -> str | None:
    """The ``host=`` query parameter of a socket URL, as pgserver writes it."""
    hosts = parse_qs(urlparse(libpq_url).query).get("host")
    return hosts[0] if hosts else None


def embedded_bin(name: str) -> Path:
    """Path of a PostgreSQL client program shipped in the pgserver wheel (pg_dump, pgbench…)."""
    return Path(pgserver_commands.POSTGRES_BIN_PATH) / name


def stop_embedded(pgdata: Path, mode: str = "fast") -> None:
    """Stop the embedded server; ``mode`` is pg_ctl's (smart, fast, immediate)."""
    if (pgdata / "postmaster.pid").exists():
        try:
            pg_ctl(["-w", "-m", mode, "stop"], pgdata=pgdata, user=_system_user())
        except subprocess.CalledProcessError:
            logging.getLogger(__name__).warning("embedded PostgreSQL was not running")


def restart_embedded(pgdata: Path, socket_dir: str) -> None:
    """Start a stopped (or crashed) embedded server again, on the socket pgserver chose for it.

    pgserver only starts servers it has not seen in this process; after ``stop_embedded``
    (a fault test's crash) this starts it with the same options, so its URL stays valid.
    """
    options = ["-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(pgdata / "log"), "start"]
    pg_ctl(options, pgdata=pgdata, user=_system_user(), timeout=60)


def _system_user() -> str | None:

    return "pgserver" if os.geteuid() == 0 else None
