"""Goal: offices keep master tables in Excel: a template per table, and an upload that runs
every row through the mutation's own checks, all or nothing, with row numbers on refusal.

Method: the real ASGI app over the demo regions; a township admin opens a supermarket over
GraphQL, then uploads goods sheets (.xlsx written with openpyxl) to ``POST /imports/goods``:
a dry run, an import, a re-import with one price changed, files with bad rows, an upload by an
admin of another township; after each, GraphQL and the audit log say what was written.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from strawberry import relay

from governance.access.models import AuditEntry
from governance.imports.goods import GOODS
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings
from tests.support.workflows import Desk

OPEN = """mutation($input: CreateSupermarketInput!) { createSupermarket(input: $input) {
  supermarket { id } userErrors { code } } }"""
GOODS_OF = """query($id: ID!) { node(id: $id) { ... on Supermarket {
  goods(first: 100) { nodes { name unitLabel pricePoints } } } } }"""
HEADER = ["超市编号", "商品名称", "单位", "兑换积分"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def _upload(
    desk: Desk, username: str | None, data: bytes, *, dry_run: bool = False, name: str = "g.xlsx"
) -> Any:
    headers = await desk.as_user(username) if username else {}
    return await desk.client.http.post(
        "/imports/goods" + ("?dryRun=true" if dry_run else ""),
        files={"file": (name, data, XLSX)},
        headers=headers,
    )


async def _market(desk: Desk) -> tuple[str, int]:
    opened = await desk.mutate(
        "xinfenglu.admin", OPEN, regionCode="130826001002", name="第二社区爱心超市"
    )
    global_id = opened["supermarket"]["id"]
    return global_id, int(relay.GlobalID.from_id(global_id).node_id)


async def _goods(desk: Desk, global_id: str) -> list[tuple[str, str, int]]:
    data = await desk.data("xinfenglu.admin", GOODS_OF, id=global_id)
    return sorted(
        (g["name"], g["unitLabel"], g["pricePoints"]) for g in data["node"]["goods"]["nodes"]
    )


async def test_the_template_has_the_tables_chinese_headers(desk: Desk) -> None:
    response = await desk.client.http.get("/imports/goods/template.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    first, notes = workbook.worksheets
    assert [cell.value for cell in first[1]] == HEADER == [c.header for c in GOODS.columns]
    assert first.column_dimensions["A"].number_format == "@"  # the number keeps its digits
    assert first.max_row == 1
    assert notes.title == "说明"
    unknown = await desk.client.http.get("/imports/nothing/template.xlsx")
    assert unknown.status_code == 404
    assert "goods" in unknown.json()["error"]


async def test_import_dry_run_then_upsert(desk: Desk, demo_database_url: str) -> None:
    global_id, market = await _market(desk)
    sheet = _xlsx([[market, "香皂", "块", 5], [str(market), "食用油 5L", "桶", 50.0]])

    dry = await _upload(desk, "xinfenglu.admin", sheet, dry_run=True)
    assert dry.status_code == 200, dry.text
    assert dry.json()["dryRun"] is True
    assert dry.json()["counts"] == {"NEW": 2, "CHANGED": 0, "UNCHANGED": 0, "ENDED": 0}
    assert await _goods(desk, global_id) == []

    done = await _upload(desk, "xinfenglu.admin", sheet)
    assert done.status_code == 200, done.text
    assert done.json()["rows"] == [{"row": 2, "outcome": "NEW"}, {"row": 3, "outcome": "NEW"}]
    assert await _goods(desk, global_id) == [("食用油 5L", "桶", 50), ("香皂", "块", 5)]

    again = await _upload(
        desk, "xinfenglu.admin", _xlsx([[market, "香皂", "块", 6], [market, "食用油 5L", "桶", 50]])
    )
    assert again.json()["rows"] == [
        {"row": 2, "outcome": "CHANGED"},
        {"row": 3, "outcome": "UNCHANGED"},
    ]
    assert await _goods(desk, global_id) == [("食用油 5L", "桶", 50), ("香皂", "块", 6)]
    assert await _audited(demo_database_url) == ["OK", "OK"]  # a dry run is not audited


async def test_a_bad_row_rejects_the_whole_file(desk: Desk, demo_database_url: str) -> None:
    global_id, market = await _market(desk)
    rows = [
        [market, "大米", "袋", 30],
        [market, "香皂", "块", 0],
        [market, "毛巾", "条", "十"],
        [market, "大米", "袋", 31],
    ]
    refused = await _upload(desk, "xinfenglu.admin", _xlsx(rows))
    assert refused.status_code == 422
    body = refused.json()
    assert body["errors"] == [
        {"row": 3, "column": "兑换积分", "message": "Prices range from 1 to 100000 points."},
        {"row": 4, "column": "兑换积分", "message": "is not a whole number: '十'"},
        {"row": 5, "column": None, "message": "repeats row 2"},
    ]
    assert body["errorsTotal"] == 3
    assert await _goods(desk, global_id) == []  # row 2 was valid, and is not written either
    assert await _audited(demo_database_url) == ["REJECTED"]


async def test_rows_outside_the_uploaders_scope_are_refused(desk: Desk) -> None:
    global_id, market = await _market(desk)
    refused = await _upload(desk, "dage.admin", _xlsx([[market, "香皂", "块", 5]]))
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"row": 2, "column": None, "message": "You may not manage this supermarket."}
    ]
    assert await _goods(desk, global_id) == []


async def test_uploads_that_are_not_sheets_get_a_4xx(desk: Desk) -> None:
    _, market = await _market(desk)
    assert (await _upload(desk, None, _xlsx([[market, "香皂", "块", 5]]))).status_code == 401
    garbage = await _upload(desk, "xinfenglu.admin", b"\x00\x01not a zip")
    assert garbage.status_code == 400
    assert "xlsx" in garbage.json()["error"]
    wrong_kind = await _upload(desk, "xinfenglu.admin", b"a,b", name="g.pdf")
    assert wrong_kind.status_code == 400
    headers = await desk.as_user("xinfenglu.admin")
    no_file = await desk.client.http.post("/imports/goods", data={"x": "1"}, headers=headers)
    assert no_file.status_code == 400
    broken = await desk.client.http.post(
        "/imports/goods",
        content=b"--xx\r\nContent-Disposition: form-data\r\n\r\n",
        headers=headers | {"content-type": "multipart/form-data; boundary=xx"},
    )
    assert broken.status_code == 400
    missing = await _upload(desk, "xinfenglu.admin", _xlsx([[market, "香皂"]], HEADER[:2]))
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["message"] == "missing columns: 单位, 兑换积分"


async def _audited(database_url: str) -> list[str]:
    engine = create_engine(database_url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            statement = (
                select(AuditEntry.outcome)
                .where(AuditEntry.operation == "import:goods")
                .order_by(AuditEntry.id)
            )
            return [outcome.value for outcome in await session.scalars(statement)]
    finally:
        await engine.dispose()
