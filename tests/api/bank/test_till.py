"""Goal: at the till a cashier finds a household their supermarket serves by each of the three
keys (household number, head's name, last 4 of a member's ID-card number), sees it masked with
its balances and receipts, sells to it, and the day-end report (GraphQL and the printable .xlsx)
shows that sale and a return; another supermarket's households are never found; every search is
logged with its purpose, granted or not; a malformed search is a BAD_USER_INPUT error that logs
nothing (statement counts: ``test_till_statements``).

Method: the real ASGI app over the demo (supermarket 1 serves 花石社区, supermarket 2 大阁镇);
points given through the services, three extra households of 花石社区 imported as a roster
(``import_roster``, the path of `grassroots import people`) whose heads' ID numbers end alike;
the access log and the demo's rows read back with SQL.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import httpx
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from governance.people.id_card import check_character
from governance.people.service import import_roster
from kit.clock import local_day
from tests.api.bank.conftest import As
from tests.api.bank.test_redemption import HOUSEHOLD, REDEEM, RETURN, _account, _market, _sale

CASHIER = "supermarket1.cashier"
HUASHI = "130826001001"
DAGE = "130826100"
TILL = """query($market: ID!, $search: TillSearchInput!, $purpose: DisclosurePurpose!) {
  tillHouseholds(supermarketId: $market, search: $search, purpose: $purpose,
                 purposeDetail: "兑换") {
    number village { code } members { name relationToHead idCardNumber }
    accounts { id availablePoints pendingAwardPoints pendingDeductionPoints }
    recentReceipts { id number totalPoints } } }"""
REPORT = """query($market: ID!, $day: Date!) { supermarketDayReport(supermarketId: $market, day: $day) {
  day totals { salesCount salesPoints returnsCount returnsPoints netPoints }
  goods { goodsId name soldQuantity returnedQuantity netQuantity soldPoints returnedPoints }
  cashiers { username tally { salesCount salesPoints returnsCount returnsPoints netPoints } }
  downloadPath } }"""


async def _household(db: AsyncSession, household_id: int) -> dict[str, str]:
    """Its number, its head's name, and the last 4 of a member's ID number (as the owner)."""
    row = (
        await db.execute(
            text(
                "SELECT h.number, head.name, right(member.id_card_number, 4) AS suffix "
                "FROM households h JOIN persons head ON head.id = h.head_person_id "
                "JOIN persons member ON member.household_id = h.id "
                "WHERE h.id = :id ORDER BY member.id DESC LIMIT 1"
            ),
            {"id": household_id},
        )
    ).one()
    return {"householdNumber": row.number, "headName": row.name, "idCardLast4": row.suffix}


async def _till(
    users: As, search: dict[str, str], purpose: str = "SERVICE_DELIVERY",
    market: int = 1, username: str = CASHIER,
) -> list[dict[str, Any]]:  # fmt: skip
    variables = {"market": relay.to_base64("Supermarket", market), "search": search,
                 "purpose": purpose}  # fmt: skip
    found: list[dict[str, Any]] = (await users.data(username, TILL, variables))["tillHouseholds"]
    return found


async def test_a_cashier_finds_a_household_by_each_key_and_sells_to_it(
    users: As, db: AsyncSession
) -> None:
    account_id = await _account(db, 100)
    keys = await _household(db, HOUSEHOLD)
    market_id, goods = await _market(users)
    soap, rice = goods["香皂"], goods["大米 10斤"]
    for key, value in keys.items():
        found = await _till(users, {key: value})
        [household] = [h for h in found if h["number"] == keys["householdNumber"]]
        assert household["village"]["code"] == HUASHI
        assert [a["id"] for a in household["accounts"]] == [account_id], key
        assert household["accounts"][0]["availablePoints"] == 100
        names = [member["name"] for member in household["members"]]
        assert keys["headName"] not in names, "names are masked"
        assert names[0][0] == keys["headName"][0]
        assert "*" in names[0]
        assert household["members"][0]["relationToHead"] == "HEAD"
        numbers = [member["idCardNumber"] for member in household["members"]]
        assert all("********" in number for number in numbers)
        assert any(number.endswith(keys["idCardLast4"]) for number in numbers)

    day = await db.scalar(text("SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date"))
    before = await _report(users, CASHIER, 1, day)
    assert before is not None
    sale = _sale(market_id, account_id, "till-1", (soap["id"], 2), (rice["id"], 1))
    receipt = (await users.data(CASHIER, REDEEM, sale))["redeemPoints"]["receipt"]
    assert receipt["totalPoints"] == 2 * 5 + 50
    back = {"receiptId": receipt["id"], "idempotencyKey": "till-back",
            "lines": [{"lineNumber": 1, "quantity": 1}]}  # fmt: skip
    assert (await users.data(CASHIER, RETURN, {"input": back}))["returnGoods"]["userErrors"] == []
    [after] = await _till(users, {"householdNumber": keys["householdNumber"]})
    assert after["accounts"][0]["availablePoints"] == 100 - 60 + 5
    assert after["recentReceipts"][0]["id"] == receipt["id"]

    assert local_day(await _receipt_created_at(db, receipt["id"])) == day
    report = await _report(users, CASHIER, 1, day)
    assert report is not None
    # The demo's own sale (two soaps, receipt demo-1) may fall on the same day: count the change.
    assert _change(report["totals"], before["totals"]) == {
        "salesCount": 1, "salesPoints": 60, "returnsCount": 1, "returnsPoints": 5,
        "netPoints": 55,
    }  # fmt: skip
    lines = {line["name"]: line for line in report["goods"]}
    earlier = {line["name"]: line for line in before["goods"]}
    soap_before = earlier.get("香皂", dict.fromkeys(lines["香皂"], 0) | {"goodsId": soap["id"]})
    assert _change(lines["香皂"], soap_before) == {
        "soldQuantity": 2, "returnedQuantity": 1, "netQuantity": 1, "soldPoints": 10,
        "returnedPoints": 5,
    }  # fmt: skip
    assert lines["香皂"]["goodsId"] == soap["id"]
    assert lines["大米 10斤"]["netQuantity"] == 1
    [cashier] = report["cashiers"]
    assert cashier["username"] == CASHIER
    assert cashier["tally"] == report["totals"]

    sheet = await _download(users, CASHIER, report["downloadPath"])
    assert sheet.status_code == 200, sheet.text
    assert sheet.headers["cache-control"] == "no-store"
    rows = _rows(sheet.content)
    printed = lines["香皂"]
    assert (
        "香皂",
        "块",
        printed["soldQuantity"],
        printed["returnedQuantity"],
        printed["netQuantity"],
        printed["soldPoints"],
        printed["returnedPoints"],
    ) in rows
    totals = report["totals"]
    summary = f"销售 {totals['salesCount']} 笔 {totals['salesPoints']} 分"
    assert any(summary in str(cell) for row in rows for cell in row), rows


def _change(after: dict[str, Any], before: dict[str, Any]) -> dict[str, int]:
    """Numbers of ``after`` less those of ``before`` (other keys left out)."""
    return {key: value - before[key] for key, value in after.items() if isinstance(value, int)}


async def _receipt_created_at(db: AsyncSession, receipt_id: str) -> dt.datetime:
    row_id = int(relay.from_base64(receipt_id)[1])
    created: dt.datetime = await db.scalar(
        text("SELECT created_at FROM receipts WHERE id = :id"), {"id": row_id}
    )
    return created


async def _report(users: As, username: str, market: int, day: dt.date) -> dict[str, Any] | None:
    variables = {"market": relay.to_base64("Supermarket", market), "day": day.isoformat()}
    report: dict[str, Any] | None = (await users.data(username, REPORT, variables))[
        "supermarketDayReport"
    ]
    return report


async def _download(users: As, username: str, path: str) -> httpx.Response:
    headers = await users.headers(username) if username else {}
    return await users.client.http.get(path, headers=headers)


def _rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


async def test_other_supermarkets_households_are_not_found(users: As, db: AsyncSession) -> None:
    """Out of scope reads as absent: a household of 大阁镇 through supermarket 1, any household
    through supermarket 2 (not this cashier's), staff and residents at the till, another
    purpose. The day-end report likewise: its cashier and the administrators over it only."""
    far_id = await db.scalar(
        text("SELECT id FROM households WHERE region_code >= :dage AND region_code < :end "
             "ORDER BY id LIMIT 1"), {"dage": DAGE, "end": DAGE + "\uffff"},
    )  # fmt: skip
    far, near = await _household(db, far_id), await _household(db, HOUSEHOLD)
    assert await _till(users, {"householdNumber": far["householdNumber"]}) == []
    by_suffix = await _till(users, {"idCardLast4": far["idCardLast4"]})
    assert far["householdNumber"] not in {h["number"] for h in by_suffix}
    assert all(h["village"]["code"] == HUASHI for h in by_suffix)
    assert await _till(users, {"householdNumber": far["householdNumber"]}, market=2) == []
    assert await _till(users, {"householdNumber": near["householdNumber"]}, market=2) == []
    near_number = {"householdNumber": near["householdNumber"]}
    assert len(await _till(users, near_number)) == 1
    assert await _till(users, near_number, purpose="CONTACT") == []
    for other in ("huashi.admin", "county.admin", "resident.demo"):
        assert await _till(users, near_number, username=other) == [], other

    today = dt.date(2026, 11, 25)  # any day: who may read does not depend on it
    assert await _report(users, CASHIER, 2, today) is None
    assert await _report(users, "resident.demo", 1, today) is None
    assert await _report(users, "dage.admin", 1, today) is None
    assert await _report(users, "huashi.admin", 1, today) is not None
    assert await _report(users, "dage.admin", 2, today) is not None
    path = f"/exports/supermarkets/2/day-reports/{today.isoformat()}.xlsx"
    assert (await _download(users, CASHIER, path)).status_code == 404
    assert (await _download(users, "dage.admin", path)).status_code == 200
    assert (await _download(users, "", path)).status_code == 401
    for bad_day in ("2026-13-01", "9999-12-31", "20261201", "0001-01-01"):
        bad_path = f"/exports/supermarkets/1/day-reports/{bad_day}.xlsx"
        assert (await _download(users, CASHIER, bad_path)).status_code == 404, bad_day


async def test_a_day_outside_the_calendar_is_bad_user_input(users: As) -> None:
    headers = await users.headers(CASHIER)
    for day in ("9999-12-31", "1999-12-31", "2100-01-01"):
        variables = {"market": relay.to_base64("Supermarket", 1), "day": day}
        body = (await users.client.post(REPORT, variables, **headers)).json()
        assert body["data"] == {"supermarketDayReport": None}, day
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", day


ACCESS_LOG = """SELECT entity_kind, entity_id, field, purpose, purpose_detail, granted
FROM personal_data_access_log WHERE user_id = (SELECT id FROM users WHERE username = :user)
ORDER BY id"""


async def test_every_search_is_logged_with_its_purpose(users: As, db: AsyncSession) -> None:
    near = await _household(db, HOUSEHOLD)
    await _till(users, {"householdNumber": near["householdNumber"]})
    await _till(users, {"householdNumber": near["householdNumber"]}, purpose="CONTACT")
    await _till(users, {"householdNumber": near["householdNumber"]}, market=2)
    rows = [tuple(row) for row in await db.execute(text(ACCESS_LOG), {"user": CASHIER})]
    assert rows == [
        ("Supermarket", 1, "HOUSEHOLD_SEARCH", "SERVICE_DELIVERY", "兑换", True),
        ("Household", HOUSEHOLD, "HOUSEHOLD_SEARCH", "SERVICE_DELIVERY", "兑换", True),
        ("Supermarket", 1, "HOUSEHOLD_SEARCH", "CONTACT", "兑换", False),
        ("Supermarket", 2, "HOUSEHOLD_SEARCH", "SERVICE_DELIVERY", "兑换", False),
    ]


async def test_a_malformed_search_is_bad_user_input_and_logs_nothing(
    users: As, db: AsyncSession
) -> None:
    variables = {"market": relay.to_base64("Supermarket", 1), "purpose": "SERVICE_DELIVERY"}
    bad = [
        {},
        {"householdNumber": "1", "headName": "王小明"},
        {"idCardLast4": "123"},
        {"idCardLast4": "12a4"},
        {"idCardLast4": "12345"},
        {"headName": "  "},
        {"headName": "长" * 51},
    ]
    headers = await users.headers(CASHIER)
    for search in bad:
        response = await users.client.post(TILL, variables | {"search": search}, **headers)
        assert response.status_code == 200, (search, response.text)
        body = response.json()
        assert body["data"] is None, search
        [error] = body["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", (search, error)
    logged = await db.scalar(text("SELECT count(*) FROM personal_data_access_log"))
    assert logged == 0


async def test_lower_case_x_is_read_as_the_check_character(users: As, db: AsyncSession) -> None:
    """ID numbers end in X (never x) when the check character is 10: both spellings find it."""
    suffix = await db.scalar(
        text("SELECT right(id_card_number, 4) FROM persons WHERE id_card_number LIKE '%X' "
             "AND region_code >= :huashi AND region_code < :end LIMIT 1"),
        {"huashi": HUASHI, "end": HUASHI + "\uffff"},
    )  # fmt: skip
    if suffix is None:  # the demo at this scale may have none in 花石社区: make one
        suffix = (await _import_alike(db, count=1, check="X"))[0]
    upper = await _till(users, {"idCardLast4": suffix})
    assert upper
    assert await _till(users, {"idCardLast4": suffix.lower()}) == upper


def _ids_ending_alike(count: int, sequence: int, check: str) -> list[tuple[dt.date, str]]:
    """``count`` valid Fengning ID numbers of men born from 1960 whose last 4 are the same."""
    found: list[tuple[dt.date, str]] = []
    day = dt.date(1960, 1, 1)
    while len(found) < count:
        body = f"130826{day:%Y%m%d}{sequence:03d}"
        if check_character(body) == check:
            found.append((day, body + check))
        day += dt.timedelta(days=1)
    return found


async def _import_alike(db: AsyncSession, *, count: int, check: str = "7") -> list[str]:
    """``count`` new households of 花石社区, one man each, whose ID numbers end alike; their
    suffix, once per household (through ``import_roster``, as `grassroots import people`)."""
    rows: list[tuple[int, dict[str, object]]] = []
    for index, (born, number) in enumerate(_ids_ending_alike(count, 777, check)):
        rows.append((index + 2, {
            "household_number": f"TILL-{check}-{index}", "village_code": HUASHI,
            "name": f"柜台{index}号", "gender": "男", "birth_date": born.isoformat(),
            "id_card_number": number, "relation_to_head": "户主",
        }))  # fmt: skip
    await import_roster(db, rows, dt.date(2026, 11, 25))
    await db.commit()
    return [number[-4:] for _born, number in _ids_ending_alike(count, 777, check)]
