"""Root query fields of the morality bank."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.bank.enums import ApplicationStatus
from api.bank.types import (
    LIST_SIZE_MAX,
    BankHealth,
    LeaderboardEntry,
    PointsAccount,
    PointsAnnouncement,
    PointsApplication,
    PointsScheme,
    SetAsidePointsEntry,
    load_account,
)
from api.context import Info
from api.errors import BadUserInput
from api.listing import decode_global_id
from governance.access.roles import ADMIN_ROLES
from governance.bank import models as rows
from governance.bank import queries as bank_queries

FIRST = f"How many (1–{LIST_SIZE_MAX}, default 20)."


def _limit(first: int, maximum: int = LIST_SIZE_MAX) -> int:
    if not 0 < first <= maximum:
        raise BadUserInput(f"`first` must be 1 to {maximum}.")
    return first


@strawberry.type
class BankQueries:
    @strawberry.field(
        description="A points account by id, if you may see it (staff of its region, cashiers "
        "of supermarkets serving it, its own members); null otherwise. Entries past their "
        "announcement's deadline count as posted (or voided) at once; reading writes nothing."
    )
    async def points_account(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its id.")]
    ) -> PointsAccount | None:
        return await load_account(info, decode_global_id(id, "PointsAccount", "id"))

    @strawberry.field(description="The points accounts of a household or person you may see.")
    async def points_accounts(
        self,
        info: Info,
        household_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="A Household.")
        ] = None,
        person_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="A Person.")
        ] = None,
    ) -> list[PointsAccount]:
        household = (
            decode_global_id(household_id, "Household", "householdId") if household_id else None
        )
        person = decode_global_id(person_id, "Person", "personId") if person_id else None
        if (household is None) == (person is None):
            raise BadUserInput("Give exactly one of `householdId` and `personId`.")
        viewer = info.context.viewer
        ids = await info.context.read(
            lambda s: bank_queries.holder_ids_of(s, viewer, household, person)
        )
        found = await info.context.loaders.bank.accounts.load_many(ids)
        return [PointsAccount.from_balance(row) for row in found if row]

    @strawberry.field(description="Your own points accounts (residents: household and person).")
    async def my_points_accounts(self, info: Info) -> list[PointsAccount]:
        viewer = info.context.viewer
        ids = await info.context.read(lambda s: bank_queries.own_holder_ids(s, viewer))
        found = await info.context.loaders.bank.accounts.load_many(ids)
        return [PointsAccount.from_balance(row) for row in found if row]

    @strawberry.field(
        description=f"Schemes covering a region or adopted below it (at most {LIST_SIZE_MAX})."
    )
    async def points_schemes(
        self,
        info: Info,
        region_code: Annotated[str, strawberry.argument(description="Any region code.")],
    ) -> list[PointsScheme]:
        found = await info.context.read(
            lambda s: bank_queries.schemes_over(s, region_code, LIST_SIZE_MAX)
        )
        return [PointsScheme.from_row(row) for row in found]

    @strawberry.field(description="Applications you may see, newest first.")
    async def points_applications(
        self,
        info: Info,
        scheme_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this PointsScheme.")
        ] = None,
        under_region: Annotated[
            str | None, strawberry.argument(description="Only holders under this region code.")
        ] = None,
        status: Annotated[
            ApplicationStatus | None, strawberry.argument(description="Only in this status.")
        ] = None,
        first: Annotated[int, strawberry.argument(description=FIRST)] = 20,
    ) -> list[PointsApplication]:
        where = bank_queries.ApplicationFilter(
            scheme_id=decode_global_id(scheme_id, "PointsScheme", "schemeId")
            if scheme_id
            else None,
            under_region=under_region,
            status=rows.ApplicationStatus[status.name] if status else None,
        )
        viewer, limit = info.context.viewer, _limit(first)
        found = await info.context.read(
            lambda s: bank_queries.list_applications(s, viewer, where, limit)
        )
        return [PointsApplication.from_row(row) for row in found]

    @strawberry.field(description="Announcements of a village (or under a region), newest first.")
    async def points_announcements(
        self,
        info: Info,
        region_code: Annotated[str, strawberry.argument(description="Village or wider region.")],
        scheme_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this PointsScheme.")
        ] = None,
        first: Annotated[int, strawberry.argument(description=FIRST)] = 20,
    ) -> list[PointsAnnouncement]:
        scheme = decode_global_id(scheme_id, "PointsScheme", "schemeId") if scheme_id else None
        viewer, limit = info.context.viewer, _limit(first)
        found = await info.context.read(
            lambda s: bank_queries.list_announcements(s, viewer, scheme, region_code, limit)
        )
        return [PointsAnnouncement.from_row(row) for row in found]

    @strawberry.field(
        description="红榜: a village's holders by awards posted in [from, to), names only as "
        f"the scheme allows (at most {bank_queries.LEADERBOARD_SIZE_MAX})."
    )
    async def points_leaderboard(
        self,
        info: Info,
        *,
        scheme_id: Annotated[relay.GlobalID, strawberry.argument(description="The PointsScheme.")],
        village_code: Annotated[str, strawberry.argument(description="The village's code.")],
        from_: Annotated[
            dt.datetime, strawberry.argument(name="from", description="Period start (included).")
        ],
        to: Annotated[dt.datetime, strawberry.argument(description="Period end (excluded).")],
        first: Annotated[int, strawberry.argument(description=FIRST)] = 20,
    ) -> list[LeaderboardEntry]:
        limit = _limit(first, bank_queries.LEADERBOARD_SIZE_MAX)
        scheme = await info.context.loaders.bank.schemes.load(
            decode_global_id(scheme_id, "PointsScheme", "schemeId")
        )
        if scheme is None:
            return []
        found = await info.context.read(
            lambda s: bank_queries.leaderboard(s, scheme, village_code, (from_, to), limit)
        )
        return [
            LeaderboardEntry(rank=e.rank, display_name=e.display_name, points=e.points)
            for e in found
        ]

    @strawberry.field(
        description="What settlement could not finish, for county, township and village "
        "administrators (their regions); null for anyone else. `grassroots ledger verify` "
        "names the same entries."
    )
    async def bank_health(self, info: Info) -> BankHealth | None:
        viewer = info.context.viewer
        if not viewer.roles & ADMIN_ROLES:
            return None
        found = await info.context.read(
            lambda s: bank_queries.set_aside_entries(s, viewer, LIST_SIZE_MAX)
        )
        entries = [
            SetAsidePointsEntry(
                application=PointsApplication.from_row(application),
                reason=entry.reason,
                set_aside_at=entry.set_aside_at,
            )
            for entry, application in found
        ]
        return BankHealth(entries_set_aside=entries)
