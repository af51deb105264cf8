"""Demo users, one per role, over the Fengning regions (passwords listed in README.md).

Person, household and supermarket ids are placeholders (1) until the people and
morality-bank tables exist; the grants only need the numbers to scope by.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from governance.access import repository
from governance.access.passwords import Passwords
from governance.access.principal import Grant
from governance.access.roles import Role
from governance.access.users import create_user

DEMO_PERSON_ID = 1
DEMO_HOUSEHOLD_ID = 1
DEMO_SUPERMARKET_ID = 1


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    password: str
    display_name: str
    grant: Grant


DEMO_USERS = (
    DemoUser(
        "county.admin", "county-admin-demo", "县管理员 (demo)", Grant(Role.COUNTY_ADMIN, "130826")
    ),
    DemoUser(
        "xinfenglu.admin",
        "xinfenglu-admin-demo",
        "新丰路街道管理员 (demo)",
        Grant(Role.TOWNSHIP_ADMIN, "130826001"),
    ),
    DemoUser(
        "dage.admin",
        "dage-admin-demo",
        "大阁镇管理员 (demo)",
        Grant(Role.TOWNSHIP_ADMIN, "130826100"),
    ),
    DemoUser(
        "huashi.admin",
        "huashi-admin-demo",
        "花石社区管理员 (demo)",
        Grant(Role.VILLAGE_ADMIN, "130826001001"),
    ),
    DemoUser(
        "huashi.grid1",
        "huashi-grid1-demo",
        "花石社区第1网格网格员 (demo)",
        Grant(Role.GRID_WORKER, "130826001001001"),
    ),
    DemoUser(
        "xinfenglu.mediator",
        "xinfenglu-mediator-demo",
        "新丰路街道调解员 (demo)",
        Grant(Role.MEDIATOR, "130826001"),
    ),
    DemoUser(
        "supermarket1.cashier",
        "supermarket1-cashier-demo",
        "爱心超市1收银员 (demo)",
        Grant(Role.SUPERMARKET_CASHIER, supermarket_id=DEMO_SUPERMARKET_ID),
    ),
    DemoUser(
        "resident.demo",
        "resident-demo-pass",
        "居民 (demo)",
        Grant(Role.RESIDENT, person_id=DEMO_PERSON_ID, household_id=DEMO_HOUSEHOLD_ID),
    ),
)


async def load_demo_users(session: AsyncSession, passwords: Passwords) -> int:
    """Create the demo users missing by username; return how many were new."""
    created = 0
    for demo in DEMO_USERS:
        if await repository.user_by_username(session, demo.username) is not None:
            continue
        await create_user(
            session,
            passwords,
            username=demo.username,
            password=demo.password,
            display_name=demo.display_name,
            grants=[demo.grant],
            person_id=demo.grant.person_id,
        )
        created += 1
    return created
