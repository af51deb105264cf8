"""Backups with pg_dump and pg_restore (custom format: compressed, restorable table by table).

The programs come from the pgserver wheel for the embedded server (its own version), from PATH
for an external one; either way the first whose major version is at least the server's (pg_dump
refuses older servers only), so a Debian pg_dump 15 on PATH falls back to the wheel's 16.

A restore goes into an empty database only: restoring over live data would mix two ledgers,
so replacing a database is an explicit choice (``recreate_database`` first).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import asyncpg

from kit.database import admin_connection, database_of, to_libpq_url
from kit.embedded import embedded_bin

RESTORE_JOBS = 2  # tables restored in parallel


class BackupError(Exception):
    """pg_dump or pg_restore failed, or the target was not empty; ``str`` says why."""


def client_program(name: str, server_major: int, *, embedded: bool) -> Path:
    """pg_dump or pg_restore able to talk to a server of major version ``server_major``."""
    wheel, path = str(embedded_bin(name)), shutil.which(name)
    candidates = [wheel, path] if embedded else [path, wheel]
    for candidate in candidates:
        if candidate is not None and _major_version(candidate) >= server_major:
            return Path(candidate)
    raise BackupError(f"no {name} of PostgreSQL {server_major} or later (PATH or pgserver)")


def _major_version(program: str) -> int:
    """``pg_dump (PostgreSQL) 16.2`` → 16."""
    version = _run([program, "--version"]).split()[-1]
    return int(version.split(".")[0])


async def server_major_version(url: str) -> int:
    connection = await asyncpg.connect(to_libpq_url(url))
    try:
        return int(await connection.fetchval("SHOW server_version_num")) // 10_000
    finally:
        await connection.close()


def backup(url: str, path: Path, program: Path) -> None:
    """Dump the database at ``url`` into ``path`` (custom format) with ``program`` (pg_dump)."""
    command = [
        str(program), "--format=custom", "--no-owner",
        f"--file={path}", f"--dbname={to_libpq_url(url)}",
    ]  # fmt: skip
    _run(command)


def toc_entries(path: Path, program: Path) -> int:
    """How many items the archive holds (tables, data, indexes…): a restore's progress total."""
    command = [str(program), "--list", str(path)]
    listing = _run(command)
    return sum(1 for line in listing.splitlines() if line and not line.startswith(";"))


def restore(
    url: str, path: Path, program: Path, on_item: Callable[[str], None] = lambda _line: None
) -> None:
    """Restore ``path`` into the (empty) database at ``url`` with ``program`` (pg_restore);
    ``on_item`` hears each line pg_restore reports."""
    command = [
        str(program), "--verbose", "--exit-on-error",
        "--no-owner", f"--jobs={RESTORE_JOBS}", f"--dbname={to_libpq_url(url)}", str(path),
    ]  # fmt: skip
    with subprocess.Popen(  # noqa: S603 (our own program path and options)
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    ) as process:
        assert process.stderr is not None
        lines = []
        for line in process.stderr:
            lines.append(line)
            on_item(line.strip())
    if process.returncode != 0:
        raise BackupError(f"pg_restore exited with {process.returncode}: {''.join(lines[-5:])}")


def _run(command: list[str]) -> str:
    finished = subprocess.run(  # noqa: S603 (our own program path and options)
        command, capture_output=True, text=True, check=False
    )
    if finished.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {finished.stderr.strip()}")
    return finished.stdout


async def table_count(url: str) -> int | None:
    """Tables in the database's public schema; None if the database does not exist."""
    try:
        connection = await asyncpg.connect(to_libpq_url(url))
    except asyncpg.InvalidCatalogNameError:
        return None
    try:
        statement = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        return int(await connection.fetchval(statement))
    finally:
        await connection.close()


async def recreate_database(url: str) -> None:
    """Drop the URL's database (disconnecting its sessions) and create it empty."""
    name = database_of(url)
    async with admin_connection(url) as admin:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
