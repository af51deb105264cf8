"""Mutations of volunteer service."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.listing import decode_global_id
from api.mutations import UserError, run_mutation
from api.volunteering.types import (
    ActivityCategory,
    VolunteerActivity,
    VolunteerCertificate,
    VolunteerSignUp,
)
from governance.volunteering import models as m
from governance.volunteering import service

ERRORS = "Why it was refused (empty on success)."


@strawberry.input(description="An activity to organize (you are its organizer).")
class CreateVolunteerActivityInput:
    scheme_id: relay.GlobalID = strawberry.field(description="PointsScheme converting its hours.")
    village_code: str = strawberry.field(description="Village where it happens.")
    title: str = strawberry.field(description="What it is (≤ 200).")
    category: ActivityCategory = strawberry.field(description="Kind of service.")
    starts_at: dt.datetime = strawberry.field(description="Start.")
    ends_at: dt.datetime = strawberry.field(description="End.")
    capacity: int = strawberry.field(description="Most volunteers (1–1000).")


@strawberry.type(description="Result of `createVolunteerActivity`.")
class CreateVolunteerActivityPayload:
    activity: VolunteerActivity | None = strawberry.field(description="The activity.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="Who signs up for what.")
class SignUpForActivityInput:
    activity_id: relay.GlobalID = strawberry.field(description="The VolunteerActivity.")
    person_id: relay.GlobalID = strawberry.field(
        description="The volunteer (Person): for a resident, themselves or a household member."
    )


@strawberry.input(description="Minutes served by one volunteer (travel excluded).")
class RecordServiceMinutesInput:
    sign_up_id: relay.GlobalID = strawberry.field(description="The VolunteerSignUp.")
    service_minutes: int = strawberry.field(description="Minutes, at most the activity's length.")


@strawberry.input(description="A sign-up whose minutes to post.")
class ConfirmServiceInput:
    sign_up_id: relay.GlobalID = strawberry.field(description="The VolunteerSignUp.")


@strawberry.type(description="Result of the sign-up mutations.")
class VolunteerSignUpPayload:
    sign_up: VolunteerSignUp | None = strawberry.field(description="The sign-up.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.input(description="Whose service to certify.")
class IssueVolunteerCertificateInput:
    person_id: relay.GlobalID = strawberry.field(
        description="The volunteer (Person): for a resident, themselves or a household member."
    )


@strawberry.type(description="Result of `issueVolunteerCertificate`.")
class IssueVolunteerCertificatePayload:
    certificate: VolunteerCertificate | None = strawberry.field(description="The certificate.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _sign_up_payload(row: m.SignUp | None, errors: list[UserError]) -> VolunteerSignUpPayload:
    return VolunteerSignUpPayload(
        sign_up=VolunteerSignUp.from_row(row) if row else None, user_errors=errors
    )


@strawberry.type
class VolunteeringMutations:
    @strawberry.mutation(
        description="Organize an activity (village admins or above). Codes: SCHEME_NOT_FOUND, "
        "OUTSIDE_SCHEME, FORBIDDEN, TITLE_REQUIRED, ENDS_BEFORE_START, CAPACITY_INVALID, "
        "UNAUTHENTICATED."
    )
    async def create_volunteer_activity(
        self,
        info: Info,
        input: Annotated[CreateVolunteerActivityInput, strawberry.argument(description="It.")],
    ) -> CreateVolunteerActivityPayload:
        draft = service.ActivityDraft(
            decode_global_id(input.scheme_id, "PointsScheme", "schemeId"), input.village_code,
            input.title, m.ActivityCategory[input.category.name], input.starts_at,
            input.ends_at, input.capacity,
        )  # fmt: skip
        viewer = info.context.viewer
        row, errors = await run_mutation(info, lambda s: service.create_activity(s, viewer, draft))
        return CreateVolunteerActivityPayload(
            activity=VolunteerActivity.from_row(row) if row else None, user_errors=errors
        )

    @strawberry.mutation(
        description="Sign up a volunteer: a resident signs up themselves or a member of their "
        "own household (as a household head signs up an elderly parent); staff, anyone of their "
        "region. Codes: "
        "ACTIVITY_NOT_FOUND, PERSON_NOT_FOUND, FORBIDDEN, ALREADY_SIGNED_UP, ACTIVITY_FULL, "
        "UNAUTHENTICATED."
    )
    async def sign_up_for_activity(
        self,
        info: Info,
        input: Annotated[SignUpForActivityInput, strawberry.argument(description="Who, what.")],
    ) -> VolunteerSignUpPayload:
        activity_id = decode_global_id(input.activity_id, "VolunteerActivity", "activityId")
        person_id = decode_global_id(input.person_id, "Person", "personId")
        viewer = info.context.viewer
        row, errors = await run_mutation(
            info, lambda s: service.sign_up(s, viewer, activity_id, person_id)
        )
        return _sign_up_payload(row, errors)

    @strawberry.mutation(
        description="Record minutes served (the organizer, or admins of the village; never for "
        "one's own household). Codes: SIGN_UP_NOT_FOUND, FORBIDDEN, CONFLICT_OF_INTEREST, "
        "ALREADY_CONFIRMED, MINUTES_INVALID, UNAUTHENTICATED."
    )
    async def record_service_minutes(
        self,
        info: Info,
        input: Annotated[RecordServiceMinutesInput, strawberry.argument(description="Minutes.")],
    ) -> VolunteerSignUpPayload:
        sign_up_id = decode_global_id(input.sign_up_id, "VolunteerSignUp", "signUpId")
        viewer = info.context.viewer
        row, errors = await run_mutation(
            info, lambda s: service.record_minutes(s, viewer, sign_up_id, input.service_minutes)
        )
        return _sign_up_payload(row, errors)

    @strawberry.mutation(
        description="Post the minutes to VOLUNTEER_MINUTES and the scheme's points for them "
        "(the organizer, or admins; never for one's own household). Codes: SIGN_UP_NOT_FOUND, "
        "FORBIDDEN, CONFLICT_OF_INTEREST, ALREADY_CONFIRMED, MINUTES_REQUIRED, "
        "ACTIVITY_NOT_OVER, ACCOUNT_CLOSED, UNAUTHENTICATED."
    )
    async def confirm_service(
        self,
        info: Info,
        input: Annotated[ConfirmServiceInput, strawberry.argument(description="The sign-up.")],
    ) -> VolunteerSignUpPayload:
        sign_up_id = decode_global_id(input.sign_up_id, "VolunteerSignUp", "signUpId")
        context = info.context
        row, errors = await run_mutation(
            info, lambda s: service.confirm(s, context.viewer, sign_up_id, context.clock.now())
        )
        return _sign_up_payload(row, errors)

    @strawberry.mutation(
        description="Issue a numbered certificate of confirmed service (admins of the "
        "person's region). Codes: PERSON_NOT_FOUND, FORBIDDEN, NO_SERVICE, UNAUTHENTICATED."
    )
    async def issue_volunteer_certificate(
        self,
        info: Info,
        input: Annotated[IssueVolunteerCertificateInput, strawberry.argument(description="Who.")],
    ) -> IssueVolunteerCertificatePayload:
        person_id = decode_global_id(input.person_id, "Person", "personId")
        context = info.context
        row, errors = await run_mutation(
            info,
            lambda s: service.issue_certificate(s, context.viewer, person_id, context.clock.now()),
        )
        return IssueVolunteerCertificatePayload(
            certificate=VolunteerCertificate.from_row(row) if row else None, user_errors=errors
        )
