"""Mutations on region designations: award, correct, withdraw.

Each converts its input to the request of ``governance.indicators.designations``, where every
rule is.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.designations.types import DesignationKind, RegionDesignation
from api.editing import ERRORS, EXPECTED_VERSION, REASON, WHO, Edit, run_edit
from api.listing import decode_global_id
from api.mutations import UserError
from governance.editing import Ending
from governance.indicators import designations as service
from governance.indicators.models import DesignationKind as KindValue
from governance.indicators.models import RegionDesignation as Row


@strawberry.input(description="A designation awarded to a township or village.")
class AwardRegionDesignationInput:
    region_code: str = strawberry.field(description="The township's or village's code.")
    kind: DesignationKind = strawberry.field(description="What is awarded.")
    awarded_by: str = strawberry.field(description="The awarding body, e.g. 县文明委.")
    awarded_on: dt.date = strawberry.field(description="Day it was awarded (counts from then).")


@strawberry.input(description="A correction of who awarded a designation and when.")
class ChangeRegionDesignationInput:
    designation_id: relay.GlobalID = strawberry.field(description="The RegionDesignation.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    awarded_by: str = strawberry.field(description="The awarding body.")
    awarded_on: dt.date = strawberry.field(description="Day it was awarded.")


@strawberry.input(description="Which designation is withdrawn, and from which day.")
class WithdrawRegionDesignationInput:
    designation_id: relay.GlobalID = strawberry.field(description="The RegionDesignation.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    withdrawn_on: dt.date = strawberry.field(
        description="The day it is withdrawn: counted no more from this day."
    )
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of a mutation on a region designation.")
class RegionDesignationPayload:
    designation: RegionDesignation | None = strawberry.field(
        description="The designation as it now is; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _designation_id(value: relay.GlobalID) -> int:
    return decode_global_id(value, "RegionDesignation", "designationId")


async def _run(info: Info, edit: Edit[Row]) -> RegionDesignationPayload:
    row, errors = await run_edit(info, edit, "region_designation")
    return RegionDesignationPayload(
        designation=RegionDesignation.from_row(row) if row else None, user_errors=errors
    )


@strawberry.type
class DesignationMutations:
    @strawberry.mutation(
        description=(
            f"Record a designation awarded to a township or village. {WHO} Refusal codes: "
            "REQUIRED, TOO_LONG, REGION_NOT_FOUND, FORBIDDEN, DESIGNATION_IN_FORCE."
        )
    )
    async def award_region_designation(
        self,
        info: Info,
        input: Annotated[
            AwardRegionDesignationInput, strawberry.argument(description="The designation.")
        ],
    ) -> RegionDesignationPayload:
        draft = service.DesignationDraft(
            region_code=input.region_code,
            kind=KindValue[input.kind.name],
            awarded_by=input.awarded_by,
            awarded_on=input.awarded_on,
        )
        return await _run(info, lambda s, v, at: service.award_designation(s, v, at, draft))

    @strawberry.mutation(
        description=(
            f"Correct who awarded a designation and when. {WHO} Refusal codes: "
            "DESIGNATION_NOT_FOUND (also: not one you may manage), ALREADY_ENDED (withdrawn), "
            "STALE_VERSION, REQUIRED, TOO_LONG, DESIGNATION_IN_FORCE."
        )
    )
    async def change_region_designation(
        self,
        info: Info,
        input: Annotated[
            ChangeRegionDesignationInput, strawberry.argument(description="The new fields.")
        ],
    ) -> RegionDesignationPayload:
        edit = service.DesignationEdit(
            designation_id=_designation_id(input.designation_id),
            expected_version=input.expected_version,
            awarded_by=input.awarded_by,
            awarded_on=input.awarded_on,
        )
        return await _run(info, lambda s, v, at: service.change_designation(s, v, at, edit))

    @strawberry.mutation(
        description=(
            "Withdraw a designation (kept on record; the indicators stop counting it from "
            f"`withdrawnOn`). {WHO} Refusal codes: DESIGNATION_NOT_FOUND (also: not one you may "
            "manage), ALREADY_ENDED, STALE_VERSION, ENDS_BEFORE_START, TOO_LONG."
        )
    )
    async def withdraw_region_designation(
        self,
        info: Info,
        input: Annotated[
            WithdrawRegionDesignationInput, strawberry.argument(description="What, from when.")
        ],
    ) -> RegionDesignationPayload:
        ending = Ending(
            _designation_id(input.designation_id),
            input.expected_version,
            input.withdrawn_on,
            input.reason,
        )
        return await _run(info, lambda s, v, at: service.withdraw_designation(s, v, at, ending))
