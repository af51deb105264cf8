"""Goal: a county can be run from zero without the demo generator or a shell beyond its first
two steps: on an empty migrated database the operator loads the official regions and makes one
county administrator with the CLI; from then on every account, the roster, the institutions,
the bank's catalog and the daily work (a grid event, a dispute, an award through 公示, a
redemption) go through GraphQL and the HTTP imports, and the plan indicators are computed from
these records with the values stated here by hand.

Method: the ``database_url`` fixture (migrated, no regions, no demo); ``grassroots load-regions``
and ``grassroots create-user`` through typer's runner in a worker thread (they drive their own
event loop); then the real ASGI app with a ``ManualClock``, each step as the account whose role
it is, every other account made with ``createUser``/``grantRole`` and signed in with its
one-time code, then ``changePassword``. Read as the script of the county's first weeks.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook
from strawberry import relay
from typer.testing import CliRunner

from api.cli.main import app
from governance.imports.goods import GOODS
from governance.imports.people import PEOPLE
from governance.imports.sheets import Sheet
from governance.people.id_card import make_id_card
from kit.clock import ManualClock, local_day
from kit.settings import get_settings
from tests.support.auth import FAST_HASHING, LOGIN, bearer
from tests.support.graphql import GraphQLClient, graphql_client
from tests.support.workflows import workflow_settings

COUNTY, TOWNSHIP = "130826", "130826001"  # 丰宁满族自治县, 新丰路街道
VILLAGE, GRID = "130826001001", "130826001001001"  # 花石社区 and its first grid
START = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
FIRST_DAY = START.date().isoformat()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ADMIN_PASSWORD = "county-Admin-first-9"


def _cli(*arguments: str) -> tuple[int, str]:
    env = {"GRASSROOTS_NEW_USER_PASSWORD": ADMIN_PASSWORD}
    result = CliRunner().invoke(app, list(arguments), env=env)
    return result.exit_code, result.output


# The roster: three households of 花石社区, first grid (born on distinct days, valid numbers).
def _card(year: int, serial: int) -> str:
    return make_id_card(COUNTY, dt.date(year, 3, 1 + serial % 27), serial)


ROSTER = [
    # 户号, 姓名, 身份证号, 与户主关系
    ("HS-001", "张建国", _card(1960, 11), "户主"),
    ("HS-001", "李秀兰", _card(1962, 22), "配偶"),
    ("HS-001", "张明", _card(1988, 31), "子女"),
    ("HS-002", "王德明", _card(1971, 41), "户主"),
    ("HS-002", "赵春梅", _card(1973, 52), "配偶"),
    ("HS-003", "刘志强", _card(1980, 61), "户主"),
    ("HS-003", "陈丽", _card(1982, 72), "配偶"),
]


def _sheet(kind: Sheet, rows: list[list[Any]]) -> bytes:
    """An .xlsx as an office fills the downloaded template: Chinese headers, then rows."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([column.header for column in kind.columns])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _roster_xlsx() -> bytes:
    rows = []
    for household, name, card, relation in ROSTER:
        values = {
            "户号": household, "村代码": VILLAGE, "网格代码": GRID, "地址": f"花石社区{household}",
            "姓名": name, "性别": "男" if int(card[16]) % 2 else "女",
            "出生日期": f"{card[6:10]}-{card[10:12]}-{card[12:14]}", "身份证号": card,
            "电话": "", "与户主关系": relation, "标签": "", "注销日期": "", "注销原因": "",
        }  # fmt: skip
        rows.append([values[column.header] for column in PEOPLE.columns])
    return _sheet(PEOPLE, rows)


