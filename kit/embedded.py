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

from kit.operator_errors import OperatorError

HANDLES_FILE = ".handle_pids.json"  # pgserver's list of processes using the server

logging.getLogger("pgserver").setLevel(logging.WARNING)
pg_ctl = pgserver_commands.pg_ctl  # type: ignore[attr-defined]  # defined at run time


def start_embedded(pgdata: Path) -> str:
    """Start (or attach to) the embedded server; return its libpq URL to the ``postgres`` db."""
    try:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        _forget_dead_handles(pgdata)
        server = pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
    except OSError as error:  # a read-only or foreign data directory
        raise OperatorError(f"cannot use the data directory {pgdata.resolve()}: {error}") from error
    except subprocess.CalledProcessError as error:
        reason = _server_log_problem(pgdata) or "see its log"
        message = f"the embedded PostgreSQL in {pgdata.resolve()} did not start: {reason}"
        raise OperatorError(message) from error
    return str(server.get_uri())


def _server_log_problem(pgdata: Path) -> str | None:
    """The server log's last FATAL or PANIC line (why it did not start), without its prefix."""
    try:
        lines = (pgdata / "log").read_text(errors="replace").splitlines()
    except OSError:
        return None
    problems = [line for line in lines if "FATAL:" in line or "PANIC:" in line]
    return problems[-1].split(":  ", 1)[-1].strip() if problems else None


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


def release_embedded(pgdata: Path) -> None:
    """Give up this process's handle on the server, and stop it if no other process holds one.

    What pgserver does at exit, done by ``serve`` itself: at SIGTERM uvicorn ends the process
    by re-raising the signal, and exit hooks never run. Unlike pgserver, this stops the server
    now running in ``pgdata``, also one the supervisor restarted after a crash. Idempotent.
    """
    handles = pgdata / HANDLES_FILE
    with PostgresServer._lock:  # the lock pgserver itself takes around this file
        others = [pid for pid in _handle_pids(handles) if pid != os.getpid()]
        others = [pid for pid in others if psutil.pid_exists(pid)]
        if handles.exists():
            handles.write_text(json.dumps(others))
        if not others:
            stop_embedded(pgdata, mode="fast")


def _handle_pids(handles: Path) -> list[int]:
    try:
        return [int(pid) for pid in json.loads(handles.read_text())]
    except (OSError, ValueError, TypeError):
        return []


def postmaster_pid(pgdata: Path) -> int | None:
    """The pid of the postmaster serving ``pgdata`` if it is alive, else None."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    try:
        process = psutil.Process(pid)
        alive = process.status() != psutil.STATUS_ZOMBIE and "postgres" in process.name()
    except psutil.Error:
        return None
    return pid if alive else None


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


def restart_embedded(pgdata: Path, socket_dir: str, *, quiet: bool = False) -> None:
    """Start a stopped (or crashed) embedded server again, on the socket pgserver chose for it.

    pgserver only starts servers it has not seen in this process; after ``stop_embedded``
    (a fault test's crash) this starts it with the same options, so its URL stays valid.
    ``quiet``: a failure is the caller's to report (pgserver would log pg_ctl's whole output).
    """
    options = ["-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(pgdata / "log"), "start"]
    pgserver_logger = logging.getLogger("pgserver")
    level = pgserver_logger.level
    if quiet:
        pgserver_logger.setLevel(logging.CRITICAL)
    try:
        pg_ctl(options, pgdata=pgdata, user=_system_user(), timeout=60)
    finally:
        pgserver_logger.setLevel(level)


def server_log_tail(pgdata: Path) -> str:
    """The last line of the embedded server's log (why it did not start, usually)."""
    try:
        lines = (pgdata / "log").read_text(errors="replace").strip().splitlines()
    except OSError:
        return "no server log"
    return lines[-1][:300] if lines else "empty server log"


def _system_user() -> str | None:
    return "pgserver" if os.geteuid() == 0 else None
