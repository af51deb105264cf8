"""Mutations keeping service facilities and service posts: create (appoint), change, end.

Each converts its input into the request of the governance service (which validates
everything) and runs it through ``run_mutation``. Insurance figures: ``api.facilities.insurance``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.facilities.types import FacilityKind, ServiceFacility, ServicePost, ServicePostKind
from api.history import END_CODES, EXPECTED_VERSION, REASON, WHO
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from governance.facilities import posts, service
from governance.facilities.models import FacilityKind as KindValue
from governance.facilities.models import ServiceFacility as FacilityRow
from governance.facilities.models import ServicePost as PostRow
from governance.facilities.models import ServicePostKind as PostKindValue
from governance.records import Ending


@strawberry.input(description="A service facility to record.")
class CreateServiceFacilityInput:
    region_code: str = strawberry.field(description="The township or village it serves.")
    kind: FacilityKind = strawberry.field(description="What the facility is.")
    name: str = strawberry.field(description="Name (at most 100 characters).")
    opened_on: dt.date | None = strawberry.field(
        default=None, description="Opening day, if known (not in the future)."
    )


@strawberry.input(description="Corrections to an open facility; omitted fields stay.")
class ChangeServiceFacilityInput:
    facility_id: relay.GlobalID = strawberry.field(description="Global id of the facility.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    kind: FacilityKind | None = strawberry.field(default=None, description="Corrected kind.")
    name: str | None = strawberry.field(default=None, description="New name.")
    opened_on: dt.date | None = strawberry.field(default=None, description="Opening day.")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="A facility closing, and its last day open.")
class EndServiceFacilityInput:
    facility_id: relay.GlobalID = strawberry.field(description="Global id of the facility.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    ended_on: dt.date = strawberry.field(description="Last day open (not in the future).")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of a mutation on a service facility.")
class ServiceFacilityPayload:
    facility: ServiceFacility | None = strawberry.field(
        description="The facility as it is now; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


@strawberry.input(description="A person appointed to a service post of a township or village.")
class AppointServicePostInput:
    region_code: str = strawberry.field(description="The township or village served.")
    kind: ServicePostKind = strawberry.field(description="The post.")
    person_id: relay.GlobalID = strawberry.field(description="Global id of the Person holding it.")
    organization: str = strawberry.field(
        description="Where the holder comes from: police station, law firm, court… (≤ 100)."
    )
    started_on: dt.date = strawberry.field(description="First day (not in the future).")


@strawberry.input(description="Corrections to a running appointment; omitted fields stay.")
class ChangeServicePostInput:
    service_post_id: relay.GlobalID = strawberry.field(description="Global id of the post.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    organization: str | None = strawberry.field(default=None, description="Organization.")
    started_on: dt.date | None = strawberry.field(default=None, description="Corrected first day.")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.input(description="An appointment ending, and the holder's last day.")
class EndServicePostInput:
    service_post_id: relay.GlobalID = strawberry.field(description="Global id of the post.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    ended_on: dt.date = strawberry.field(description="Last day (not in the future).")
    reason: str | None = strawberry.field(default=None, description=REASON)


@strawberry.type(description="Result of a mutation on a service post.")
class ServicePostPayload:
    service_post: ServicePost | None = strawberry.field(
        description="The appointment as it is now; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        description="Why it was refused (empty on success)."
    )


def _facility_id(value: relay.GlobalID) -> int:
    return decode_global_id(value, "ServiceFacility", "facilityId")


def _post_id(value: relay.GlobalID) -> int:
    return decode_global_id(value, "ServicePost", "servicePostId")


def _facility_payload(row: FacilityRow | None, errors: list[UserError]) -> ServiceFacilityPayload:
    facility = ServiceFacility.from_row(row) if row is not None else None
    return ServiceFacilityPayload(facility=facility, user_errors=errors)


def _post_payload(row: PostRow | None, errors: list[UserError]) -> ServicePostPayload:
    post = ServicePost.from_row(row) if row is not None else None
    return ServicePostPayload(service_post=post, user_errors=errors)


@strawberry.type
class FacilityMutations:
    @strawberry.mutation(
        description=(
            f"Record a service facility of a township or village. {WHO} Refusal codes: "
            "REGION_NOT_FOUND, FORBIDDEN, NAME_REQUIRED, TOO_LONG, DATE_IN_FUTURE."
        )
    )
    async def create_service_facility(
        self,
        info: Info,
        input: Annotated[
            CreateServiceFacilityInput, strawberry.argument(description="The facility.")
        ],
    ) -> ServiceFacilityPayload:
        draft = service.FacilityDraft(
            input.region_code, KindValue[input.kind.name], input.name, input.opened_on
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: service.create_facility(session, viewer, now, draft),
            noun="service_facility",
        )  # fmt: skip
        return _facility_payload(row, errors)

    @strawberry.mutation(
        description=(
            f"Correct an open facility's kind, name or opening day (recorded). {WHO} Refusal "
            "codes: FACILITY_NOT_FOUND (also: not one you keep), ALREADY_ENDED, STALE_VERSION, "
            "NAME_REQUIRED, TOO_LONG, DATE_IN_FUTURE."
        )
    )
    async def change_service_facility(
        self,
        info: Info,
        input: Annotated[
            ChangeServiceFacilityInput, strawberry.argument(description="The change.")
        ],
    ) -> ServiceFacilityPayload:
        change = service.FacilityChange(
            _facility_id(input.facility_id), input.expected_version,
            KindValue[input.kind.name] if input.kind else None, input.name, input.opened_on,
            input.reason,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: service.change_facility(session, viewer, now, change),
            target=f"service_facility:{change.id}",
        )  # fmt: skip
        return _facility_payload(row, errors)

    @strawberry.mutation(
        description=(
            "Close a facility (kept, with `endedOn`): the plan's indicators count it up to its "
            f"last day. {WHO} Refusal codes: FACILITY_NOT_FOUND (also: not one you keep), "
            f"{END_CODES}."
        )
    )
    async def end_service_facility(
        self,
        info: Info,
        input: Annotated[EndServiceFacilityInput, strawberry.argument(description="The end.")],
    ) -> ServiceFacilityPayload:
        ending = Ending(
            _facility_id(input.facility_id), input.expected_version, input.ended_on, input.reason
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: service.end_facility(session, viewer, now, ending),
            target=f"service_facility:{ending.id}",
        )  # fmt: skip
        return _facility_payload(row, errors)

    @strawberry.mutation(
        description=(
            "Appoint a person to a service post (一村一警, legal adviser, 法治副主任) of a "
            f"township or village; one holder per post and region at a time. {WHO} Refusal "
            "codes: REGION_NOT_FOUND, FORBIDDEN, NAME_REQUIRED (organization), TOO_LONG, "
            "DATE_IN_FUTURE, PERSON_NOT_FOUND (also: not one you may see), POST_FILLED."
        )
    )
    async def appoint_service_post(
        self,
        info: Info,
        input: Annotated[AppointServicePostInput, strawberry.argument(description="The post.")],
    ) -> ServicePostPayload:
        request = posts.PostAppointment(
            region_code=input.region_code,
            kind=PostKindValue[input.kind.name],
            person_id=decode_global_id(input.person_id, "Person", "personId"),
            organization=input.organization,
            started_on=input.started_on,
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: posts.appoint_post(session, viewer, now, request),
            noun="service_post",
        )  # fmt: skip
        return _post_payload(row, errors)

    @strawberry.mutation(
        description=(
            "Correct a running appointment's organization or first day (a new holder is a new "
            f"appointment). {WHO} Refusal codes: SERVICE_POST_NOT_FOUND (also: not one you "
            "keep), ALREADY_ENDED, STALE_VERSION, NAME_REQUIRED, TOO_LONG, DATE_IN_FUTURE."
        )
    )
    async def change_service_post(
        self,
        info: Info,
        input: Annotated[ChangeServicePostInput, strawberry.argument(description="The change.")],
    ) -> ServicePostPayload:
        change = posts.PostChange(
            _post_id(input.service_post_id), input.expected_version, input.organization,
            input.started_on, input.reason,
        )  # fmt: skip
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: posts.change_post(session, viewer, now, change),
            target=f"service_post:{change.id}",
        )  # fmt: skip
        return _post_payload(row, errors)

    @strawberry.mutation(
        description=(
            "Record the holder's last day in the post (kept, with `endedOn`): the plan's "
            f"indicators count it up to that day. {WHO} Refusal codes: SERVICE_POST_NOT_FOUND "
            f"(also: not one you keep), {END_CODES}."
        )
    )
    async def end_service_post(
        self,
        info: Info,
        input: Annotated[EndServicePostInput, strawberry.argument(description="The end.")],
    ) -> ServicePostPayload:
        ending = Ending(
            _post_id(input.service_post_id), input.expected_version, input.ended_on, input.reason
        )
        viewer, now = info.context.viewer, info.context.clock.now()
        row, errors = await run_mutation(
            info, lambda session: posts.end_post(session, viewer, now, ending),
            target=f"service_post:{ending.id}",
        )  # fmt: skip
        return _post_payload(row, errors)
