"""Goal: the residents' roster imports as an upsert keyed by ID-card number over HTTP: new
people registered, recorded ones corrected where the row differs or left alone, people ended by
注销日期/注销原因; a dry run reports the same outcomes and writes nothing; any bad row rejects
the file with its row number; a grid worker cannot import outside their grid.

Method: the real ASGI app over the tiny demo, as 花石社区's grid worker (grid 130826001001001)
and 大阁镇's township admin; sheets written with openpyxl; GraphQL reads the people back (their
history shows the roster's corrections, phones masked); fingerprints around rejected files.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from governance.imports.people import PEOPLE
from governance.people.id_card import make_id_card
from kit.settings import Settings
from tests.support.fingerprint import fingerprint
from tests.support.workflows import Desk, workflow_settings

GRID = "130826001001001"
VILLAGE = GRID[:12]
BORN = dt.date(1985, 5, 5)
HEAD, CHILD = make_id_card("130826", BORN, 31), make_id_card("130826", BORN, 42)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PEOPLE_OF = """query($filter: PersonFilter) { persons(filter: $filter, first: 10) { edges { node {
  name phone tags endedOn endReason history { action changes { field from to } } } } } }"""


@pytest.fixture
def settings() -> Settings:
    """No background tasks: the rate limiter's exchange would change the fingerprints."""
    return workflow_settings(background_tasks=False)


def _row(id_card: str, name: str, relation: str, **cells: str) -> list[str]:
    values = {
        "户号": "IMP-1", "村代码": VILLAGE, "网格代码": GRID, "地址": "花石社区一号",
        "姓名": name, "性别": "男" if int(id_card[16]) % 2 else "女",
        "出生日期": BORN.isoformat(), "身份证号": id_card, "电话": "", "与户主关系": relation,
        "标签": "", "注销日期": "", "注销原因": "",
    } | cells  # fmt: skip
    return [values[column.header] for column in PEOPLE.columns]


def _xlsx(rows: Sequence[Sequence[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.header for column in PEOPLE.columns])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def _upload(
    desk: Desk, user: str, rows: Sequence[Sequence[str]], *, dry_run: bool = False
) -> Any:
    return await desk.client.http.post(
        "/imports/people" + ("?dryRun=true" if dry_run else ""),
        files={"file": ("people.xlsx", _xlsx(rows), XLSX)},
        headers=await desk.as_user(user),
    )


async def _people(desk: Desk) -> dict[str, dict[str, Any]]:
    data = await desk.data(
        "huashi.admin", PEOPLE_OF, filter={"underRegion": GRID, "namePrefix": "导入"}
    )
    return {edge["node"]["name"]: edge["node"] for edge in data["persons"]["edges"]}


async def test_roster_upsert_new_changed_unchanged_ended(
    people_desk: Desk, people_database_url: str
) -> None:
    first = [_row(HEAD, "导入户主", "户主"), _row(CHILD, "导入子女", "子女")]
    before = await fingerprint(people_database_url)
    dry = await _upload(people_desk, "huashi.grid1", first, dry_run=True)
    assert dry.status_code == 200, dry.text
    assert dry.json()["counts"] == {"NEW": 2, "CHANGED": 0, "UNCHANGED": 0, "ENDED": 0}
    assert await fingerprint(people_database_url) == before

    assert (await _upload(people_desk, "huashi.grid1", first)).status_code == 200
    assert set(await _people(people_desk)) == {"导入户主", "导入子女"}

    corrected = [
        _row(HEAD, "导入户主", "户主"),
        _row(CHILD, "导入子女", "子女", 电话="13912345678", 标签="留守儿童"),
    ]
    again = await _upload(people_desk, "huashi.grid1", corrected)
    assert again.status_code == 200, again.text
    assert again.json()["rows"] == [
        {"row": 2, "outcome": "UNCHANGED"},
        {"row": 3, "outcome": "CHANGED"},
    ]
    child = (await _people(people_desk))["导入子女"]
    assert child["tags"] == ["LEFT_BEHIND_CHILD"]
    assert child["history"][-1]["action"] == "CHANGED"
    assert {"field": "phone", "from": None, "to": "139****5678"} in child["history"][-1]["changes"]

    ended = [
        _row(HEAD, "导入户主", "户主"),
        _row(CHILD, "导入子女", "子女", 电话="13912345678", 标签="留守儿童",
             注销日期="2026-11-01", 注销原因="迁出"),
    ]  # fmt: skip
    done = await _upload(people_desk, "huashi.admin", ended)
    assert done.status_code == 200, done.text
    assert done.json()["counts"]["ENDED"] == 1
    assert set(await _people(people_desk)) == {"导入户主"}  # ended people are left out
    repeated = await _upload(people_desk, "huashi.admin", ended)  # the same file: nothing to do
    assert repeated.json()["counts"] == {"NEW": 0, "CHANGED": 0, "UNCHANGED": 2, "ENDED": 0}


async def test_a_bad_row_rejects_the_roster(people_desk: Desk, people_database_url: str) -> None:
    assert (
        await _upload(people_desk, "huashi.grid1", [_row(HEAD, "导入户主", "户主")])
    ).status_code == 200
    before = await fingerprint(people_database_url)
    rows = [
        _row(HEAD, "导入户主", "户主", 户号="IMP-2"),  # another household: not by roster
        _row(make_id_card("130826", BORN, 51), "导入新人", "户主", 户号="IMP-3"),  # valid
        _row(make_id_card("130826", BORN, 53), "导入未登记", "户主", 户号="IMP-4",
             注销日期="2026-11-01", 注销原因="死亡"),
        _row(HEAD[:-1] + ("0" if HEAD[-1] != "0" else "1"), "导入错号", "子女"),
    ]  # fmt: skip
    refused = await _upload(people_desk, "huashi.admin", rows)
    assert refused.status_code == 422, refused.text
    errors = {(error["row"], error["column"]) for error in refused.json()["errors"]}
    assert (5, "身份证号") in errors  # checked before anything else: the file stops there
    rows.pop()
    refused = await _upload(people_desk, "huashi.admin", rows)
    errors = {(error["row"], error["column"]) for error in refused.json()["errors"]}
    assert errors == {(2, "户号"), (4, "注销日期")}
    assert await fingerprint(people_database_url) == before


async def test_no_import_outside_ones_regions(people_desk: Desk, people_database_url: str) -> None:
    before = await fingerprint(people_database_url)
    refused = await _upload(people_desk, "dage.admin", [_row(HEAD, "导入户主", "户主")])
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["row"] == 2
    assert await fingerprint(people_database_url) == before