class County:
    """The app, the clock, and the signed-in accounts (username → bearer headers)."""

    def __init__(self, client: GraphQLClient, clock: ManualClock) -> None:
        self.client, self.clock = client, clock
        self.headers: dict[str, dict[str, str]] = {}

    async def sign_in(self, username: str, password: str) -> dict[str, Any]:
        variables = {"username": username, "password": password}
        payload: dict[str, Any] = (await self.client.data(LOGIN, variables))["login"]
        assert payload["userErrors"] == [], payload
        self.headers[username] = bearer(payload["credentials"]["accessToken"])
        viewer: dict[str, Any] = payload["credentials"]["viewer"]
        return viewer

    async def query(self, actor: str, query: str, /, **variables: Any) -> dict[str, Any]:
        data: dict[str, Any] = await self.client.data(query, variables or None, self.headers[actor])
        return data

    async def do(self, actor: str, name: str, selection: str, /, **input: Any) -> Any:
        """Run mutation ``name`` with ``input`` as ``actor``; it must succeed."""
        type_name = name[0].upper() + name[1:]
        operation = (
            f"mutation($input: {type_name}Input!) {{ {name}(input: $input) "
            f"{{ {selection} userErrors {{ code field message }} }} }}"
        )
        data = await self.query(actor, operation, input=input)
        payload = data[name]
        assert payload["userErrors"] == [], (name, payload)
        return payload

    async def account(
        self, by: str, username: str, role: str, person: str | None = None, **scope: str
    ) -> str:
        """Make an account over GraphQL (linked to its holder's ``person`` if given), grant its
        role; the holder signs in with the one-time code (no role until a password is chosen),
        chooses a password and signs in again."""
        created = await self.do(
            by, "createUser", "oneTimeCode", username=username, displayName=username,
            personId=person,
        )  # fmt: skip
        await self.do(by, "grantRole", "user { username }", username=username, role=role, **scope)
        viewer = await self.sign_in(username, created["oneTimeCode"])
        assert viewer["grants"] == []
        password = f"{username}-Chosen-2026"
        await self.do(
            username, "changePassword", "user { username }",
            oldPassword=created["oneTimeCode"], newPassword=password,
        )  # fmt: skip
        viewer = await self.sign_in(username, password)
        assert [grant["role"] for grant in viewer["grants"]] == [role]
        return username


PERSONS = """query($filter: PersonFilter) { persons(filter: $filter, first: 50) {
  totalCount nodes { id name household { id number } } } }"""
SHELF = """query($id: ID!) { node(id: $id) { ... on Supermarket {
  goods(first: 10) { nodes { id name } } } } }"""
CENTERS = """query($region: String!) { governanceCenters(filter: {underRegion: $region}) {
  nodes { name region { code } staff { nodes { position person { name } } } } } }"""
INDICATORS = """query($code: String!, $keys: [String!], $asOf: Date) {
  indicatorValues(regionCode: $code, keys: $keys, asOf: $asOf) {
    indicator { key } regionCode numerator denominator value children { regionCode } } }"""


async def _indicators(county: County, code: str, keys: list[str], as_of: str) -> dict[str, Any]:
    data = await county.query("county.admin", INDICATORS, code=code, keys=keys, asOf=as_of)
    return {value["indicator"]["key"]: value for value in data["indicatorValues"]}


