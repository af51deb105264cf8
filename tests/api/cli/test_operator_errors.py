"""Goal: every known operator error — a database that cannot be reached, does not exist or was
never migrated, a data directory PostgreSQL cannot use, a port in use, no database in the
folder a command runs from — answers one line on stderr, exit status 2, within 5 s; `--debug`
shows the traceback; no command but `serve` and `migrate` (and `restore`) creates a database.

Method: the installed `grassroots` program as a subprocess, with a clean environment (no
GRASSROOTS_ variables, no .env: it runs in a temporary folder), pointed by
GRASSROOTS_DATABASE_URL at a closed port, at missing or empty databases on the test server, or
at nothing (the embedded default). "Within 5 s" is checked as the child's CPU time (its own
work, imports included), with a wall-time bound that catches waiting (the old 12.6 s of
retries) yet tolerates a machine shared by several test runs; the connect timeout itself is
checked in-process against a server that accepts and never answers.
"""

from __future__ import annotations

import asyncio
import os
import resource
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kit.database import CONNECT_TIMEOUT_SECONDS, check_database, to_libpq_url, with_database
from kit.operator_errors import OperatorError
from tests.support import databases
from tests.support.rosters import HEADER

GRASSROOTS = str(Path(sys.executable).with_name("grassroots"))
OPERATOR_ERROR_CPU_SECONDS_MAX = 5.0
OPERATOR_ERROR_WALL_SECONDS_MAX = 10.0


@dataclass(frozen=True, slots=True)
class Elapsed:
    wall_s: float
    cpu_s: float


def grassroots(
    folder: Path, *arguments: str, database_url: str | None = None
) -> tuple[subprocess.CompletedProcess[str], Elapsed]:
    """Run the command in ``folder``; the result and the time it took."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GRASSROOTS_")}
    if database_url is not None:
        environment["GRASSROOTS_DATABASE_URL"] = database_url
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [GRASSROOTS, *arguments], cwd=folder, env=environment, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return result, Elapsed(time.monotonic() - started, cpu_s)


def assert_operator_error(
    result: subprocess.CompletedProcess[str], elapsed: Elapsed, *phrases: str
) -> None:
    assert result.returncode == 2, result.stderr
    assert elapsed.cpu_s < OPERATOR_ERROR_CPU_SECONDS_MAX
    assert elapsed.wall_s < OPERATOR_ERROR_WALL_SECONDS_MAX
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for phrase in phrases:
        assert phrase in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_database(tmp_path: Path) -> None:
    url = f"postgresql://clerk:s3cret@127.0.0.1:{_closed_port()}/grassroots"
    result, elapsed = grassroots(tmp_path, "ledger", "head", database_url=url)
    assert_operator_error(result, elapsed, "cannot connect to the database at", "127.0.0.1")
    assert "s3cret" not in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://clerk:s3cret@127.0.0.1:99999/grassroots",
        "postgresql://clerk:s3cret@db.example:port/grassroots",
        "postgresql://clerk:s3cret@[::1/grassroots",
        "mysql://clerk:s3cret@127.0.0.1/grassroots",
    ],
)
def test_malformed_database_url(tmp_path: Path, url: str) -> None:
    result, elapsed = grassroots(tmp_path, "ledger", "head", database_url=url)
    assert_operator_error(result, elapsed, "URL")
    assert "s3cret" not in result.stderr


async def test_a_server_that_never_answers_times_out() -> None:
    """Accepts the connection (the kernel's backlog does) and never speaks."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"postgresql://clerk@127.0.0.1:{silent.getsockname()[1]}/grassroots"
        started = time.monotonic()
        with pytest.raises(OperatorError, match="cannot connect to the database at"):
            await check_database(url, url, migrated=True)
        elapsed_s = time.monotonic() - started
    assert CONNECT_TIMEOUT_SECONDS - 0.5 < elapsed_s < CONNECT_TIMEOUT_SECONDS + 2


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    url = f"postgresql://clerk@127.0.0.1:{_closed_port()}/grassroots"
    result, _ = grassroots(tmp_path, "--debug", "ledger", "head", database_url=url)
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    assert "OperatorError" in result.stderr


def test_database_that_does_not_exist(tmp_path: Path, pg_url: str) -> None:
    url = to_libpq_url(with_database(pg_url, "no_such_database_here"))
    result, elapsed = grassroots(tmp_path, "logs", "prune", "--before", "2000-01-01",
                                   database_url=url)  # fmt: skip
    assert_operator_error(result, elapsed, "database no_such_database_here does not exist")


@pytest.fixture
def empty_database_url(pg_url: str) -> Iterator[str]:
    """A database that exists but was never migrated."""
    name = "operator_errors_empty"
    databases.drop_database(pg_url, name)
    asyncio.run(databases.execute_admin(pg_url, f'CREATE DATABASE "{name}"'))
    yield to_libpq_url(with_database(pg_url, name))
    databases.drop_database(pg_url, name)


def test_database_never_migrated_is_not_migrated_by_other_commands(
    tmp_path: Path, empty_database_url: str
) -> None:
    result, elapsed = grassroots(tmp_path, "ledger", "head", database_url=empty_database_url)
    assert_operator_error(result, elapsed, "holds no grassroots tables", "grassroots migrate")


def _roster(folder: Path) -> Path:
    path = folder / "roster.csv"
    row = ["H1", "130826100201", "", "", "王伟", "男", "1960-05-17", "130826196005170113",
           "", "户主", ""]  # fmt: skip
    path.write_text(",".join(HEADER) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    return path


def test_import_from_another_folder_creates_no_database(tmp_path: Path) -> None:
    """It used to create an empty embedded database there, then report an unknown region."""
    roster = _roster(tmp_path)
    result, elapsed = grassroots(tmp_path, "import", "people", str(roster))
    pgdata = tmp_path / ".grassroots" / "pgdata"
    assert_operator_error(result, elapsed, f"no database in {pgdata}", "grassroots migrate")
    assert not (tmp_path / ".grassroots").exists()


@pytest.mark.parametrize(
    "arguments",
    [
        ("ledger", "head"),
        ("indicators", "snapshot"),
        ("backup", "archive.dump"),
        ("load-demo",),
        ("create-user", "clerk", "--role", "COUNTY_ADMIN", "--region", "130826",
         "--password", "long-enough-1"),
    ],
)  # fmt: skip
def test_other_commands_create_no_database(tmp_path: Path, arguments: tuple[str, ...]) -> None:
    result, elapsed = grassroots(tmp_path, *arguments)
    assert_operator_error(result, elapsed, "no database in")
    assert not (tmp_path / ".grassroots").exists()


def test_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result, elapsed = grassroots(tmp_path, "serve", "--port", str(port))
    assert_operator_error(result, elapsed, f"cannot listen on 127.0.0.1:{port}", "--port")
    assert "serving" not in result.stdout + result.stderr
    assert not (tmp_path / ".grassroots").exists()


@pytest.mark.slow
def test_unusable_data_directory(tmp_path: Path) -> None:
    """A data directory PostgreSQL refuses (read-only: mode 0555; PostgreSQL wants 0700)."""
    created, _ = grassroots(tmp_path, "migrate")
    assert created.returncode == 0, created.stderr
    pgdata = tmp_path / ".grassroots" / "pgdata"
    pgdata.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH
                 | stat.S_IXOTH)  # fmt: skip
    try:
        result, elapsed = grassroots(tmp_path, "ledger", "head")
    finally:
        pgdata.chmod(stat.S_IRWXU)
    assert_operator_error(result, elapsed, str(pgdata))
