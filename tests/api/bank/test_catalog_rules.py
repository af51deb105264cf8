"""Goal: a scheme's catalog kept current over GraphQL. A rule edit adopts a version effective
from a county day: awards made before keep their points and title, a proposal on or after the
day takes the new terms; a stale edit is refused and changes nothing; a retired rule takes no
new applications while the old ones stay; an ended scheme takes no new rules or proposals.
Everything reads back with its history (who, when, from → to, why).

Method: the real ASGI app over the demo, as huashi.admin (花石社区's village admin) with a
controllable clock (``FakeClock.advance`` crosses the county day); dage.admin (another
township) as the out-of-scope caller; the results read back through `node`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from strawberry import relay

from kit.clock import local_day
from tests.api.bank.conftest import As, FakeClock
from tests.api.bank.test_end_to_end import HUASHI, RULE, SCHEME

pytestmark = pytest.mark.date_sensitive

HOUSEHOLD_1 = relay.to_base64("Household", 1)
CHANGE_RULE = """mutation($input: ChangePointsRuleInput!) { changePointsRule(input: $input) {
  rule { id version points title effectiveFrom } userErrors { code field } } }"""
RETIRE_RULE = """mutation($input: RetirePointsRuleInput!) { retirePointsRule(input: $input) {
  rule { id version active endedOn } userErrors { code field } } }"""
CHANGE_SCHEME = """mutation($input: ChangePointsSchemeInput!) { changePointsScheme(input: $input) {
  scheme { id version name announcementDays } userErrors { code field } } }"""
END_SCHEME = """mutation($input: EndPointsSchemeInput!) { endPointsScheme(input: $input) {
  scheme { id version endedOn } userErrors { code field } } }"""
RULE_READ = """query($id: ID!) { node(id: $id) { ... on PointsRule {
  version points title effectiveFrom active endedOn
  versions { number effectiveFrom points title }
  history { version action changedBy reason changes { field from to } } } } }"""
APPLICATION_READ = """query($id: ID!) { node(id: $id) { ... on PointsApplication {
  points ruleVersion { number points title } } } }"""
PROPOSAL = """mutation($input: ProposePointsInput!) { proposePoints(input: $input) {
  application { id points ruleVersion { number points title } } userErrors { code } } }"""


def _codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


async def _rule(users: As) -> tuple[str, str]:
    created = await users.data(
        "huashi.admin", SCHEME, {"input": {"regionCode": HUASHI, "name": "扫雪积分"}}
    )
    scheme_id = created["createPointsScheme"]["scheme"]["id"]
    rule = {"schemeId": scheme_id, "code": "SX-01", "category": "SANITATION",
            "title": "扫雪", "points": 10, "evidenceRequired": False}  # fmt: skip
    added = await users.data("huashi.admin", RULE, {"input": rule})
    return scheme_id, added["addPointsRule"]["rule"]["id"]


async def _propose(users: As, rule_id: str, day: dt.date) -> dict[str, Any]:
    proposal = {"ruleId": rule_id, "householdId": HOUSEHOLD_1, "eventOn": day.isoformat()}
    payload: dict[str, Any] = (await users.data("huashi.admin", PROPOSAL, {"input": proposal}))[
        "proposePoints"
    ]
    return payload


def _new_terms(rule_id: str, version: int, day: dt.date) -> dict[str, Any]:
    return {"input": {
        "ruleId": rule_id, "expectedVersion": version, "effectiveFrom": day.isoformat(),
        "category": "SANITATION", "title": "扫雪除冰", "points": 20, "reason": "冬季加倍",
    }}  # fmt: skip


async def test_a_new_version_leaves_past_awards_as_they_were(users: As, clock: FakeClock) -> None:
    _, rule_id = await _rule(users)
    today = local_day(clock.now())
    tomorrow = today + dt.timedelta(days=1)
    first = (await _propose(users, rule_id, today))["application"]
    assert first["ruleVersion"] == {"number": 1, "points": 10, "title": "扫雪"}

    changed = await users.data("huashi.admin", CHANGE_RULE, _new_terms(rule_id, 1, tomorrow))
    assert changed["changePointsRule"]["rule"]["version"] == 2
    stale = await users.data("huashi.admin", CHANGE_RULE, _new_terms(rule_id, 1, tomorrow))
    assert _codes(stale["changePointsRule"]) == ["STALE_VERSION"]
    outside = await users.data("dage.admin", CHANGE_RULE, _new_terms(rule_id, 2, tomorrow))
    assert _codes(outside["changePointsRule"]) == ["RULE_NOT_FOUND"]
    past = _new_terms(rule_id, 2, today - dt.timedelta(days=1))
    assert _codes((await users.data("huashi.admin", CHANGE_RULE, past))["changePointsRule"]) == [
        "EFFECTIVE_DAY_INVALID"
    ]

    read = (await users.data("huashi.admin", RULE_READ, {"id": rule_id}))["node"]
    assert (read["version"], read["points"], read["effectiveFrom"]) == (
        2, 20, tomorrow.isoformat(),
    )  # fmt: skip
    assert [(v["number"], v["points"], v["title"]) for v in read["versions"]] == [
        (1, 10, "扫雪"), (2, 20, "扫雪除冰"),
    ]  # fmt: skip
    created, edit = read["history"]
    assert (created["action"], edit["action"]) == ("CREATED", "CHANGED")
    assert (edit["changedBy"], edit["reason"], edit["version"]) == ("huashi.admin", "冬季加倍", 2)
    assert {c["field"]: (c["from"], c["to"]) for c in edit["changes"]} == {
        "title": ("扫雪", "扫雪除冰"),
        "points": ("10", "20"),
        "effectiveFrom": (today.isoformat(), tomorrow.isoformat()),
    }

    # Still today: version 1 is in force.
    assert (await _propose(users, rule_id, today))["application"]["points"] == 10
    clock.advance(dt.timedelta(days=1))
    later = (await _propose(users, rule_id, tomorrow))["application"]
    assert later["ruleVersion"] == {"number": 2, "points": 20, "title": "扫雪除冰"}
    assert later["points"] == 20
    kept = (await users.data("huashi.admin", APPLICATION_READ, {"id": first["id"]}))["node"]
    assert kept == {"points": 10, "ruleVersion": {"number": 1, "points": 10, "title": "扫雪"}}


async def test_a_retired_rule_takes_no_new_applications(users: As, clock: FakeClock) -> None:
    _, rule_id = await _rule(users)
    today = local_day(clock.now())
    first = (await _propose(users, rule_id, today))["application"]
    retire = {"ruleId": rule_id, "expectedVersion": 1, "reason": "规则合并"}
    outside = await users.data("dage.admin", RETIRE_RULE, {"input": retire})
    assert _codes(outside["retirePointsRule"]) == ["RULE_NOT_FOUND"]
    retired = (await users.data("huashi.admin", RETIRE_RULE, {"input": retire}))["retirePointsRule"]
    assert retired["rule"] == {
        "id": rule_id, "version": 2, "active": False, "endedOn": today.isoformat(),
    }  # fmt: skip
    again = await users.data(
        "huashi.admin", RETIRE_RULE, {"input": retire | {"expectedVersion": 2}}
    )
    assert _codes(again["retirePointsRule"]) == ["ALREADY_ENDED"]
    assert _codes(await _propose(users, rule_id, today)) == ["RULE_RETIRED"]
    kept = (await users.data("huashi.admin", APPLICATION_READ, {"id": first["id"]}))["node"]
    assert kept["points"] == 10
    history = (await users.data("huashi.admin", RULE_READ, {"id": rule_id}))["node"]["history"]
    assert history[-1]["action"] == "ENDED"
    assert history[-1]["reason"] == "规则合并"


async def test_scheme_settings_change_and_the_scheme_ends(users: As, clock: FakeClock) -> None:
    scheme_id, rule_id = await _rule(users)
    settings = {"schemeId": scheme_id, "expectedVersion": 1, "name": "扫雪积分（修订）",
                "announcementDays": 3, "nameDisplay": "NONE", "pointsPerVolunteerHour": 5}  # fmt: skip
    outside = await users.data("dage.admin", CHANGE_SCHEME, {"input": settings})
    assert _codes(outside["changePointsScheme"]) == ["SCHEME_NOT_FOUND"]
    changed = await users.data("huashi.admin", CHANGE_SCHEME, {"input": settings})
    assert changed["changePointsScheme"]["scheme"] == {
        "id": scheme_id, "version": 2, "name": "扫雪积分（修订）", "announcementDays": 3,
    }  # fmt: skip
    stale = await users.data("huashi.admin", CHANGE_SCHEME, {"input": settings})
    assert _codes(stale["changePointsScheme"]) == ["STALE_VERSION"]

    ending = {"schemeId": scheme_id, "expectedVersion": 2, "reason": "并入县级方案"}
    ended = (await users.data("huashi.admin", END_SCHEME, {"input": ending}))["endPointsScheme"]
    assert ended["scheme"]["endedOn"] == local_day(clock.now()).isoformat()
    assert _codes(await _propose(users, rule_id, local_day(clock.now()))) == ["SCHEME_ENDED"]
    rule = {"schemeId": scheme_id, "code": "SX-02", "category": "OTHER", "title": "新",
            "points": 1, "evidenceRequired": False}  # fmt: skip
    refused = await users.data("huashi.admin", RULE, {"input": rule})
    assert [e["code"] for e in refused["addPointsRule"]["userErrors"]] == ["SCHEME_ENDED"]
