"""Goal: ``grassroots import people`` imports a 10,000-row roster in one go, and a roster with one
bad row is rejected whole, naming the row, with nothing written.

Method: generate rosters with the demo generator, write them as CSV (Chinese headers) or
.xlsx, run the command's import function (and the command itself) against a fresh database
holding the Fengning regions; count rows with SQL afterwards.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from api.cli.import_commands import import_people_file
from api.cli.main import app
from governance.people.models import Household, Person
from governance.people.roster import RosterRejected
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings, get_settings
from tests.support.rosters import cells, generated_records, write_csv, write_xlsx

ROSTER_ROWS = 10_000


async def _rows(url: str, rows: int) -> list[list[str]]:
    engine = create_engine(url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        records = await generated_records(session, rows)
    await engine.dispose()
    return [cells(record) for record in records]


async def _counts(url: str) -> tuple[int, int, int]:
    engine = create_engine(url, Settings())
    async with session_scope(create_session_factory(engine)) as session:
        persons = await session.scalar(select(func.count()).select_from(Person))
        households = await session.scalar(select(func.count()).select_from(Household))
        headless = await session.scalar(
            text("SELECT count(*) FROM households WHERE head_person_id IS NULL")
        )
    await engine.dispose()
    return int(persons or 0), int(households or 0), int(headless or 0)


async def test_imports_a_10000_row_roster(demo_database_url: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roster.csv", await _rows(demo_database_url, ROSTER_ROWS))
    started = time.monotonic()
    counts = await import_people_file(demo_database_url, Settings(), path)
    elapsed_s = time.monotonic() - started
    assert counts.persons == ROSTER_ROWS
    persons, households, headless = await _counts(demo_database_url)
    assert (persons, households, headless) == (ROSTER_ROWS, counts.households, 0)
    assert elapsed_s < 30


async def test_one_bad_row_rejects_the_whole_file(demo_database_url: str, tmp_path: Path) -> None:
    rows = await _rows(demo_database_url, ROSTER_ROWS)
    bad_index = 6_789
    number = rows[bad_index][7]
    rows[bad_index][7] = number[:-1] + ("0" if number[-1] != "0" else "1")  # wrong check digit
    path = write_csv(tmp_path / "roster.csv", rows)
    with pytest.raises(RosterRejected) as rejected:
        await import_people_file(demo_database_url, Settings(), path)
    # Row numbers are the spreadsheet's: the header is row 1.
    assert f"row {bad_index + 2}, column id_card_number: ID-card number check" in str(
        rejected.value
    )
    assert len(rejected.value.errors) == 1
    assert await _counts(demo_database_url) == (0, 0, 0)


async def test_reimporting_the_same_people_is_refused(
    demo_database_url: str, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "roster.csv", await _rows(demo_database_url, 50))
    await import_people_file(demo_database_url, Settings(), path)
    with pytest.raises(RosterRejected, match="person already recorded"):
        await import_people_file(demo_database_url, Settings(), path)
    assert (await _counts(demo_database_url))[0] == 50


async def test_dry_run_writes_nothing(demo_database_url: str, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "roster.csv", await _rows(demo_database_url, 30))
    counts = await import_people_file(demo_database_url, Settings(), path, dry_run=True)
    assert counts.persons == 30
    assert await _counts(demo_database_url) == (0, 0, 0)


async def test_xlsx_roster(demo_database_url: str, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "roster.xlsx", await _rows(demo_database_url, 25))
    counts = await import_people_file(demo_database_url, Settings(), path)
    assert counts.persons == 25


def test_command_reports_the_row_and_exits_1(
    demo_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Synchronous: the command runs its own event loop, as from a shell."""
    rows = asyncio.run(_rows(demo_database_url, 20))
    rows[4][0], rows[4][9] = "SOLO-1", "户主"  # a household of its own…
    rows[4][1], rows[4][2] = "130826999999", ""  # …in a village that does not exist
    path = write_csv(tmp_path / "roster.csv", rows)
    monkeypatch.setenv("GRASSROOTS_DATABASE_URL", demo_database_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["import", "people", str(path)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "row 6" in result.output
    assert "unknown region code 130826999999" in result.output
    assert asyncio.run(_counts(demo_database_url)) == (0, 0, 0)


def test_a_file_that_is_no_roster_is_one_line(tmp_path: Path) -> None:
    """5 MB of random bytes named .csv: one line naming the file and what was expected, before
    any database is looked for (it used to be a 100-line traceback)."""
    path = tmp_path / "roster.csv"
    path.write_bytes(os.urandom(5 * 1024 * 1024))
    result = CliRunner().invoke(app, ["import", "people", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}: cannot read this file: expected a CSV roster: text in UTF-8 or GBK/GB18030 "
        "(Excel's CSV or CSV UTF-8)"
    ]
    assert not (tmp_path / ".grassroots").exists()
