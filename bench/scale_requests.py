"""The requests ``grassroots bench scale`` times at every size, and who sends them.

The first five are issue 20's "Done when" (a region read, a subtree list, the top region's
indicators, a balance read, a sale); the rest are the list table of its "Why". Lists are read
by the county administrator (their scope: the county, at every size); the balance by the demo
resident; the sale by the run's cashier, each under a new idempotency key.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench.scale_sale import COUNTY_ADMIN, RESIDENT, SaleFixture

COUNTY = "130826"
VILLAGE = "130826001001"  # 花石社区
PERSON_FIELDS = "nodes { id name gender birthDate }"

REGION = f'{{ regionByCode(code: "{COUNTY}") {{ name level descendantCount(level: GRID) }} }}'
PERSONS = f"{{ persons(first: 50) {{ totalCount {PERSON_FIELDS} }} }}"
PERSONS_PAGE = f"{{ persons(first: 50) {{ {PERSON_FIELDS} }} }}"
PERSONS_COUNT = "{ persons { totalCount } }"
HOUSEHOLDS = "{ households(first: 50) { totalCount nodes { id number address } } }"
PERSONS_VILLAGE = (
    f'{{ persons(first: 50, filter: {{underRegion: "{VILLAGE}"}}) '
    f"{{ totalCount {PERSON_FIELDS} }} }}"
)
WALK = (  # county → townships → villages → grids, within the query cost limit
    f'{{ regionByCode(code: "{COUNTY}") {{ name children(first: 40) {{ nodes {{ code name '
    "children(first: 40) { nodes { code name children(first: 10) { nodes { code name } } } } "
    "} } } }"
)
INDICATORS = (
    "query($code: String!) { indicatorValues(regionCode: $code) { indicator { key } "
    "available value numerator denominator met children { regionCode value rank } } }"
)
GRID_EVENTS = "{ gridEvents(first: 50) { totalCount nodes { id title status category } } }"
BALANCE = (
    "query($id: ID!) { pointsAccount(id: $id) { availablePoints pendingAwardPoints "
    "pendingDeductionPoints volunteerMinutes } }"
)
SALE = (
    "mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) { receipt { number "
    "totalPoints balanceAfterPoints } userErrors { code } } }"
)


@dataclass(frozen=True)
class Request:
    """One kind of request: ``make(n)`` is the n-th's (GraphQL body, or None for a GET of
    ``path``) and the user it is sent as (None: anonymous)."""

    name: str
    title: str
    user: str | None
    make: Callable[[int], dict[str, Any] | None]
    path: str = "/graphql"
    done_when: bool = False
    ok: bytes | None = None


def _fixed(query: str, variables: dict[str, Any] | None = None) -> Callable[[int], dict[str, Any]]:
    body = {"query": query, **({"variables": variables} if variables else {})}
    return lambda _n: body


def _sales(fixture: SaleFixture) -> Callable[[int], dict[str, Any]]:
    run = uuid.uuid4().hex[:8]
    numbers = itertools.count()  # warm-up and measured sales never share a key

    def make(_n: int) -> dict[str, Any]:
        variables = {"input": {
            "supermarketId": fixture.supermarket_id,
            "accountId": fixture.account_id,
            "lines": [{"goodsId": fixture.goods_id, "quantity": 1}],
            "idempotencyKey": f"scale-{run}-{next(numbers)}",
        }}  # fmt: skip
        return {"query": SALE, "variables": variables}

    return make


def requests(top_code: str, fixture: SaleFixture) -> list[Request]:
    admin, resident = COUNTY_ADMIN[0], RESIDENT[0]
    balance = _fixed(BALANCE, {"id": fixture.account_id})
    top = f"indicators of {top_code}"
    return [
        Request(
            "region", "region read (county, grids below)", admin, _fixed(REGION), done_when=True
        ),
        Request(
            "persons", "persons(first: 50) + totalCount", admin, _fixed(PERSONS), done_when=True
        ),
        Request("indicators", top, admin, _fixed(INDICATORS, {"code": top_code}), done_when=True),
        Request("balance", "balance (demo resident)", resident, balance, done_when=True),
        Request(
            "sale",
            "sale (cashier, new key)",
            fixture.cashier,
            _sales(fixture),
            done_when=True,
            ok=b'"userErrors":[]',
        ),
        Request("persons_page", "persons(first: 50), no totalCount", admin, _fixed(PERSONS_PAGE)),
        Request("persons_count", "persons totalCount alone", admin, _fixed(PERSONS_COUNT)),
        Request("households", "households(first: 50) + totalCount", admin, _fixed(HOUSEHOLDS)),
        Request("persons_village", "persons under one village", admin, _fixed(PERSONS_VILLAGE)),
        Request("walk", "region walk, 3 levels (40/40/10)", admin, _fixed(WALK)),
        Request("grid_events", "gridEvents(first: 50) + totalCount", admin, _fixed(GRID_EVENTS)),
        Request("dashboard", "GET /dashboard (top region)", None, lambda _n: None, "/dashboard"),
    ]


def statements_of(body: bytes) -> int | None:
    """The statement count a GraphQL answer reports (``GRASSROOTS_DEBUG_SQL``), if any."""
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    sql = (answer.get("extensions") or {}).get("sql") if isinstance(answer, dict) else None
    return int(sql["statements"]) if isinstance(sql, dict) and "statements" in sql else None
