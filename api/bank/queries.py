"""Root query fields of the morality bank."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import strawberry
from strawberry import relay

from api.bank.enums import ApplicationStatus
from api.bank.types import (
    LIST_SIZE_MAX,
    BankHealth,
    LeaderboardEntry,
    OverduePointsObjection,
    PointsAccount,
    PointsAnnouncement,
    PointsApplication,
    PointsObjection,
    PointsScheme,
    SetAsidePointsEntry,
    account_connection,
    load_account,
)
from api.context import Info
from api.errors import BadUserInput
from api.listing import decode_global_id, id_ordered_connection, root_connection, window_for
from api.pagination import (
    PAGE_SIZE_MAX,
    Connection,
    PageRequest,
    build_connection,
    connection_field,
)
from governance.access.roles import ADMIN_ROLES
from governance.bank import lists
from governance.bank import models as rows
from governance.bank import queries as bank_queries

NEWEST_FIRST = ("id",)


def leaderboard_place(cursor: str | None) -> bank_queries.StandingKey | None:
    """The 红榜 place a cursor names: ``[points, holderId]``."""
    if cursor is None:
        return None
    try:
        points, holder_id = json.loads(cursor)
    except (ValueError, TypeError):
        raise BadUserInput("Malformed cursor, or from another ordering.") from None
    if not all(type(value) is int and abs(value) < 2**63 for value in (points, holder_id)):
        raise BadUserInput("Malformed cursor, or from another ordering.")
    return points, holder_id


def _place_key(standing: bank_queries.Standing) -> str:
    return json.dumps([standing.points, standing.holder_id])


def _entry(standing: bank_queries.Standing) -> LeaderboardEntry:
    return LeaderboardEntry(
        rank=standing.rank, display_name=standing.display_name, points=standing.points
    )


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

    @connection_field(
        description="The points accounts of a household or person you may see, by scheme. "
        f"Page size at most {PAGE_SIZE_MAX}."
    )
    async def points_accounts(
        self,
        info: Info,
        page: PageRequest,
        *,
        household_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="A Household.")
        ] = None,
        person_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="A Person.")
        ] = None,
    ) -> Connection[PointsAccount]:
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
        return await account_connection(info, ids, page)

    @connection_field(
        description="Your own points accounts (residents): your household's, then your own, "
        f"each by scheme. Page size at most {PAGE_SIZE_MAX}."
    )
    async def my_points_accounts(self, info: Info, page: PageRequest) -> Connection[PointsAccount]:
        viewer = info.context.viewer
        ids = await info.context.read(lambda s: bank_queries.own_holder_ids(s, viewer))
        return await account_connection(info, ids, page)

    @connection_field(
        description="Schemes covering a region or adopted below it, as created. "
        f"Page size at most {PAGE_SIZE_MAX}."
    )
    async def points_schemes(
        self,
        info: Info,
        page: PageRequest,
        *,
        region_code: Annotated[str, strawberry.argument(description="Any region code.")],
    ) -> Connection[PointsScheme]:
        return await id_ordered_connection(
            info.context.read,
            rows.Scheme,
            lists.scheme_conditions(region_code),
            page,
            PointsScheme.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(
        description=f"Applications you may see, newest first. Page size at most {PAGE_SIZE_MAX}."
    )
    async def points_applications(
        self,
        info: Info,
        page: PageRequest,
        *,
        scheme_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this PointsScheme.")
        ] = None,
        under_region: Annotated[
            str | None, strawberry.argument(description="Only holders under this region code.")
        ] = None,
        status: Annotated[
            ApplicationStatus | None, strawberry.argument(description="Only in this status.")
        ] = None,
    ) -> Connection[PointsApplication]:
        where = bank_queries.ApplicationFilter(
            scheme_id=decode_global_id(scheme_id, "PointsScheme", "schemeId")
            if scheme_id
            else None,
            under_region=under_region,
            status=rows.ApplicationStatus[status.name] if status else None,
        )
        return await root_connection(
            info.context.read,
            rows.Application,
            lists.application_conditions(where),
            window_for(page, rows.Application, NEWEST_FIRST, descending=True),
            page=page,
            to_node=PointsApplication.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(
        description="Announcements of a village (or under a region), newest first. Page size "
        f"at most {PAGE_SIZE_MAX}."
    )
    async def points_announcements(
        self,
        info: Info,
        page: PageRequest,
        *,
        region_code: Annotated[str, strawberry.argument(description="Village or wider region.")],
        scheme_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this PointsScheme.")
        ] = None,
    ) -> Connection[PointsAnnouncement]:
        scheme = decode_global_id(scheme_id, "PointsScheme", "schemeId") if scheme_id else None
        return await root_connection(
            info.context.read,
            rows.Announcement,
            lists.announcement_conditions(region_code, scheme),
            window_for(page, rows.Announcement, NEWEST_FIRST, descending=True),
            page=page,
            to_node=PointsAnnouncement.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(
        description="红榜: a village's holders by awards posted in [from, to), most points "
        "first (ties share a rank), names only as the scheme allows. Forward pages only; page "
        f"size at most {PAGE_SIZE_MAX}.",
        forward_only=True,
    )
    async def points_leaderboard(
        self,
        info: Info,
        page: PageRequest,
        *,
        scheme_id: Annotated[relay.GlobalID, strawberry.argument(description="The PointsScheme.")],
        village_code: Annotated[str, strawberry.argument(description="The village's code.")],
        from_: Annotated[
            dt.datetime, strawberry.argument(name="from", description="Period start (included).")
        ],
        to: Annotated[dt.datetime, strawberry.argument(description="Period end (excluded).")],
    ) -> Connection[LeaderboardEntry]:
        after = leaderboard_place(page.after)
        scheme = await info.context.loaders.bank.schemes.load(
            decode_global_id(scheme_id, "PointsScheme", "schemeId")
        )
        period, limit = (from_, to), page.limit + 1
        found = [] if scheme is None else await info.context.read(
            lambda s: bank_queries.leaderboard(s, scheme, village_code, period, limit, after=after)
        )  # fmt: skip

        async def count_total() -> int:
            if scheme is None:
                return 0
            return await info.context.read(
                lambda s: bank_queries.leaderboard_size(s, scheme, village_code, period)
            )

        return build_connection(found, page, _place_key, _entry, count_total)

    @strawberry.field(
        description="What settlement could not finish, for county, township and village "
        "administrators (their regions); null for anyone else: entries set aside (`grassroots "
        "ledger verify` names the same) and objections left undecided past their deadline."
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
        now = info.context.clock.now()
        overdue = await info.context.read(
            lambda s: bank_queries.overdue_objections(s, viewer, now, LIST_SIZE_MAX)
        )
        objections = [
            OverduePointsObjection(
                objection=PointsObjection.from_row(objection),
                application=PointsApplication.from_row(application),
                closed_at=announcement.closes_at,
            )
            for objection, application, announcement in overdue
        ]
        return BankHealth(entries_set_aside=entries, objections_overdue=objections)