async def test_a_county_from_zero(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    # Day 0, the operator's only shell steps: the official divisions, one county administrator.
    monkeypatch.setenv("GRASSROOTS_DATABASE_URL", database_url)
    for name, value in FAST_HASHING.items():
        monkeypatch.setenv(f"GRASSROOTS_{name.upper()}", str(value))
    get_settings.cache_clear()
    try:
        code, output = await asyncio.to_thread(_cli, "load-regions")
        assert code == 0, output
        code, output = await asyncio.to_thread(
            _cli, "create-user", "county.admin", "--role", "COUNTY_ADMIN", "--region", COUNTY
        )
        assert code == 0, output
    finally:
        get_settings.cache_clear()

    clock = ManualClock(START)
    settings = workflow_settings(background_tasks=False)
    async with graphql_client(settings, database_url, clock) as client:
        county = County(client, clock)
        viewer = await county.sign_in("county.admin", ADMIN_PASSWORD)
        assert viewer["grants"] == [{"role": "COUNTY_ADMIN", "regionCode": COUNTY}]
        empty = await county.query("county.admin", PERSONS, filter={"underRegion": COUNTY})
        assert empty["persons"]["totalCount"] == 0, "no demo: the county starts with nobody"
        await _first_weeks(county)


async def _first_weeks(county: County) -> None:
    # Staff accounts, each made by the administrator one level up.
    township = await county.account("county.admin", "xinfenglu.admin", "TOWNSHIP_ADMIN",
                                    regionCode=TOWNSHIP)  # fmt: skip
    village = await county.account(township, "huashi.admin", "VILLAGE_ADMIN", regionCode=VILLAGE)
    worker = await county.account(village, "huashi.grid1", "GRID_WORKER", regionCode=GRID)

    # The roster, uploaded by the village office.
    uploaded = await county.client.http.post(
        "/imports/people",
        files={"file": ("people.xlsx", _roster_xlsx(), XLSX)},
        headers=county.headers[village],
    )
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["counts"] == {"NEW": 7, "CHANGED": 0, "UNCHANGED": 0, "ENDED": 0}
    listed = (await county.query(village, PERSONS, filter={"underRegion": GRID}))["persons"]
    assert listed["totalCount"] == 7
    person = {node["name"]: node for node in listed["nodes"]}
    household = {node["household"]["number"]: node["household"]["id"] for node in listed["nodes"]}
    assert sorted(household) == ["HS-001", "HS-002", "HS-003"]

    # Institutions of the township and the village.
    center = await county.do(township, "createGovernanceCenter", "center { id }",
                             regionCode=TOWNSHIP, name="新丰路街道综治中心",
                             establishedOn=FIRST_DAY)  # fmt: skip
    await county.do(township, "appointCenterStaffMember", "staffMember { id }",
                    centerId=center["center"]["id"], personId=person["王德明"]["id"],
                    position="DIRECTOR", startedOn=FIRST_DAY)  # fmt: skip
    centers = await county.query(township, CENTERS, region=TOWNSHIP)
    assert centers["governanceCenters"]["nodes"] == [{
        "name": "新丰路街道综治中心", "region": {"code": TOWNSHIP},
        "staff": {"nodes": [{"position": "DIRECTOR", "person": {"name": "王德明"}}]},
    }]  # fmt: skip
    await county.do(township, "createServiceFacility", "facility { id }", regionCode=TOWNSHIP,
                    kind="PSYCHOLOGICAL_COUNSELING_ROOM", name="新丰路街道心理咨询室",
                    openedOn=FIRST_DAY)  # fmt: skip
    await county.do(village, "appointServicePost", "servicePost { id }", regionCode=VILLAGE,
                    kind="LEGAL_ADVISER", personId=person["刘志强"]["id"],
                    organization="丰宁县律师事务所", startedOn=FIRST_DAY)  # fmt: skip
    await county.do(village, "recordInsuranceParticipation", "insuranceParticipation { year }",
                    villageCode=VILLAGE, year=2026, residentsTotal=1200,
                    residentsInsured=1140)  # fmt: skip
    await county.do(village, "registerSocialOrganization", "organization { id }",
                    villageCode=VILLAGE, name="花石社区志愿服务队", kind="VOLUNTEER_SERVICE",
                    foundedOn=FIRST_DAY)  # fmt: skip

    # The county's designations: a civilized town, a village that handles services by proxy.
    await county.do("county.admin", "awardRegionDesignation", "designation { id }",
                    regionCode=TOWNSHIP, kind="CIVILIZED", awardedBy="丰宁县文明委",
                    awardedOn=FIRST_DAY)  # fmt: skip
    await county.do("county.admin", "awardRegionDesignation", "designation { id }",
                    regionCode=VILLAGE, kind="GOVERNMENT_SERVICE_PROXY",
                    awardedBy="丰宁县行政审批局", awardedOn=FIRST_DAY)  # fmt: skip

    # The township's mediation committee, three mediators, one of them with an account.
    committee = (await county.do(township, "createMediationCommittee", "committee { id }",
                                 regionCode=TOWNSHIP, name="新丰路街道人民调解委员会",
                                 establishedOn=FIRST_DAY))["committee"]["id"]  # fmt: skip
    mediators = {}
    for name, role in (("张建国", "CHAIR"), ("赵春梅", "VICE_CHAIR"), ("陈丽", "MEMBER")):
        appointed = await county.do(township, "appointMediator", "mediator { id }",
                                    committeeId=committee, personId=person[name]["id"],
                                    role=role, fullTime=role == "CHAIR",
                                    startedOn=FIRST_DAY)  # fmt: skip
        mediators[name] = appointed["mediator"]["id"]
    mediator = await county.account(township, "xinfenglu.mediator", "MEDIATOR",
                                    person=person["张建国"]["id"], regionCode=TOWNSHIP)  # fmt: skip

    # The bank's catalog: a scheme with rules, a supermarket with goods and stock, its cashier.
    scheme = (await county.do(village, "createPointsScheme", "scheme { id }",
                              regionCode=VILLAGE, name="花石社区积分"))["scheme"]["id"]  # fmt: skip
    rule = (await county.do(village, "addPointsRule", "rule { id }", schemeId=scheme,
                            code="XL-01", category="FILIAL_PIETY", title="孝老爱亲",
                            points=100))["rule"]["id"]  # fmt: skip
    await county.do(village, "addPointsRule", "rule { id }", schemeId=scheme, code="WS-01",
                    category="SANITATION", title="庭院整洁", points=20)  # fmt: skip
    market = (await county.do(village, "createSupermarket", "supermarket { id }",
                              regionCode=VILLAGE, name="花石社区爱心超市"))["supermarket"]["id"]  # fmt: skip
    soap = (await county.do(village, "addGoods", "goods { id }", supermarketId=market,
                            name="香皂", unitLabel="块", pricePoints=15))["goods"]["id"]  # fmt: skip
    stocked = await county.do(village, "receiveStock", "goods { stock }", goodsId=soap,
                              quantity=40, source="DONATION", receivedOn=FIRST_DAY,
                              donorName="丰宁县日化商行", donorKind="COMPANY")  # fmt: skip
    assert stocked["goods"]["stock"] == 40
    # The rest of the shelf comes from the office's goods sheet (超市编号: the number inside the
    # supermarket's global id, which no field gives otherwise).
    number = relay.GlobalID.from_id(market).node_id
    sheet = _sheet(GOODS, [[number, "洗衣粉", "袋", 25], [number, "食用油 5L", "桶", 50]])
    imported = await county.client.http.post(
        "/imports/goods", files={"file": ("goods.xlsx", sheet, XLSX)},
        headers=county.headers[village],
    )  # fmt: skip
    assert imported.status_code == 200, imported.text
    assert imported.json()["counts"] == {"NEW": 2, "CHANGED": 0, "UNCHANGED": 0, "ENDED": 0}
    shelf = (await county.query(village, SHELF, id=market))["node"]["goods"]["nodes"]
    goods = {item["name"]: item["id"] for item in shelf}
    assert sorted(goods) == ["洗衣粉", "食用油 5L", "香皂"]
    powder = goods["洗衣粉"]
    await county.do(village, "receiveStock", "goods { stock }", goodsId=powder, quantity=10,
                    source="PURCHASE", receivedOn=FIRST_DAY)  # fmt: skip
    cashier = await county.account(village, "huashi.cashier", "SUPERMARKET_CASHIER",
                                   supermarketId=market)  # fmt: skip
    resident = await county.account(village, "zhang.ming", "RESIDENT",
                                    personId=person["张明"]["id"])  # fmt: skip

    # A grid event, reported by the grid worker and handled to closed.
    county.clock.advance(dt.timedelta(days=1))
    event = (await county.do(worker, "reportGridEvent", "gridEvent { id }", gridCode=GRID,
                             category="DISPUTE", title="邻里宅基地纠纷",
                             description="王德明与刘志强两户因院墙界线发生争执。"))["gridEvent"]["id"]  # fmt: skip
    for step, extra in (("ACCEPT", {}), ("ASSIGN", {"assigneeDepartment": "人民调解委员会"}),
                        ("START_HANDLING", {}), ("GIVE_FEEDBACK", {"note": "已转调解"}),
                        ("VERIFY", {}), ("CLOSE", {})):  # fmt: skip
        county.clock.advance(dt.timedelta(hours=2))
        moved = await county.do(worker, "transitionGridEvent", "gridEvent { status }",
                                eventId=event, step=step, **extra)  # fmt: skip
    assert moved["gridEvent"]["status"] == "CLOSED"

    # The dispute behind it, registered by the mediator, mediated and concluded.
    parties = [
        {"side": "APPLICANT", "name": "王德明", "personId": person["王德明"]["id"]},
        {"side": "RESPONDENT", "name": "刘志强", "personId": person["刘志强"]["id"]},
    ]
    case = (await county.do(mediator, "registerDispute", "disputeCase { id }",
                            committeeId=committee, regionCode=VILLAGE,
                            disputeType="NEIGHBOURHOOD", source="GRID_EVENT", gridEventId=event,
                            summary="院墙界线之争", parties=parties,
                            mediatorIds=[mediators["张建国"], mediators["赵春梅"]]))  # fmt: skip
    case_id = case["disputeCase"]["id"]
    county.clock.advance(dt.timedelta(days=1))
    day = local_day(county.clock.now()).isoformat()
    await county.do(mediator, "recordMediationSession", "disputeCase { id }", caseId=case_id,
                    heldOn=day, mediatorId=mediators["张建国"], notes="现场丈量")  # fmt: skip
    concluded = await county.do(mediator, "concludeDispute", "disputeCase { status }",
                                caseId=case_id, outcome="AGREEMENT",
                                agreementText="以原界桩为准，各退半米。", signedByParties=True,
                                signingMediatorId=mediators["张建国"])  # fmt: skip
    assert concluded["disputeCase"]["status"] == "AGREED"

    # An award through 公示: proposed by the grid worker, reviewed and published by the village.
    proposed = await county.do(worker, "proposePoints", "application { id account { id } }",
                               ruleId=rule, householdId=household["HS-001"],
                               eventOn=day)  # fmt: skip
    application = proposed["application"]
    await county.do(village, "reviewPointsApplication", "application { status }",
                    applicationId=application["id"], approve=True)  # fmt: skip
    await county.do(village, "publishPointsAnnouncement", "announcement { id }",
                    schemeId=scheme, villageCode=VILLAGE)  # fmt: skip
    mine = """{ myPointsAccounts(first: 5) { nodes { id availablePoints pendingAwardPoints
      household { number } } } }"""
    [pending] = (await county.query(resident, mine))["myPointsAccounts"]["nodes"]
    assert (pending["availablePoints"], pending["pendingAwardPoints"]) == (0, 100)
    county.clock.advance(dt.timedelta(days=7, minutes=1))  # the 公示 window closes

    # The resident's household spends at the supermarket; the resident reads the balance.
    sale = await county.do(cashier, "redeemPoints", "receipt { totalPoints balanceAfterPoints }",
                           supermarketId=market, accountId=application["account"]["id"],
                           idempotencyKey="first-sale",
                           lines=[{"goodsId": soap, "quantity": 2},
                                  {"goodsId": powder, "quantity": 1}])  # fmt: skip
    assert sale["receipt"] == {"totalPoints": 55, "balanceAfterPoints": 45}
    [account] = (await county.query(resident, mine))["myPointsAccounts"]["nodes"]
    assert account == {"id": application["account"]["id"], "availablePoints": 45,
                       "pendingAwardPoints": 0, "household": {"number": "HS-001"}}  # fmt: skip

    # The plan indicators, from these records alone.
    as_of = county.clock.now().date().isoformat()
    village_values = await _indicators(
        county, VILLAGE,
        ["village_legal_advisers", "government_services", "insurance_participation"], as_of,
    )  # fmt: skip
    for key in ("village_legal_advisers", "government_services"):
        value = village_values[key]
        assert (value["numerator"], value["denominator"], value["value"]) == (1, 1, 1.0), key
    insurance = village_values["insurance_participation"]
    assert (insurance["numerator"], insurance["denominator"]) == (1140, 1200)
    assert insurance["value"] == pytest.approx(0.95)
    organizations = await _indicators(
        county, VILLAGE, ["community_social_organizations", "village_social_organizations"], as_of
    )
    # 花石社区 is a community: counted among communities, not among villages.
    assert organizations["community_social_organizations"]["numerator"] == 1
    assert organizations["village_social_organizations"]["denominator"] == 0
    township_values = await _indicators(
        county, TOWNSHIP, ["township_mediators", "township_counseling_rooms", "civilized_towns"],
        as_of,
    )  # fmt: skip
    for key in ("township_mediators", "township_counseling_rooms", "civilized_towns"):
        value = township_values[key]
        assert (value["numerator"], value["denominator"], value["value"]) == (1, 1, 1.0), key
    county_values = await _indicators(county, COUNTY, ["township_mediators"], as_of)
    mediators_share = county_values["township_mediators"]
    townships = len(mediators_share["children"])
    assert townships > 1
    assert (mediators_share["numerator"], mediators_share["denominator"]) == (1, townships)
