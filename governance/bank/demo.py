"""Demo morality bank: a county scheme with the usual rules, two supermarkets with priced goods
and donated stock, awards posted for households of 花石社区 and a first redemption.

Consistent with the demo users: supermarket 1 is 花石社区's (where household 1, the demo
resident's, lives), so ``supermarket1.cashier`` serves ``resident.demo``; ``huashi.admin``
proposed and reviewed the awards. Deterministic, and skipped when schemes exist already.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance import listing
from governance.access.models import User
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.bank import announcements, applications, service
from governance.bank.models import CapPeriod, Rule, RuleCategory, Scheme
from governance.bank.models import HolderKind as Kind
from governance.people.models import Household
from governance.regions.codes import under
from governance.supermarkets import redemption
from governance.supermarkets import service as markets
from governance.supermarkets.models import DonorKind, StockSource
from governance.supermarkets.repository import goods_by_name
from kit.clock import local_day

COUNTY_CODE = "130826"
HUASHI_CODE = "130826001001"
DAGE_CODE = "130826100"
AWARDED_HOUSEHOLDS = 12
# (code, category, title, points, cap points, cap period, evidence required)
RULES = (
    ("XL-01", RuleCategory.FILIAL_PIETY, "照顾老人、孝敬父母", 10, 30, CapPeriod.MONTH, False),
    ("XL-02", RuleCategory.FILIAL_PIETY, "评为孝老爱亲模范户", 50, 50, CapPeriod.YEAR, True),
    ("HJ-01", RuleCategory.SANITATION, "庭院整洁、门前三包", 5, 15, CapPeriod.MONTH, False),
    ("HJ-02", RuleCategory.SANITATION, "乱堆乱放、乱倒垃圾", -5, None, None, True),
    ("ZY-01", RuleCategory.VOLUNTEER_SERVICE, "参加志愿服务活动", 10, 40, CapPeriod.MONTH, False),
    ("LL-01", RuleCategory.NEIGHBOURLY_HELP, "邻里互助、调解纠纷", 10, None, None, False),
    ("YF-01", RuleCategory.REFORMED_CUSTOMS, "红白事简办", 20, None, None, True),
    ("YF-02", RuleCategory.REFORMED_CUSTOMS, "大操大办、铺张浪费", -20, None, None, True),
    (
        "ZF-01",
        RuleCategory.LAW_ABIDING,
        "遵纪守法、无违法记录（年度）",
        10,
        10,
        CapPeriod.YEAR,
        False,
    ),
    ("ZF-02", RuleCategory.LAW_ABIDING, "违法违规受到处理", -30, None, None, True),
)
# (name, unit, price points, stock donated, donor, donor kind)
GOODS = (
    ("香皂", "块", 5, 200, "县慈善总会", DonorKind.ORGANIZATION),
    ("洗衣粉", "袋", 10, 100, "县供销合作社", DonorKind.GOVERNMENT),
    ("大米 10斤", "袋", 50, 60, "丰宁县粮油经销企业（爱心捐赠）", DonorKind.COMPANY),
    ("食用油 5L", "桶", 85, 40, "丰宁县粮油经销企业（爱心捐赠）", DonorKind.COMPANY),
    ("毛巾", "条", 8, 100, "县妇联", DonorKind.ORGANIZATION),
)
DEMO_NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


async def load_bank(session: AsyncSession) -> dict[str, int]:
    """The demo scheme, supermarkets and first awards; nothing if a scheme exists already."""
    if await listing.any_row(session, Scheme):
        return {"points_schemes": 0, "supermarkets": 0, "points_awards": 0}
    users = await _demo_users(session)
    county = _viewer(users["county.admin"], Grant(Role.COUNTY_ADMIN, COUNTY_CODE))
    scheme = await _scheme(session, county)
    supermarket_ids = [
        await _supermarket(session, county, HUASHI_CODE, "花石社区爱心超市"),
        await _supermarket(session, county, DAGE_CODE, "大阁镇爱心超市"),
    ]
    awards = await _awards(session, users, scheme)
    cashier = _viewer(
        users["supermarket1.cashier"],
        Grant(Role.SUPERMARKET_CASHIER, supermarket_id=supermarket_ids[0]),
    )
    await _first_sale(session, cashier, supermarket_ids[0], scheme)
    return {"points_schemes": 1, "supermarkets": len(supermarket_ids), "points_awards": awards}


async def _demo_users(session: AsyncSession) -> dict[str, int]:
    found = await session.execute(select(User.username, User.id))
    return {row[0]: row[1] for row in found}


def _viewer(user_id: int, grant: Grant) -> Viewer:
    return Viewer(user_id=user_id, session_id=0, grants=(grant,))


async def _scheme(session: AsyncSession, county: Viewer) -> Scheme:
    draft = service.SchemeDraft(
        COUNTY_CODE, "丰宁县道德银行积分方案", Kind.HOUSEHOLD, 7, points_per_volunteer_hour=10
    )
    scheme = await service.create_scheme(session, county, draft, DEMO_NOW)
    for code, category, title, points, cap, period, evidence in RULES:
        rule = service.RuleDraft(scheme.id, code, category, title, points, cap, period, evidence)
        await service.add_rule(session, county, rule, DEMO_NOW)
    return scheme


async def _supermarket(session: AsyncSession, county: Viewer, region_code: str, name: str) -> int:
    supermarket = await markets.create_supermarket(session, county, region_code, name, DEMO_NOW)
    for goods_name, unit, price, quantity, donor, donor_kind in GOODS:
        draft = markets.GoodsDraft(supermarket.id, goods_name, unit, price)
        goods = await markets.add_goods(session, county, draft, DEMO_NOW)
        delivery = markets.Delivery(
            goods.id, quantity, StockSource.DONATION, local_day(DEMO_NOW), donor, donor_kind
        )
        await markets.receive_stock(session, county, delivery)
    return supermarket.id


async def _awards(session: AsyncSession, users: dict[str, int], scheme: Scheme) -> int:
    """Awards for the first households of 花石社区, announced ten days ago, now posted."""
    village_admin = _viewer(users["huashi.admin"], Grant(Role.VILLAGE_ADMIN, HUASHI_CODE))
    statement = (
        select(Household.id)
        .where(under(Household.region_code, HUASHI_CODE))
        .order_by(Household.id)
        .limit(AWARDED_HOUSEHOLDS)
    )
    household_ids = list((await session.execute(statement)).scalars())
    rules = {rule.code: rule.id for rule in await _rules(session, scheme.id)}
    proposed_at = DEMO_NOW - dt.timedelta(days=10)
    for index, household_id in enumerate(household_ids):
        for code in ("XL-01", "HJ-01", "LL-01")[: 3 - index % 3]:
            proposal = applications.Proposal(
                rules[code],
                service.Owner(household_id=household_id),
                local_day(proposed_at),
                "村委会入户核实",
            )
            entry = await applications.propose(session, village_admin, proposal, proposed_at)
            review = applications.Review(entry.id, approve=True)
            await applications.review(session, village_admin, review, proposed_at)
    await announcements.publish(session, village_admin, scheme.id, HUASHI_CODE, proposed_at)
    await announcements.settle_due(session, DEMO_NOW)
    return sum(3 - index % 3 for index in range(len(household_ids)))


async def _rules(session: AsyncSession, scheme_id: int) -> list[Rule]:
    return list((await session.execute(select(Rule).where(Rule.scheme_id == scheme_id))).scalars())


async def _first_sale(
    session: AsyncSession, cashier: Viewer, supermarket_id: int, scheme: Scheme
) -> None:
    """Household 1 takes two bars of soap (5 points each) at supermarket 1."""
    holder = await service.open_holder(session, scheme, service.Owner(household_id=1))
    soap = await markets_goods_id(session, supermarket_id, "香皂")
    sale = redemption.Sale(supermarket_id, holder.id, [redemption.SaleLine(soap, 2)], "demo-1")
    await redemption.redeem(session, cashier, sale)


async def markets_goods_id(session: AsyncSession, supermarket_id: int, name: str) -> int:
    goods = await goods_by_name(session, supermarket_id, name)
    assert goods is not None
    return goods.id
