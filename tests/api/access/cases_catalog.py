"""The bank catalog's cases of the access tests (issue 16): schemes, rules, supermarkets,
goods and stock adjustments. Kept here, apart from the other parts' cases, so the matrices
only splice them in.

``matrix_calls`` run in order after an area's bank calls, each allowed call expected to
succeed: the versions passed back are those the earlier allowed calls left (every target
starts at version 1), and what ends (the rule, the scheme, the goods) ends last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from strawberry import relay

from tests.api.access.policy import ADMINS, CASHIER_OF_SUPERMARKET, covers, database_id
from tests.api.access.world import TODAY, YESTERDAY, Area

TOMORROW = TODAY + dt.timedelta(days=1)
MISSING = 10**9

# (mutation, payload field, input, who may, codes that stand for "not yours")
MatrixCall = tuple[str, str, dict[str, Any], Callable[[str], bool], frozenset[str]]
# (mutation, selection, input, the one code expected)
BadCall = tuple[str, str, dict[str, Any], str]

HIDDEN_SCHEME = frozenset({"SCHEME_NOT_FOUND"})
HIDDEN_RULE = frozenset({"RULE_NOT_FOUND"})
HIDDEN_SUPERMARKET = frozenset({"SUPERMARKET_NOT_FOUND"})
HIDDEN_GOODS = frozenset({"GOODS_NOT_FOUND"})


def _rule_terms(title: str) -> dict[str, Any]:
    return {"category": "OTHER", "title": title, "points": 6, "evidenceRequired": False}


def matrix_calls(area: Area) -> list[MatrixCall]:
    ids, v, market = area.ids, area.village, area.supermarket_region
    cashier_here = {
        u for u, m in CASHIER_OF_SUPERMARKET.items() if m == database_id(area.supermarket)
    }
    scheme_admin: Callable[[str], bool] = lambda u: covers(u, v, ADMINS)  # noqa: E731
    market_admin: Callable[[str], bool] = lambda u: covers(u, market, ADMINS)  # noqa: E731
    counter: Callable[[str], bool] = lambda u: market_admin(u) or u in cashier_here  # noqa: E731
    scheme, rule, goods = ids["PointsScheme"], ids["PointsRule"], ids["Goods"]
    supermarket = area.supermarket
    return [
        ("changePointsScheme", "scheme",
         {"schemeId": scheme, "expectedVersion": 1, "name": "矩阵方案（修订）",
          "announcementDays": 5, "nameDisplay": "MASKED", "pointsPerVolunteerHour": 0},
         scheme_admin, HIDDEN_SCHEME),
        ("changePointsRule", "rule",
         {"ruleId": rule, "expectedVersion": 1, "effectiveFrom": TOMORROW.isoformat()}
         | _rule_terms("修订"), scheme_admin, HIDDEN_RULE),
        ("retirePointsRule", "rule", {"ruleId": rule, "expectedVersion": 2, "reason": "停用"},
         scheme_admin, HIDDEN_RULE),
        ("endPointsScheme", "scheme", {"schemeId": scheme, "expectedVersion": 2, "reason": "终止"},
         scheme_admin, HIDDEN_SCHEME),
        ("changeSupermarket", "supermarket",
         {"supermarketId": supermarket, "expectedVersion": 1, "name": "矩阵爱心超市"},
         market_admin, HIDDEN_SUPERMARKET),
        ("writeOffStock", "adjustment", {"goodsId": goods, "quantity": 1, "reason": "DAMAGED"},
         counter, frozenset()),
        ("countStock", "adjustment", {"goodsId": goods, "countedQuantity": 10}, counter,
         frozenset()),
        ("changeGoods", "goods",
         {"goodsId": goods, "expectedVersion": 1, "name": "矩阵香皂", "unitLabel": "块"},
         market_admin, HIDDEN_GOODS),
        ("retireGoods", "goods", {"goodsId": goods, "expectedVersion": 2, "reason": "停售"},
         market_admin, HIDDEN_GOODS),
        ("closeSupermarket", "supermarket",
         {"supermarketId": supermarket, "expectedVersion": 2, "reason": "装修"},
         market_admin, HIDDEN_SUPERMARKET),
        ("reopenSupermarket", "supermarket",
         {"supermarketId": supermarket, "expectedVersion": 3, "reason": "装修完毕"},
         market_admin, HIDDEN_SUPERMARKET),
    ]  # fmt: skip


def bad_calls(area: Area) -> list[BadCall]:
    ids = area.ids
    scheme, rule, goods = ids["PointsScheme"], ids["PointsRule"], ids["Goods"]
    supermarket = area.supermarket
    return [
        ("changePointsScheme", "scheme { id }",
         {"schemeId": scheme, "expectedVersion": 1, "name": " ", "announcementDays": 5,
          "nameDisplay": "MASKED", "pointsPerVolunteerHour": 0}, "NAME_REQUIRED"),
        ("endPointsScheme", "scheme { id }",
         {"schemeId": scheme, "expectedVersion": 1, "reason": " "}, "REASON_REQUIRED"),
        ("changePointsRule", "rule { id }",
         {"ruleId": rule, "expectedVersion": 1, "effectiveFrom": YESTERDAY.isoformat()}
         | _rule_terms("追溯"), "EFFECTIVE_DAY_INVALID"),
        ("retirePointsRule", "rule { id }",
         {"ruleId": rule, "expectedVersion": 7, "reason": "停用"}, "STALE_VERSION"),
        ("changeSupermarket", "supermarket { id }",
         {"supermarketId": supermarket, "expectedVersion": 1, "name": " "}, "NAME_REQUIRED"),
        ("closeSupermarket", "supermarket { id }",
         {"supermarketId": supermarket, "expectedVersion": 1, "reason": " "}, "REASON_REQUIRED"),
        ("reopenSupermarket", "supermarket { id }",
         {"supermarketId": supermarket, "expectedVersion": 1, "reason": "开业"},
         "SUPERMARKET_OPEN"),
        ("changeGoods", "goods { id }",
         {"goodsId": goods, "expectedVersion": 1, "name": "香皂", "unitLabel": " "},
         "NAME_REQUIRED"),
        ("retireGoods", "goods { id }",
         {"goodsId": relay.to_base64("Goods", MISSING), "expectedVersion": 1, "reason": "停售"},
         "GOODS_NOT_FOUND"),
        ("writeOffStock", "adjustment { id }",
         {"goodsId": goods, "quantity": 0, "reason": "EXPIRED"}, "QUANTITY_INVALID"),
        ("countStock", "adjustment { id }", {"goodsId": goods, "countedQuantity": -1},
         "QUANTITY_INVALID"),
    ]  # fmt: skip
