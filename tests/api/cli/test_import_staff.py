"""Goal: `grassroots import staff` creates accounts for a staff roster as the acting
administrator (their grant rules and scope), all or nothing, and writes the one-time codes on a
printable sheet; those codes sign in and must be changed.

Method: .xlsx rosters written with openpyxl, the typer app through its test runner in a worker
thread (it drives its own event loop) against a fresh copy of the people demo database; the
new accounts sign in over GraphQL; the users table is read back to see what was written.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import text
from typer.testing import CliRunner

from api.cli.main import app
from governance.people.id_card import check_character
from kit.database import create_engine
from kit.settings import get_settings
from tests.support.auth import FAST_HASHING, auth_settings
from tests.support.graphql import graphql_client

HEADER = ["姓名", "身份证号", "角色", "区划代码"]
TOWNSHIP_ADMIN = "xinfenglu.admin"  # 130826001
LOGIN = """mutation($username: String!, $password: String!) {
  login(input: {username: $username, password: $password}) {
    credentials { passwordChangeRequired }
    userErrors { code }
  }
}"""


def id_number(sequence: int) -> str:
    first = f"130826199001{sequence:02d}{sequence % 1000:03d}"[:17]
    return first + check_character(first)


def roster(path: Path, rows: list[list[str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["import", "staff", *arguments])
    return result.exit_code, result.output


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, people_database_url: str) -> None:
    monkeypatch.setenv("GRASSROOTS_DATABASE_URL", people_database_url)
    for name, value in FAST_HASHING.items():
        monkeypatch.setenv(f"GRASSROOTS_{name.upper()}", str(value))
    get_settings.cache_clear()


async def users(url: str) -> dict[str, int | None]:
    engine = create_engine(url, auth_settings())
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT username, person_id FROM users"))
            return {row[0]: row[1] for row in rows.all()}
    finally:
        await engine.dispose()


async def resident_in_township(url: str) -> tuple[int, str, str]:
    engine = create_engine(url, auth_settings())
    try:
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    text(
                        "SELECT id, id_card_number, name FROM persons "
                        "WHERE region_code LIKE '130826001%' ORDER BY id LIMIT 1"
                    )
                )
            ).one()
            return row[0], row[1], row[2]
    finally:
        await engine.dispose()


@pytest.mark.usefixtures("environment")
async def test_good_roster_creates_accounts_that_sign_in(
    people_database_url: str, tmp_path: Path
) -> None:
    person_id, known_number, known_name = await resident_in_township(people_database_url)
    path = roster(
        tmp_path / "staff.xlsx",
        [
            [known_name, known_number, "村管理员", "130826001001"],
            ["王网格", id_number(1), "GRID_WORKER", "130826001001001"],
            ["李网格", id_number(2), "grid_worker", "130826001001001"],
        ],
    )
    codes = tmp_path / "codes.xlsx"
    before = await users(people_database_url)
    try:
        code, output = await asyncio.to_thread(run, str(path), "--as", TOWNSHIP_ADMIN, "--dry-run")
        assert code == 0, output
        assert "130826001001001-02" in output
        assert await users(people_database_url) == before
        assert not codes.exists()
        code, output = await asyncio.to_thread(
            run, str(path), "--as", TOWNSHIP_ADMIN, "--codes-out", str(codes)
        )
        assert code == 0, output
    finally:
        get_settings.cache_clear()
    after = await users(people_database_url)
    created = {name: after[name] for name in set(after) - set(before)}
    assert created == {
        "130826001001-01": person_id,
        "130826001001001-01": None,
        "130826001001001-02": None,
    }
    sheet = load_workbook(codes).worksheets[0]
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.print_title_rows is not None
    table = [row for row in sheet.iter_rows(values_only=True) if row and row[1] in created]
    assert [row[1] for row in table] == sorted(created)
    async with graphql_client(auth_settings(), people_database_url) as client:
        for _name, username, one_time_code, *_rest in table:
            payload = (await client.data(LOGIN, {"username": username, "password": one_time_code}))[
                "login"
            ]
            assert payload["userErrors"] == []
            assert payload["credentials"]["passwordChangeRequired"] is True


@pytest.mark.usefixtures("environment")
async def test_one_bad_row_rejects_the_whole_file(people_database_url: str, tmp_path: Path) -> None:
    wrong_check = id_number(4)[:17] + ("0" if id_number(4)[17] != "0" else "1")
    path = roster(
        tmp_path / "staff.xlsx",
        [
            ["王网格", id_number(1), "GRID_WORKER", "130826001001001"],
            ["赵网格", wrong_check, "GRID_WORKER", "130826001001001"],
            ["钱网格", id_number(1), "GRID_WORKER", "130826001001001"],
            ["孙镇长", id_number(5), "TOWNSHIP_ADMIN", "130826100"],
        ],
    )
    codes = tmp_path / "codes.xlsx"
    before = await users(people_database_url)
    try:
        code, output = await asyncio.to_thread(
            run, str(path), "--as", TOWNSHIP_ADMIN, "--codes-out", str(codes)
        )
        assert code != 0
        assert "row 3" in output
        assert "check character" in output
        assert "row 4" in output
        assert "same ID-card number as row 2" in output
        # Fix the file's own errors: the row outside the admin's township still rejects it.
        roster(
            path,
            [
                ["王网格", id_number(1), "GRID_WORKER", "130826001001001"],
                ["孙镇长", id_number(5), "TOWNSHIP_ADMIN", "130826100"],
            ],
        )
        code, output = await asyncio.to_thread(
            run, str(path), "--as", TOWNSHIP_ADMIN, "--codes-out", str(codes)
        )
        assert code != 0
        assert "row 3" in output
        assert "FORBIDDEN" in output
    finally:
        get_settings.cache_clear()
    assert await users(people_database_url) == before
    assert not codes.exists()


@pytest.mark.usefixtures("environment")
async def test_township_admin_cannot_create_a_county_admin(
    people_database_url: str, tmp_path: Path
) -> None:
    path = roster(
        tmp_path / "staff.xlsx",
        [
            ["周镇长", id_number(6), "TOWNSHIP_ADMIN", "130826001"],
            ["吴县长", id_number(7), "县管理员", "130826"],
        ],
    )
    before = await users(people_database_url)
    try:
        code, output = await asyncio.to_thread(
            run, str(path), "--as", TOWNSHIP_ADMIN, "--codes-out", str(tmp_path / "c.xlsx")
        )
    finally:
        get_settings.cache_clear()
    assert code != 0
    assert "row 3" in output
    assert "FORBIDDEN" in output
    assert "row 2" not in output
    assert await users(people_database_url) == before


@pytest.mark.usefixtures("environment")
async def test_gbk_csv_dry_run_and_an_unknown_administrator(
    people_database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "staff.csv"
    lines = [",".join(HEADER), f"王调解,{id_number(8)},调解员,130826001"]
    path.write_bytes("\r\n".join(lines).encode("gb18030"))
    before = await users(people_database_url)
    try:
        code, output = await asyncio.to_thread(run, str(path), "--as", TOWNSHIP_ADMIN, "--dry-run")
        assert code == 0, output
        assert "130826001-01 MEDIATOR" in output
        code, output = await asyncio.to_thread(run, str(path), "--as", "nobody", "--dry-run")
        assert code != 0
        assert "no active user" in output
    finally:
        get_settings.cache_clear()
    assert await users(people_database_url) == before
