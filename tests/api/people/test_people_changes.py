"""Goal: staff keep persons and households current over GraphQL — register, correct against a
version (a stale edit refused, changing nothing), read the history back with identifiers
masked, end a person (left out of lists unless asked), split and merge — and writes outside a
caller's regions are refused and change nothing.

Method: the real ASGI app over the tiny demo with the demo users (a grid worker of 花石社区's
first grid, its village admin, 大阁镇's township admin); database fingerprints around refused
writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from governance.people.id_card import make_id_card
from kit.clock import local_day
from kit.settings import Settings
from tests.support.fingerprint import fingerprint
from tests.support.workflows import Desk, codes, workflow_settings

GRID = "130826001001001"
BORN = dt.date(1988, 8, 8)
PERSON_FIELDS = """id name version phone endedOn endReason relationToHead
  history { version action changedBy reason changes { field from to } }"""
HOUSEHOLD_FIELDS = """id number version endedOn endReason head { id }
  members { id version } everyone: members(includeEnded: true) { id }
  history { version action reason changes { field from to } }"""


def _mutation(name: str, selection: str) -> str:
    type_name = name[0].upper() + name[1:]
    return (
        f"mutation($input: {type_name}Input!) {{ {name}(input: $input) "
        f"{{ {selection} userErrors {{ code field message }} }} }}"
    )


def member(sequence: int, relation: str = "CHILD", **values: Any) -> dict[str, Any]:
    return {"name": f"流程{sequence}", "gender": "MALE" if sequence % 2 else "FEMALE",
            "birthDate": BORN.isoformat(),
            "idCardNumber": make_id_card("130899", BORN, sequence),
            "relationToHead": relation} | values  # fmt: skip


async def _register(desk: Desk, user: str, number: str, first: int, size: int) -> dict[str, Any]:
    members = [member(first, "HEAD")] + [member(first + i) for i in range(1, size)]
    payload = await desk.mutate(
        user, _mutation("registerHousehold", f"household {{ {HOUSEHOLD_FIELDS} }}"),
        number=number, regionCode=GRID, members=members,
    )  # fmt: skip
    assert payload["userErrors"] == [], payload
    household: dict[str, Any] = payload["household"]
    return household


async def _person(desk: Desk, user: str, mutation: str, /, **input: Any) -> dict[str, Any]:
    return await desk.mutate(user, _mutation(mutation, f"person {{ {PERSON_FIELDS} }}"), **input)


async def _household(desk: Desk, user: str, mutation: str, /, **input: Any) -> dict[str, Any]:
    selection = f"household {{ {HOUSEHOLD_FIELDS} }}"
    return await desk.mutate(user, _mutation(mutation, selection), **input)


@pytest.fixture
def settings() -> Settings:
    """No background tasks: the rate limiter's exchange would change the fingerprints."""
    return workflow_settings(background_tasks=False)


PERSONS = """query($filter: PersonFilter) { persons(filter: $filter, first: 50) {
  edges { node { name } } } }"""


async def test_register_correct_read_history_and_end(people_desk: Desk) -> None:
    household = await _register(people_desk, "huashi.grid1", "LC-1", 11, 2)
    assert [change["action"] for change in household["history"]] == ["CREATED"]
    child = household["members"][1]
    corrected = await _person(
        people_desk, "huashi.grid1", "correctPerson",
        personId=child["id"], expectedVersion=1, phone="13812345678", reason="入户走访",
    )  # fmt: skip
    person = corrected["person"]
    assert (person["version"], person["phone"]) == (2, "138****5678")
    created, changed = person["history"]
    assert created["action"] == "CREATED"
    assert {"field": "phone", "from": None, "to": "138****5678"} in changed["changes"]
    assert (changed["changedBy"], changed["reason"]) == ("huashi.grid1", "入户走访")
    id_card = next(c for c in created["changes"] if c["field"] == "idCardNumber")
    assert id_card["to"].startswith("130899********")

    stale = await _person(
        people_desk, "huashi.grid1", "correctPerson",
        personId=child["id"], expectedVersion=1, name="改名",
    )  # fmt: skip
    assert (codes(stale), stale["person"]) == (["STALE_VERSION"], None)
    not_theirs = await _person(
        people_desk, "huashi.grid1", "endPerson",
        personId=child["id"], expectedVersion=2, endedOn="2026-11-01", endReason="MOVED_AWAY",
    )  # fmt: skip
    assert codes(not_theirs) == ["PERSON_NOT_FOUND"], "grid workers do not end records"

    today = local_day(people_desk.clock.now()).isoformat()
    ended = await _person(
        people_desk, "huashi.admin", "endPerson",
        personId=child["id"], expectedVersion=2, endedOn=today, endReason="MOVED_AWAY",
    )  # fmt: skip
    assert ended["person"]["name"] == "流程12"
    assert (ended["person"]["endedOn"], ended["person"]["endReason"]) == (today, "MOVED_AWAY")
    assert ended["person"]["history"][-1]["action"] == "ENDED"

    listed = await people_desk.data("huashi.admin", PERSONS, filter={"namePrefix": "流程"})
    assert [e["node"]["name"] for e in listed["persons"]["edges"]] == ["流程11"]
    everyone = {"namePrefix": "流程", "includeEnded": True}
    listed = await people_desk.data("huashi.admin", PERSONS, filter=everyone)
    assert [e["node"]["name"] for e in listed["persons"]["edges"]] == ["流程11", "流程12"]


