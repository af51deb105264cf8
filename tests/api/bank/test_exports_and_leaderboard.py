"""Goal: the printable announcement list (CSV, .xlsx) carries the ledger's chain head and, per
household, the notice code everyone sees in `noticeLines` (issue 18: per announcement, not the
account-wide `statementDigestCode`); it asks for a sign-in, and like the announcement it is
public notice to any signed-in viewer; the leaderboard (红榜) ranks a village's holders with names only as the scheme
allows.

Method: over the real ASGI app on the demo (whose awards for 花石社区 posted at the demo's
"now"): publish an announcement, download both files with a bearer token, parse them
(csv, openpyxl) and compare with GraphQL and `ledger.chain_head`.
"""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

import ledger
from tests.api.bank.conftest import As
from tests.api.bank.test_end_to_end import PROPOSE, PUBLISH, REVIEW, RULE, SCHEME
from tests.api.bank.test_review_and_scope import household

HUASHI = "130826001001"
LEADERBOARD = """query($scheme: ID!, $first: Int!, $after: String) {
  pointsLeaderboard(schemeId: $scheme, villageCode: "130826001001",
  from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { rank displayName points } } }"""


async def _announcement(users: As) -> tuple[str, str]:
    created = await users.data(
        "huashi.admin", SCHEME, {"input": {"regionCode": HUASHI, "name": "公示测试"}}
    )
    scheme_id = created["createPointsScheme"]["scheme"]["id"]
    rule = {
        "schemeId": scheme_id,
        "code": "LL-01",
        "category": "NEIGHBOURLY_HELP",
        "title": "邻里互助",
        "points": 10,
    }
    rule_id = (await users.data("huashi.admin", RULE, {"input": rule}))["addPointsRule"]["rule"][
        "id"
    ]
    proposal = {"ruleId": rule_id, "householdId": household(1), "eventOn": "2026-11-20"}
    application = (await users.data("xinfenglu.admin", PROPOSE, {"input": proposal}))[
        "proposePoints"
    ]["application"]
    await users.data(
        "huashi.admin", REVIEW, {"input": {"applicationId": application["id"], "approve": True}}
    )
    published = await users.data(
        "huashi.admin", PUBLISH, {"input": {"schemeId": scheme_id, "villageCode": HUASHI}}
    )
    announcement = published["publishPointsAnnouncement"]["announcement"]
    return announcement["downloadPaths"][0], application["account"]["id"]


async def test_printable_list(users: As, db: AsyncSession) -> None:
    csv_path, _account_id = await _announcement(users)
    headers = await users.headers("huashi.admin")
    await db.commit()  # no open snapshot of ours holds the sealing horizon back
    response = await users.client.http.get(csv_path, headers=headers)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"  # issue 15: no cache keeps a copy
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    head = await ledger.chain_head(db)
    assert ["账本链头哈希", head.hash_hex] in rows
    board = await users.data(
        "resident.demo", f'{{ pointsAnnouncements(regionCode: "{HUASHI}", first: 100) {{ nodes '
        "{ id noticeLines { noticeCode } } } }"
    )  # fmt: skip
    [code] = [
        line["noticeCode"]
        for announcement in board["pointsAnnouncements"]["nodes"]
        if csv_path.endswith(f"/{relay.from_base64(announcement['id'])[1]}.csv")
        for line in announcement["noticeLines"]
    ]
    [entry] = [row for row in rows if len(row) == 9 and row[0] == "1"]
    assert entry[5] == "10"
    assert entry[8] == code
    assert "*" in entry[1], "the scheme masks names by default"

    await db.commit()
    xlsx = await users.client.http.get(csv_path.replace(".csv", ".xlsx"), headers=headers)
    head = await ledger.chain_head(db)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert ("账本链头哈希", head.hash_hex) in [row[:2] for row in values]
    assert any(row[-1] == code for row in values)

    # Public notice: another township's admin gets the same list (names as the scheme allows).
    outsider = await users.client.http.get(csv_path, headers=await users.headers("dage.admin"))
    assert outsider.status_code == 200
    assert code in outsider.content.decode("utf-8-sig")
    anonymous = await users.client.http.get(csv_path)
    assert anonymous.status_code == 401
    # Issue 15, F6: an id beyond any bigint reached the driver (500); it names nothing.
    beyond = "/exports/announcements/99999999999999999999.csv"
    assert (await users.client.http.get(beyond, headers=headers)).status_code == 404


async def test_leaderboard(users: As) -> None:
    schemes = await users.data(
        "huashi.admin", '{ pointsSchemes(regionCode: "130826001001") { nodes { id name } } }'
    )
    scheme_id = next(
        s["id"] for s in schemes["pointsSchemes"]["nodes"] if s["name"] == "丰宁县道德银行积分方案"
    )
    variables = {"scheme": scheme_id, "first": 5, "after": None}
    whole = (await users.data("huashi.admin", LEADERBOARD, variables))["pointsLeaderboard"]
    board = whole["nodes"]
    assert [entry["points"] for entry in board] == [25, 25, 25, 25, 15]
    assert [entry["rank"] for entry in board] == [1, 1, 1, 1, 5]
    assert all(
        "*" in entry["displayName"] or entry["displayName"].startswith("户") for entry in board
    )
    # Pages of 3 continue where the last ended; ranks stay the whole board's (ties too).
    first = (await users.data("huashi.admin", LEADERBOARD, variables | {"first": 3}))[
        "pointsLeaderboard"
    ]
    assert first["pageInfo"]["hasNextPage"]
    after = first["pageInfo"]["endCursor"]
    second = (
        await users.data("huashi.admin", LEADERBOARD, variables | {"first": 2, "after": after})
    )["pointsLeaderboard"]
    assert first["nodes"] + second["nodes"] == board
    assert first["totalCount"] == second["totalCount"] == whole["totalCount"] >= len(board)
