"""A local hot standby of a primary, made with ``pg_basebackup`` (for demos and tests).

The standby streams the primary's WAL (``-R`` writes ``standby.signal`` and the connection to
the primary) and answers read-only queries. Like the embedded server it listens on a Unix
socket only: in its own directory when the path is short enough for a socket name, else in a
temporary directory, recorded in ``SOCKET_FILE``. No replication slot is made, so a primary
never keeps WAL for a standby that was thrown away.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from kit.embedded import embedded_bin, postmaster_pid
from kit.operator_errors import OperatorError

SOCKET_FILE = "standby_socket_dir"
# A socket's path is limited to 107 bytes; ".s.PGSQL.5432" takes 14 of them.
SOCKET_DIR_LENGTH_MAX = 90
SERVER_USER = "pgserver"  # the embedded server's user when running as root (see kit.embedded)
START_TIMEOUT_SECONDS = 120


def create_standby(primary_url: str, directory: Path) -> str:
    """Copy the primary at ``primary_url`` (libpq form) into the empty ``directory``, start
    the copy as a hot standby; return its URL (the primary's, on the standby's socket)."""
    directory = directory.resolve()
    if directory.exists() and any(directory.iterdir()):
        raise OperatorError(f"{directory} is not empty: a standby needs a new directory")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _own(directory)
    backup = [str(embedded_bin("pg_basebackup")), "-d", primary_url, "-D", str(directory)]
    _run([*backup, "-R", "-X", "stream", "--checkpoint=fast"], "pg_basebackup")
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


def remove_standby(directory: Path) -> None:
    """Stop the standby and delete it (and a socket directory made for it)."""
    stop_standby(directory, mode="immediate")
    socket_file = directory / SOCKET_FILE
    if socket_file.exists():
        socket_dir = Path(socket_file.read_text().strip())
        if socket_dir != directory.resolve():
            shutil.rmtree(socket_dir, ignore_errors=True)
    shutil.rmtree(directory, ignore_errors=True)


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
