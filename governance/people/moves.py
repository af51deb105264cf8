"""Placing a household in a grid, or moving it to another grid or village.

The household and every one of its persons (ended ones too) change ``region_code`` together,
each change recorded. Its points accounts follow when their scheme covers the new place and
are settled otherwise (``governance.bank.relocation``). Who may: admins covering both the old
and the new place (``ADMIN_ROLES``): a township admin moves households between its villages.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.principal import Viewer
from governance.access.roles import ADMIN_ROLES
from governance.bank import relocation
from governance.history.service import check_version
from governance.people import editing
from governance.people.models import Household
from governance.people.requests import HouseholdMove


async def move_household(
    session: AsyncSession, viewer: Viewer, request: HouseholdMove, *, at: dt.datetime
) -> Household:
    reason = editing.check_reason(request.reason)
    household = await editing.lock_household(session, viewer, request.household_id, ADMIN_ROLES)
    check_version(household, request.expected_version)
    region_code = await editing.checked_region(session, viewer, request.region_code, ADMIN_ROLES)
    if region_code == household.region_code:
        return household
    members = await editing.lock_all_members(session, [household.id])
    holders = await relocation.lock_holders(
        session, [household.id], [member.id for member in members]
    )
    await relocation.relocate(session, holders, region_code)
    await editing.edit(
        session, household, {"region_code": region_code}, viewer=viewer, at=at,
        expected_version=request.expected_version, reason=reason,
    )  # fmt: skip
    for member in members:
        await editing.edit(
            session, member, {"region_code": region_code}, viewer=viewer, at=at, reason=reason
        )
    return household
