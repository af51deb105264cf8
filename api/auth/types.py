"""GraphQL types of authentication: the viewer, roles and grants."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import relay

from api.auth.sessions import SignInSession
from api.common import Region, region_from_row
from api.context import Info
from governance.access import repository, sessions
from governance.access.models import Purpose as PurposeValue
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role as RoleValue


@strawberry.enum(description="What a user may do, always within a scope (see `RoleGrant`).")
class Role(Enum):
    COUNTY_ADMIN = strawberry.enum_value(RoleValue.COUNTY_ADMIN, description="County staff.")
    TOWNSHIP_ADMIN = strawberry.enum_value(
        RoleValue.TOWNSHIP_ADMIN, description="Township-level staff (镇/乡/街道)."
    )
    VILLAGE_ADMIN = strawberry.enum_value(
        RoleValue.VILLAGE_ADMIN, description="Village or community committee staff."
    )
    GRID_WORKER = strawberry.enum_value(RoleValue.GRID_WORKER, description="Grid worker (网格员).")
    MEDIATOR = strawberry.enum_value(RoleValue.MEDIATOR, description="People's mediator.")
    SUPERMARKET_CASHIER = strawberry.enum_value(
        RoleValue.SUPERMARKET_CASHIER, description="Cashier of one love supermarket (爱心超市)."
    )
    RESIDENT = strawberry.enum_value(
        RoleValue.RESIDENT, description="Resident or volunteer: their own person and household."
    )


@strawberry.type(
    description=(
        "One role held over one scope: a region and everything below it (`regionCode`), a "
        "supermarket (`supermarketId`), or one's own person and household."
    )
)
class RoleGrant:
    role: Role = strawberry.field(description="The role granted.")
    region_code: str | None = strawberry.field(description="Root of the region scope.")
    supermarket_id: int | None = strawberry.field(
        description="The cashier's supermarket (database id).",
        deprecation_reason="Use `supermarketNodeId`, a global id that `node` accepts.",
    )
    person_id: int | None = strawberry.field(
        description="A resident's own person (database id).",
        deprecation_reason="Use `personNodeId`, a global id that `node` accepts.",
    )
    household_id: int | None = strawberry.field(
        description="A resident's own household (database id).",
        deprecation_reason="Use `householdNodeId`, a global id that `node` accepts.",
    )

    @strawberry.field(description="Global id of the cashier's `Supermarket`, or null.")
    def supermarket_node_id(self) -> strawberry.ID | None:
        return global_id("Supermarket", self.supermarket_id)

    @strawberry.field(description="Global id of a resident's own `Person`, or null.")
    def person_node_id(self) -> strawberry.ID | None:
        return global_id("Person", self.person_id)

    @strawberry.field(description="Global id of a resident's own `Household`, or null.")
    def household_node_id(self) -> strawberry.ID | None:
        return global_id("Household", self.household_id)

    @classmethod
    def from_grant(cls, grant: Grant) -> RoleGrant:
        return cls(
            role=Role(grant.role),
            region_code=grant.region_code,
            supermarket_id=grant.supermarket_id,
            person_id=grant.person_id,
            household_id=grant.household_id,
        )

    @strawberry.field(description="The region of a region scope, or null.")
    async def region(self, info: Info) -> Region | None:
        if self.region_code is None:
            return None
        row = await info.context.loaders.regions.by_code.load(self.region_code)
        return region_from_row(row) if row else None


def global_id(type_name: str, node_id: int | None) -> strawberry.ID | None:
    return None if node_id is None else strawberry.ID(relay.to_base64(type_name, node_id))


@strawberry.type(description="A user account, as its owner sees it.")
class User:
    username: str = strawberry.field(description="Sign-in name (lowercase).")
    display_name: str = strawberry.field(description="Name to show.")


@strawberry.type(name="Viewer", description="Who is calling: a signed-in user, or anonymous.")
class ViewerType:
    authenticated: bool = strawberry.field(description="False without a valid access token.")
    grants: list[RoleGrant] = strawberry.field(
        description="Roles and scopes, as carried by the access token."
    )
    user_id: strawberry.Private[int | None]

    @classmethod
    def from_viewer(cls, viewer: Viewer) -> ViewerType:
        return cls(
            authenticated=viewer.authenticated,
            grants=[RoleGrant.from_grant(grant) for grant in viewer.grants],
            user_id=viewer.user_id,
        )

    @strawberry.field(description="The signed-in account; null when anonymous.")
    async def user(self, info: Info) -> User | None:
        user_id = self.user_id
        if user_id is None:
            return None
        row = await info.context.read(lambda session: repository.user_by_id(session, user_id))
        return User(username=row.username, display_name=row.display_name) if row else None

    @strawberry.field(
        description=(
            "Your sign-in sessions not yet ended, newest first, the current one marked; "
            "empty when anonymous."
        )
    )
    async def sessions(self, info: Info) -> list[SignInSession]:
        viewer = info.context.viewer
        rows = await info.context.read(lambda session: sessions.own_live_sessions(session, viewer))
        return [SignInSession.from_live(row) for row in rows]


@strawberry.type
class AuthQueries:
    @strawberry.field(description="The caller: who they are, their roles and scopes.")
    def viewer(self, info: Info) -> ViewerType:
        return ViewerType.from_viewer(info.context.viewer)


@strawberry.enum(
    description=(
        "Why personal data is asked for unmasked (PIPL: a specific purpose). Every request to "
        "unmask, granted or not, is written to the personal-data access log."
    )
)
class DisclosurePurpose(Enum):
    IDENTITY_VERIFICATION = strawberry.enum_value(
        PurposeValue.IDENTITY_VERIFICATION, description="Checking who someone is (核验身份)."
    )
    CONTACT = strawberry.enum_value(PurposeValue.CONTACT, description="Contacting the person.")
    SERVICE_DELIVERY = strawberry.enum_value(
        PurposeValue.SERVICE_DELIVERY, description="Delivering a public service to the person."
    )
    POVERTY_RELIEF = strawberry.enum_value(
        PurposeValue.POVERTY_RELIEF, description="Poverty-relief work (帮扶)."
    )
    MEDIATION = strawberry.enum_value(PurposeValue.MEDIATION, description="Mediating a dispute.")
    CASE_MANAGEMENT = strawberry.enum_value(
        PurposeValue.CASE_MANAGEMENT, description="Managing a care or health case."
    )
    EMERGENCY = strawberry.enum_value(PurposeValue.EMERGENCY, description="An emergency.")
