"""Factories for bank tests: viewers of demo users, and points awarded the whole way through
(proposal, review, announcement, settlement) by the services themselves."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import ledger
from governance.access.models import User
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.bank import announcements, applications, service
from governance.bank.models import Application, Holder, RuleCategory, Scheme
from kit.clock import local_day

COUNTY = "130826"


async def user_id(session: AsyncSession, username: str) -> int:
    found = await session.execute(select(User.id).where(User.username == username))
    return found.scalar_one()


async def county_admin(session: AsyncSession) -> Viewer:
    uid = await user_id(session, "county.admin")
    return Viewer(user_id=uid, session_id=0, grants=(Grant(Role.COUNTY_ADMIN, COUNTY),))


async def demo_scheme(session: AsyncSession) -> Scheme:
    return (await session.execute(select(Scheme).order_by(Scheme.id).limit(1))).scalar_one()


async def award(
    session: AsyncSession, household_id: int, points: int, now: dt.datetime | None = None
) -> Holder:
    """Give a household ``points`` (posted) under the demo county scheme; return its holder."""
    now = now or dt.datetime.now(dt.UTC)
    admin = await county_admin(session)
    scheme = await demo_scheme(session)
    code = f"T-{household_id}-{points}-{now.timestamp():.0f}"[:16]
    draft = service.RuleDraft(scheme.id, code, RuleCategory.OTHER, "测试奖励", points)
    rule = await service.add_rule(session, admin, draft, now)
    owner = service.Owner(household_id=household_id)
    entry = await applications.propose(
        session, admin, applications.Proposal(rule.id, owner, local_day(now)), now
    )
    await applications.review(session, admin, applications.Review(entry.id, True), now)
    village = entry.region_code[:12]
    await announcements.publish(session, admin, scheme.id, village, now)
    await announcements.settle_due(session, now + dt.timedelta(days=scheme.announcement_days))
    return await service.open_holder(session, scheme, owner)


async def top_up_to(session: AsyncSession, household_id: int, points: int) -> Holder:
    """Award a household what it lacks to hold exactly ``points`` available."""
    scheme = await demo_scheme(session)
    holder = await service.open_holder(session, scheme, service.Owner(household_id=household_id))
    [wallet] = await ledger.lookup_accounts(session, [holder.points_account_id])
    lacking = points - wallet.balances.available_credit_balance
    assert lacking >= 0, "the household holds more already"
    return await award(session, household_id, lacking) if lacking else holder


async def announce(
    session: AsyncSession, household_ids: list[int], points: int, now: dt.datetime
) -> list[Application]:
    """Put an award of ``points`` for each household (one village) on one notice board at
    ``now``, under the demo county scheme; answer the announced entries, in order."""
    admin = await county_admin(session)
    scheme = await demo_scheme(session)
    code = f"A-{points}-{now.timestamp():.0f}"[:16]
    draft = service.RuleDraft(scheme.id, code, RuleCategory.OTHER, "测试公示", points)
    rule = await service.add_rule(session, admin, draft, now)
    entries = []
    for household_id in household_ids:
        owner = service.Owner(household_id=household_id)
        proposal = applications.Proposal(rule.id, owner, local_day(now))
        entry = await applications.propose(session, admin, proposal, now)
        await applications.review(session, admin, applications.Review(entry.id, True), now)
        entries.append(entry)
    villages = {entry.region_code[:12] for entry in entries}
    assert len(villages) == 1, villages
    await announcements.publish(session, admin, scheme.id, villages.pop(), now)
    return entries
