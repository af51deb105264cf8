"""A local hot standby of a primary, made with ``pg_basebackup`` (for demos and tests).

The standby streams the primary's WAL (``-R`` writes ``standby.signal`` and the connection to
the primary) and answers read-only queries. Like the embedded server it listens on a Unix
socket only: in its own directory when the path is short enough for a socket name, else in a
temporary directory, recorded in ``SOCKET_FILE``. A physical replication slot (named in
``SLOT_FILE``) makes the primary keep the WAL the standby has not received yet, so a standby
that falls behind (or is stopped for a while) catches up instead of finding it recycled;
``remove_standby`` drops it (a standby deleted by hand leaves it: drop it on the primary with
``pg_drop_replication_slot``).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import asyncpg

from kit.database import CONNECT_TIMEOUT_SECONDS
from kit.embedded import embedded_bin, postmaster_pid
from kit.operator_errors import OperatorError

SOCKET_FILE = "standby_socket_dir"
SLOT_FILE = "standby_slot"
SLOT_PREFIX = "grassroots_standby_"
# A socket's path is limited to 107 bytes; ".s.PGSQL.5432" takes 14 of them.
SOCKET_DIR_LENGTH_MAX = 90
SERVER_USER = "pgserver"  # the embedded server's user when running as root (see kit.embedded)
START_TIMEOUT_SECONDS = 120
NAME_LENGTH_MAX = 63  # PostgreSQL's identifiers
SLOT_RELEASE_TRIES = 100
DROP_SLOT_SQL = (
    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1"
)


def create_standby(primary_url: str, directory: Path) -> str:
    """Copy the primary at ``primary_url`` (libpq form) into the empty ``directory``, start
    the copy as a hot standby; return its URL (the primary's, on the standby's socket)."""
    directory = directory.resolve()
    if directory.exists() and any(directory.iterdir()):
        raise OperatorError(f"{directory} is not empty: a standby needs a new directory")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _own(directory)
    slot = slot_name(directory)
    backup = [str(embedded_bin("pg_basebackup")), "-d", primary_url, "-D", str(directory)]
    _run([*backup, "-R", "-X", "stream", "-C", "-S", slot, "--checkpoint=fast"], "pg_basebackup")
    (directory / SLOT_FILE).write_text(slot)
    # The primary's own files, copied when its socket and pgserver's state live in its pgdata.
    for name in [".handle_pids.json", "log", *(p.name for p in directory.glob(".s.PGSQL.*"))]:
        (directory / name).unlink(missing_ok=True)
    socket_dir = directory
    if len(str(directory)) > SOCKET_DIR_LENGTH_MAX:
        socket_dir = Path(tempfile.mkdtemp(prefix="grassroots-standby-"))
        _own(socket_dir)
    (directory / SOCKET_FILE).write_text(str(socket_dir))
    start_standby(directory)
    return standby_url(primary_url, directory)


def standby_url(primary_url: str, directory: Path) -> str:
    """``primary_url`` pointed at the standby's socket (same user and database)."""
    parts = urlsplit(primary_url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    query["host"] = (directory.resolve() / SOCKET_FILE).read_text().strip()
    return urlunsplit(
        parts._replace(netloc=parts.netloc.split("@")[0] + "@", query=urlencode(query))
    )


def start_standby(directory: Path) -> None:
    """Start the standby in ``directory`` (waits until it accepts read-only connections)."""
    if postmaster_pid(directory) is not None:
        return
    socket_dir = (directory / SOCKET_FILE).read_text().strip()
    options = ["-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(directory / "log")]
    pg_ctl = [str(embedded_bin("pg_ctl")), "-D", str(directory), "-w"]
    _run([*pg_ctl, "-t", str(START_TIMEOUT_SECONDS), *options, "start"], "the standby")


def stop_standby(directory: Path, mode: str = "fast") -> None:
    """Stop the standby in ``directory`` if it runs (``mode``: pg_ctl's)."""
    if postmaster_pid(directory) is not None:
        _run([str(embedded_bin("pg_ctl")), "-D", str(directory), "-w", "-m", mode, "stop"], "stop")


def slot_name(directory: Path) -> str:
    """A slot name of the standby's directory name (letters, digits and ``_`` only)."""
    name = re.sub(r"[^a-z0-9_]", "_", directory.name.lower())
    return (SLOT_PREFIX + name)[:NAME_LENGTH_MAX]


def remove_standby(directory: Path, primary_url: str) -> None:
    """Stop the standby, drop its slot on the primary at ``primary_url`` (libpq form), delete
    it (and a socket directory made for it)."""
    stop_standby(directory, mode="immediate")
    slot_file = directory / SLOT_FILE
    if slot_file.exists():
        asyncio.run(drop_slot(primary_url, slot_file.read_text().strip()))
    socket_file = directory / SOCKET_FILE
    if socket_file.exists():
        socket_dir = Path(socket_file.read_text().strip())
        if socket_dir != directory.resolve():
            shutil.rmtree(socket_dir, ignore_errors=True)
    shutil.rmtree(directory, ignore_errors=True)


async def drop_slot(primary_url: str, slot: str) -> None:
    """Drop the replication slot ``slot`` on the primary if it exists."""
    connection = await asyncpg.connect(primary_url, timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        for _ in range(SLOT_RELEASE_TRIES):  # the primary notices the standby gone soon after
            try:
                await connection.execute(DROP_SLOT_SQL, slot)
                return
            except asyncpg.ObjectInUseError:
                await asyncio.sleep(0.1)
        await connection.execute(DROP_SLOT_SQL, slot)
    finally:
        await connection.close()


def _run(command: list[str], what: str) -> None:
    """Run a PostgreSQL program as the server's user. Output goes to a file, not a pipe: the
    server pg_ctl starts inherits it and would keep a pipe open forever."""
    user = SERVER_USER if os.geteuid() == 0 else None
    with tempfile.TemporaryFile("w+") as output:
        try:
            subprocess.run(  # noqa: S603 (our own program path and options)
                command, check=True, stdout=output, stderr=output, user=user, timeout=600
            )
        except subprocess.CalledProcessError as error:
            output.seek(0)
            lines = output.read().strip().splitlines()
            raise OperatorError(f"{what} failed: {lines[-1] if lines else error}") from error


def _own(path: Path) -> None:
    """As root, the server's user must own its directories (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        shutil.chown(path, SERVER_USER, SERVER_USER)
        path.chmod(0o700)
