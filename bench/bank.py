"""Preparing the morality-bank scenarios of ``grassroots bench api`` in the scratch database.

Everything goes through the services: supermarkets in villages of 新丰路街道, each with the
demo goods stocked (10,000 items each) and a cashier; households of those villages awarded
enough points (proposal, review, announcement, settlement) for every sale of a full run. Sales
spread over the supermarkets, households and goods as at real tills: one shelf or one wallet
is one locked row, so a single hot row would measure lock queueing, not the server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from governance.access.models import User
from governance.access.passwords import Passwords
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.access.users import create_user
from governance.bank import announcements, applications, service
from governance.bank.demo import GOODS
from governance.bank.models import RuleCategory, Scheme
from governance.people.models import Household
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, under
from governance.supermarkets import service as markets
from governance.supermarkets.models import DonorKind, StockSource
from kit.settings import Settings

TOWNSHIP = "130826001"
SUPERMARKETS = 8
HOUSEHOLDS_PER_SUPERMARKET = 4
AWARDS_PER_HOUSEHOLD = 5
AWARD_POINTS = 10_000  # one rule's maximum
STOCK_PER_GOODS = 10_000
CASHIER_PASSWORD = "bench-cashier-pass"  # noqa: S105 (a scratch database's throwaway user)
RESIDENT = ("resident.demo", "resident-demo-pass")


@dataclass
class Till:
    username: str
    supermarket_id: str
    goods_ids: list[str] = field(default_factory=list)
    account_ids: list[str] = field(default_factory=list)


@dataclass
class BankFixture:
    tills: list[Till]
    resident_account_id: str


async def prepare_bank(session: AsyncSession, settings: Settings) -> BankFixture:
    admin = await _county_admin(session)
    scheme = (await session.execute(select(Scheme).order_by(Scheme.id).limit(1))).scalar_one()
    draft = service.RuleDraft(scheme.id, "BENCH", RuleCategory.OTHER, "基准测试", AWARD_POINTS)
    rule = await service.add_rule(session, admin, draft, dt.datetime.now(dt.UTC))
    villages = await regions_repository.descendants(session, TOWNSHIP, RegionLevel.VILLAGE)
    tills = []
    passwords = Passwords.from_settings(settings)
    for number, village in enumerate(villages[1 : SUPERMARKETS + 1], start=1):
        till = await _till(session, admin, village.code, number, passwords)
        till.account_ids = await _funded(session, admin, scheme, rule.id, village.code)
        tills.append(till)
    resident = await service.open_holder(session, scheme, service.Owner(household_id=1))
    return BankFixture(tills, relay.to_base64("PointsAccount", resident.id))


async def _county_admin(session: AsyncSession) -> Viewer:
    found = await session.execute(select(User.id).where(User.username == "county.admin"))
    return Viewer(found.scalar_one(), 0, (Grant(Role.COUNTY_ADMIN, "130826"),))


async def _till(
    session: AsyncSession, admin: Viewer, village_code: str, number: int, passwords: Passwords
) -> Till:
    supermarket = await markets.create_supermarket(
        session, admin, village_code, f"基准超市{number}", dt.datetime.now(dt.UTC)
    )
    username = f"bench.cashier{number}"
    grant = Grant(Role.SUPERMARKET_CASHIER, supermarket_id=supermarket.id)
    await create_user(
        session, passwords, username=username, password=CASHIER_PASSWORD,
        display_name=username, grants=[grant],
    )  # fmt: skip
    till = Till(username, relay.to_base64("Supermarket", supermarket.id))
    now = dt.datetime.now(dt.UTC)
    for name, unit, price, _quantity, donor, _kind in GOODS:
        draft = markets.GoodsDraft(supermarket.id, name, unit, price)
        goods = await markets.add_goods(session, admin, draft, now)
        delivery = markets.Delivery(
            goods.id, STOCK_PER_GOODS, StockSource.DONATION, now.date(), donor, DonorKind.COMPANY
        )
        await markets.receive_stock(session, admin, delivery)
        till.goods_ids.append(relay.to_base64("Goods", goods.id))
    return till


async def _funded(
    session: AsyncSession, admin: Viewer, scheme: Scheme, rule_id: int, village_code: str
) -> list[str]:
    """Households of the village, each awarded ``AWARDS_PER_HOUSEHOLD × AWARD_POINTS``."""
    statement = (
        select(Household.id)
        .where(under(Household.region_code, village_code))
        .order_by(Household.id)
        .limit(HOUSEHOLDS_PER_SUPERMARKET)
    )
    household_ids = list((await session.execute(statement)).scalars())
    now = dt.datetime.now(dt.UTC)
    accounts = []
    for household_id in household_ids:
        owner = service.Owner(household_id=household_id)
        for _ in range(AWARDS_PER_HOUSEHOLD):
            proposal = applications.Proposal(rule_id, owner, now.date())
            entry = await applications.propose(session, admin, proposal, now)
            await applications.review(session, admin, applications.Review(entry.id, True), now)
        holder = await service.open_holder(session, scheme, owner)
        accounts.append(relay.to_base64("PointsAccount", holder.id))
    await announcements.publish(session, admin, scheme.id, village_code, now)
    await announcements.settle_due(session, now + dt.timedelta(days=scheme.announcement_days))
    return accounts
