"""Goal: `grassroots import template` writes a table's template and `grassroots import sheet`
imports the filled-in template as the named user, all or nothing, like the HTTP upload.

Method: the typer app through its test runner in a worker thread (it drives its own event
loop) against a fresh copy of the people demo database: the goods template is filled in for a
demo supermarket of 新丰路街道 and imported as its township admin (dry run, then for real), then
as an admin of another township; the goods table is read back each time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text
from typer.testing import CliRunner

from api.cli.main import app
from governance.imports.people import PEOPLE
from governance.people.id_card import make_id_card
from kit.database import create_engine
from kit.settings import Settings, get_settings

TOWNSHIP_ADMIN = "xinfenglu.admin"  # 130826001


def run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["import", *arguments])
    return result.exit_code, result.output


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, people_database_url: str) -> None:
    monkeypatch.setenv("GRASSROOTS_DATABASE_URL", people_database_url)
    get_settings.cache_clear()


async def _scalars(url: str, sql: str) -> list[object]:
    engine = create_engine(url, Settings())
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(text(sql))).scalars())
    finally:
        await engine.dispose()


@pytest.mark.usefixtures("environment")
async def test_template_filled_in_and_imported(people_database_url: str, tmp_path: Path) -> None:
    [market] = await _scalars(
        people_database_url,
        "SELECT id FROM supermarkets WHERE region_code LIKE '130826001%' ORDER BY id LIMIT 1",
    )
    names_sql = f"SELECT name FROM goods WHERE supermarket_id = {market} ORDER BY name"
    before = await _scalars(people_database_url, names_sql)
    template = tmp_path / "goods.xlsx"
    try:
        code, output = await asyncio.to_thread(run, "template", "goods", "--out", str(template))
        assert code == 0, output
        workbook = load_workbook(template)
        workbook.worksheets[0].append([str(market), "试用商品甲", "个", 7])
        workbook.save(template)

        code, output = await asyncio.to_thread(
            run, "sheet", "goods", str(template), "--as", TOWNSHIP_ADMIN, "--dry-run"
        )
        assert code == 0, output
        assert "valid, not written (dry run)" in output
        assert "1 new" in output
        assert await _scalars(people_database_url, names_sql) == before

        code, output = await asyncio.to_thread(
            run, "sheet", "goods", str(template), "--as", "dage.admin"
        )
        assert code == 1
        assert "row 2: You may not manage this supermarket." in output
        assert await _scalars(people_database_url, names_sql) == before

        code, output = await asyncio.to_thread(
            run, "sheet", "goods", str(template), "--as", TOWNSHIP_ADMIN
        )
        assert code == 0, output
        assert "imported" in output
    finally:
        get_settings.cache_clear()
    assert await _scalars(people_database_url, names_sql) == sorted([*before, "试用商品甲"])
    audited = await _scalars(
        people_database_url,
        "SELECT outcome FROM audit_log WHERE operation = 'import:goods' ORDER BY id",
    )
    assert audited == ["REJECTED", "OK"]


@pytest.mark.usefixtures("environment")
async def test_import_people_as_a_user_is_the_upsert(
    people_database_url: str, tmp_path: Path
) -> None:
    """`import people FILE --as USER` runs the roster upsert as that user (here a dry run)."""
    template = tmp_path / "people.xlsx"
    born = dt.date(1985, 5, 5)
    try:
        code, output = await asyncio.to_thread(run, "template", "people", "--out", str(template))
        assert code == 0, output
        workbook = load_workbook(template)
        id_card = make_id_card("130826", born, 31)
        cells = {"户号": "CLI-1", "村代码": "130826001001", "姓名": "命令行户主", "性别": "男",
                 "出生日期": born.isoformat(), "身份证号": id_card, "与户主关系": "户主"}  # fmt: skip
        workbook.worksheets[0].append([cells.get(column.header) for column in PEOPLE.columns])
        workbook.save(template)
        code, output = await asyncio.to_thread(
            run, "people", str(template), "--as", "huashi.admin", "--dry-run"
        )
        assert code == 0, output
        assert "valid, not written (dry run): 人口花名册: 1 new" in output
    finally:
        get_settings.cache_clear()
    count = await _scalars(
        people_database_url, f"SELECT count(*) FROM persons WHERE id_card_number = '{id_card}'"
    )
    assert count == [0]
