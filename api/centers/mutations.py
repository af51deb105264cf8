"""Mutations keeping governance centers and their staff: create, change, end.

Each converts its input into the request of ``governance.centers.service`` (which validates
everything) and runs it through ``run_mutation``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.centers.types import CenterStaffMember, CenterStaffPosition, GovernanceCenter
from api.context import Info
from api.history import END_CODES, EXPECTED_VERSION, REASON, WHO
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from governance.centers import service
from governance.centers.models import CenterStaffMember as StaffRow
from governance.centers.models import CenterStaffPosition as PositionValue
from governance.centers.models import GovernanceCenter as CenterRow
from governance.records import Ending


@strawberry.input(description="A governance center to open.")
class CreateGovernanceCenterInput:
    region_code: str = strawberry.field(description="The county, township or village it serves.")
    name: str = strawberry.field(
        description="Name, e.g. `大阁镇综治中心` (at most 100 characters)."
    )
    established_on: dt.date | None = strawberry.field(
        default=None, description="Opening day, if known (not in the future)."
    )


@strawberry.input(description="Corrections to a governance center; omitted fields stay.")
class ChangeGovernanceCenterInput:
    center_id: relay.GlobalID = strawberry.field(description="Global id of the center.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    name: str | None = strawberry.field(default=None, description="New name.")
    established_on: dt.date | None = strawberry.field(default=None, description="Opening day.")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="A governance center closing, and its last day.")
class EndGovernanceCenterInput:
    center_id: relay.GlobalID = strawberry.field(description="Global id of the center.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    ended_on: dt.date = strawberry.field(description="Last day open (not in the future).")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of a mutation on a governance center.")
class GovernanceCenterPayload:
    center: GovernanceCenter | None = strawberry.field(
        description="The center as it is now; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.input(description="A person starting in a position at a governance center.")
class AppointCenterStaffMemberInput:
    center_id: relay.GlobalID = strawberry.field(description="Global id of the (open) center.")
    person_id: relay.GlobalID = strawberry.field(description="Global id of the Person.")
    position: CenterStaffPosition = strawberry.field(description="Position in the center.")
    started_on: dt.date = strawberry.field(description="First day (not in the future).")


@strawberry.input(description="A staff member's new position or corrected first day.")
class ChangeCenterStaffMemberInput:
    staff_member_id: relay.GlobalID = strawberry.field(description="Global id of the staff member.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    position: CenterStaffPosition | None = strawberry.field(
        default=None, description="New position."
    )
    started_on: dt.date | None = strawberry.field(default=None, description="Corrected first day.")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="A staff member leaving, and their last day.")
class EndCenterStaffMemberInput:
    staff_member_id: relay.GlobalID = strawberry.field(description="Global id of the staff member.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    ended_on: dt.date = strawberry.field(description="Last day (not in the future).")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of a mutation on a governance center's staff member.")
class CenterStaffMemberPayload:
    staff_member: CenterStaffMember | None = strawberry.field(
        description="The staff member as they are now; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


def _center_id(value: relay.GlobalID) -> int:
    return decode_global_id(value, "GovernanceCenter", "centerId")


def _staff_id(value: relay.GlobalID) -> int:
    return decode_global_id(value, "CenterStaffMember", "staffMemberId")


def _center_payload(row: CenterRow | None, errors: list[UserError]) -> GovernanceCenterPayload:
    center = GovernanceCenter.from_row(row) if row is not None else None
    return GovernanceCenterPayload(center=center, user_errors=errors)


def _staff_payload(row: StaffRow | None, errors: list[UserError]) -> CenterStaffMemberPayload:
    member = CenterStaffMember.from_row(row) if row is not None else None
    return CenterStaffMemberPayload(staff_member=member, user_errors=errors)


@strawberry.type
class CenterMutations:
    @strawberry.mutation(
        description=(
            f"Open the governance center (综治中心) of a county, township or village. {WHO} "
            "Refusal codes: REGION_NOT_FOUND, FORBIDDEN, NAME_REQUIRED, TOO_LONG, "
            "DATE_IN_FUTURE, CENTER_EXISTS (one per region, a closed one included)."
        )
    )
    async def create_governance_center(
        self,
        info: Info,
        input: Annotated[
            CreateGovernanceCenterInput, strawberry.argument(description="The center.")
        ],
    ) -> GovernanceCenterPayload:
        draft = service.CenterDraft(input.region_code, input.name, input.established_on)
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: service.create_center(session, viewer, now, draft),
            noun="governance_center",
        )  # fmt: skip
        return _center_payload(row, errors)

    @strawberry.mutation(
        description=(
            f"Correct a center's name or opening day (recorded in its history). {WHO} Refusal "
            "codes: CENTER_NOT_FOUND (also: not one you keep), ALREADY_ENDED, STALE_VERSION, "
            "NAME_REQUIRED, TOO_LONG, DATE_IN_FUTURE."
        )
    )
    async def change_governance_center(
        self,
        info: Info,
        input: Annotated[
            ChangeGovernanceCenterInput, strawberry.argument(description="The change.")
        ],
    ) -> GovernanceCenterPayload:
        change = service.CenterChange(
            _center_id(input.center_id), input.expected_version, input.name,
            input.established_on, input.reason,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: service.change_center(session, viewer, now, change),
            target=f"governance_center:{change.id}",
        )  # fmt: skip
        return _center_payload(row, errors)

    @strawberry.mutation(
        description=(
            "Close a center (kept, with `endedOn`); staff still serving end the same day. "
            f"{WHO} Refusal codes: CENTER_NOT_FOUND (also: not one you keep), {END_CODES}."
        )
    )
    async def end_governance_center(
        self,
        info: Info,
        input: Annotated[EndGovernanceCenterInput, strawberry.argument(description="The end.")],
    ) -> GovernanceCenterPayload:
        ending = Ending(
            _center_id(input.center_id), input.expected_version, input.ended_on, input.reason
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: service.end_center(session, viewer, now, ending),
            target=f"governance_center:{ending.id}",
        )  # fmt: skip
        return _center_payload(row, errors)

    @strawberry.mutation(
        description=(
            f"Appoint a person to a position at an open center. {WHO} Refusal codes: "
            "CENTER_NOT_FOUND (also: not one you keep), ALREADY_ENDED (the center closed), "
            "DATE_IN_FUTURE, PERSON_NOT_FOUND (also: not one you may see), ALREADY_ASSIGNED."
        )
    )
    async def appoint_center_staff_member(
        self,
        info: Info,
        input: Annotated[
            AppointCenterStaffMemberInput, strawberry.argument(description="The appointment.")
        ],
    ) -> CenterStaffMemberPayload:
        request = service.StaffAppointment(
            center_id=_center_id(input.center_id),
            person_id=decode_global_id(input.person_id, "Person", "personId"),
            position=PositionValue[input.position.name],
            started_on=input.started_on,
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: service.appoint_staff(session, viewer, now, request),
            noun="center_staff_member",
        )  # fmt: skip
        return _staff_payload(row, errors)

    @strawberry.mutation(
        description=(
            f"Move a serving staff member to another position, or correct their first day. {WHO} "
            "Refusal codes: STAFF_MEMBER_NOT_FOUND (also: not one you keep), ALREADY_ENDED, "
            "STALE_VERSION, ALREADY_ASSIGNED, DATE_IN_FUTURE, TOO_LONG."
        )
    )
    async def change_center_staff_member(
        self,
        info: Info,
        input: Annotated[
            ChangeCenterStaffMemberInput, strawberry.argument(description="The change.")
        ],
    ) -> CenterStaffMemberPayload:
        position = PositionValue[input.position.name] if input.position else None
        change = service.StaffChange(
            _staff_id(input.staff_member_id), input.expected_version, position,
            input.started_on, input.reason,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: service.change_staff(session, viewer, now, change),
            target=f"center_staff_member:{change.id}",
        )  # fmt: skip
        return _staff_payload(row, errors)

    @strawberry.mutation(
        description=(
            f"Record a staff member's last day (kept, with `endedOn`). {WHO} Refusal codes: "
            f"STAFF_MEMBER_NOT_FOUND (also: not one you keep), {END_CODES}."
        )
    )
    async def end_center_staff_member(
        self,
        info: Info,
        input: Annotated[EndCenterStaffMemberInput, strawberry.argument(description="The end.")],
    ) -> CenterStaffMemberPayload:
        ending = Ending(
            _staff_id(input.staff_member_id), input.expected_version, input.ended_on, input.reason
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: service.end_staff(session, viewer, now, ending),
            target=f"center_staff_member:{ending.id}",
        )  # fmt: skip
        return _staff_payload(row, errors)
