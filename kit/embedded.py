"""The embedded PostgreSQL (the ``pgserver`` wheel), used when no database URL is configured.

The server listens on a Unix socket inside the data directory only, so two checkouts never
collide on a port. It is left running when the process exits (``cleanup_mode=None``) so that
a restart of ``serve`` reuses it in well under a second; ``grassroots db stop`` stops it.
"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

logging.getLogger("pgserver").setLevel(logging.WARNING)


def start_embedded(pgdata: Path) -> str:
    """Start (or attach to) the embedded server; return its libpq URL to the ``postgres`` db."""
    import pgserver  # imported lazily: a deployment with a real server never loads it

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(pgdata, cleanup_mode=None)  # type: ignore[attr-defined]
    return str(server.get_uri())


def socket_dir_of(libpq_url: str) -> str | None:
    """The ``host=`` query parameter of a socket URL, as pgserver writes it."""
    hosts = parse_qs(urlparse(libpq_url).query).get("host")
    return hosts[0] if hosts else None


def embedded_bin(name: str) -> Path:
    """Path of a PostgreSQL client program shipped in the pgserver wheel (pg_dump, pgbench…)."""
    from pgserver._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH) / name


def stop_embedded(pgdata: Path, mode: str = "fast") -> None:
    """Stop the embedded server; ``mode`` is pg_ctl's (smart, fast, immediate)."""
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    if (pgdata / "postmaster.pid").exists():
        try:
            pg_ctl(["-w", "-m", mode, "stop"], pgdata=pgdata, user=_system_user())
        except subprocess.CalledProcessError:
            logging.getLogger(__name__).warning("embedded PostgreSQL was not running")


def _system_user() -> str | None:
    import os

    return "pgserver" if os.geteuid() == 0 else None
