"""The sale and the balance read of ``grassroots bench scale``, prepared in each size's database.

Through the services, as ``bench.bank`` does, but small and repeatable on a kept database (every
name carries the run's tag): a supermarket in the village of household 1 (the demo resident's),
the demo soap stocked, a cashier, and one award of 10,000 points announced and settled for the
household, enough for every sale of a run. The balance read is the demo resident's own account.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from governance.access.models import User
from governance.access.passwords import Passwords
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.access.users import create_user
from governance.bank import announcements, applications, service
from governance.bank.models import RuleCategory, Scheme
from governance.people.models import Household
from governance.regions.codes import RegionLevel, ancestor
from governance.supermarkets import service as markets
from governance.supermarkets.models import DonorKind, StockSource
from kit.settings import Settings

HOUSEHOLD_ID = 1  # the demo resident's (``governance.access.demo``)
AWARD_POINTS = 10_000  # one rule's maximum: 2,000 sales of the 5-point soap
STOCK = 10_000
SOAP = ("香皂", "块", 5)
CASHIER_PASSWORD = "scale-cashier-pass"  # noqa: S105 (a bench database's throwaway user)
RESIDENT = ("resident.demo", "resident-demo-pass")
COUNTY_ADMIN = ("county.admin", "county-admin-demo")


@dataclass(frozen=True)
class SaleFixture:
    cashier: str
    supermarket_id: str
    goods_id: str
    account_id: str  # household 1's points account: the sales' and the balance read's


async def prepare_sale(session: AsyncSession, settings: Settings, tag: str) -> SaleFixture:
    household = await session.get(Household, HOUSEHOLD_ID)
    assert household is not None, "the demo's household 1 (the demo resident's)"
    village = ancestor(household.region_code, RegionLevel.VILLAGE)
    admin = await _admin(session, ancestor(household.region_code, RegionLevel.COUNTY))
    now = dt.datetime.now(dt.UTC)
    scheme = (await session.execute(select(Scheme).order_by(Scheme.id).limit(1))).scalar_one()
    holder = await service.open_holder(session, scheme, service.Owner(household_id=HOUSEHOLD_ID))
    await _fund(session, admin, scheme, holder.id, village, tag=tag, now=now)
    supermarket = await markets.create_supermarket(
        session, admin, village, f"规模基准超市{tag}", now
    )
    goods = await markets.add_goods(session, admin, markets.GoodsDraft(supermarket.id, *SOAP), now)
    delivery = markets.Delivery(
        goods.id, STOCK, StockSource.DONATION, now.date(), "基准测试", DonorKind.COMPANY
    )
    await markets.receive_stock(session, admin, delivery)
    cashier = f"scale.cashier.{tag}"
    grant = Grant(Role.SUPERMARKET_CASHIER, supermarket_id=supermarket.id)
    await create_user(
        session, Passwords.from_settings(settings), username=cashier, password=CASHIER_PASSWORD,
        display_name=cashier, grants=[grant],
    )  # fmt: skip
    return SaleFixture(
        cashier,
        relay.to_base64("Supermarket", supermarket.id),
        relay.to_base64("Goods", goods.id),
        relay.to_base64("PointsAccount", holder.id),
    )


async def _admin(session: AsyncSession, county_code: str) -> Viewer:
    found = await session.execute(select(User.id).where(User.username == COUNTY_ADMIN[0]))
    return Viewer(found.scalar_one(), 0, (Grant(Role.COUNTY_ADMIN, county_code),))


async def _fund(
    session: AsyncSession,
    admin: Viewer,
    scheme: Scheme,
    holder_id: int,
    village: str,
    *,
    tag: str,
    now: dt.datetime,
) -> None:
    """One award of ``AWARD_POINTS`` for the household: proposed, approved, announced, settled."""
    draft = service.RuleDraft(scheme.id, f"SC-{tag}", RuleCategory.OTHER, "规模基准", AWARD_POINTS)
    rule = await service.add_rule(session, admin, draft, now)
    owner = service.Owner(household_id=HOUSEHOLD_ID)
    entry = await applications.propose(
        session, admin, applications.Proposal(rule.id, owner, now.date()), now
    )
    await applications.review(session, admin, applications.Review(entry.id, approve=True), now)
    await announcements.publish(session, admin, scheme.id, village, now)
    deadline = now + dt.timedelta(days=scheme.announcement_days)
    await announcements.settle_due(session, deadline, holder_ids=[holder_id])