async def test_head_split_and_merge_over_graphql(people_desk: Desk) -> None:
    admin = "huashi.admin"
    first = await _register(people_desk, admin, "LC-2", 21, 3)
    second = await _register(people_desk, admin, "LC-3", 31, 2)
    _, leaving, staying = (row["id"] for row in first["members"])
    split = await _household(
        people_desk, admin, "splitHousehold",
        householdId=first["id"], expectedVersion=1, number="LC-2-1",
        memberIds=[leaving], headPersonId=leaving, reason="分户",
    )  # fmt: skip
    assert split["userErrors"] == []
    new = split["household"]
    assert (new["number"], new["head"]["id"], [m["id"] for m in new["members"]]) == (
        "LC-2-1", leaving, [leaving],
    )  # fmt: skip
    changed = await _household(
        people_desk, admin, "changeHouseholdHead",
        householdId=first["id"], expectedVersion=2, headPersonId=staying,
        formerHeadRelation="PARENT",
    )  # fmt: skip
    assert changed["household"]["head"]["id"] == staying
    merged = await _household(
        people_desk, admin, "mergeHouseholds",
        survivingHouseholdId=first["id"], survivingExpectedVersion=3,
        absorbedHouseholdId=second["id"], absorbedExpectedVersion=1,
    )  # fmt: skip
    assert merged["userErrors"] == []
    survivor = merged["household"]
    assert len(survivor["members"]) == 4
    assert survivor["members"][0]["id"] == staying, "head first"
    members_change = survivor["history"][-1]["changes"]
    assert members_change == [
        {"field": "members", "from": "流程21, 流程23", "to": "流程21, 流程23, 流程31, 流程32"}
    ]
    households = """query { households(filter: {numberPrefix: "LC-3", includeEnded: true},
      first: 5) { edges { node { number endedOn endReason head { id } } } } }"""
    [ended] = (await people_desk.data(admin, households))["households"]["edges"]
    assert (ended["node"]["endReason"], ended["node"]["head"]) == ("MERGED", None)
    current = households.replace(", includeEnded: true", "")
    assert (await people_desk.data(admin, current))["households"]["edges"] == []


async def test_writes_outside_ones_regions_change_nothing(
    people_desk: Desk, people_database_url: str
) -> None:
    household = await _register(people_desk, "huashi.admin", "LC-4", 41, 2)
    child = household["members"][1]["id"]
    before = await fingerprint(people_database_url)
    far = "dage.admin"
    attempts = [
        (await _person(people_desk, far, "correctPerson",
                       personId=child, expectedVersion=1, name="越权"), "PERSON_NOT_FOUND"),
        (await _household(people_desk, far, "moveHousehold", householdId=household["id"],
                          expectedVersion=1, regionCode="130826100201"), "HOUSEHOLD_NOT_FOUND"),
        (await _household(people_desk, far, "registerHousehold", number="LC-5",
                          regionCode=GRID, members=[member(51, "HEAD")]), "FORBIDDEN"),
        (await _household(people_desk, "huashi.grid1", "moveHousehold",
                          householdId=household["id"], expectedVersion=1,
                          regionCode="130826001001"), "HOUSEHOLD_NOT_FOUND"),
    ]  # fmt: skip
    for payload, code in attempts:
        assert codes(payload) == [code], payload
    assert await fingerprint(people_database_url) == before


async def test_an_ended_person_gets_no_account_or_resident_grant(people_desk: Desk) -> None:
    admin = "huashi.admin"
    household = await _register(people_desk, admin, "LC-6", 61, 2)
    child = household["members"][1]["id"]
    today = local_day(people_desk.clock.now()).isoformat()
    ended = await _person(
        people_desk, admin, "endPerson",
        personId=child, expectedVersion=1, endedOn=today, endReason="DIED",
    )  # fmt: skip
    assert ended["userErrors"] == []
    create, grant = (
        _mutation("createUser", "user { username }"),
        _mutation("grantRole", "user { username }"),
    )
    linked = await people_desk.data(
        admin, create, input={"username": "lc.dead", "displayName": "逝者", "personId": child}
    )
    assert codes(linked["createUser"]) == ["PERSON_ENDED"]
    created = await people_desk.data(
        admin, create, input={"username": "lc.other", "displayName": "家属"}
    )
    assert created["createUser"]["userErrors"] == []
    resident = {"username": "lc.other", "role": "RESIDENT", "personId": child}
    granted = await people_desk.data(admin, grant, input=resident)
    assert codes(granted["grantRole"]) == ["PERSON_ENDED"]
