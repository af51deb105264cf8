"""`myVolunteering`: a resident's own sign-ups, minutes and certificates (only their own)."""

from __future__ import annotations

from dataclasses import field

import strawberry

from api.common import Person, person_by_id
from api.context import Info
from api.listing import root_connection, window_for
from api.pagination import PAGE_SIZE_MAX, Connection, PageRequest, connection_field
from api.volunteering.types import VolunteerCertificate, VolunteerSignUp
from governance.volunteering import models as m
from governance.volunteering import repository

NEWEST_FIRST = ("id",)


@strawberry.type(description="Your own volunteering: what you signed up for, served and hold.")
class MyVolunteering:
    person_ids: strawberry.Private[list[int]]
    _minutes: strawberry.Private[repository.OwnMinutes | None] = field(default=None)

    @strawberry.field(description="You, the volunteer.")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_ids[0])

    async def _own_minutes(self, info: Info) -> repository.OwnMinutes:
        if self._minutes is None:
            ids = self.person_ids
            self._minutes = await info.context.read(lambda s: repository.own_minutes(s, ids))
        return self._minutes

    @strawberry.field(
        description="Minutes of service confirmed (posted to your VOLUNTEER_MINUTES account)."
    )
    async def confirmed_minutes(self, info: Info) -> int:
        return (await self._own_minutes(info)).confirmed_minutes

    @strawberry.field(
        description="Minutes the organizer recorded that are not confirmed yet (no points yet)."
    )
    async def awaiting_confirmation_minutes(self, info: Info) -> int:
        return (await self._own_minutes(info)).recorded_minutes

    @connection_field(
        description=f"Your sign-ups, newest first, each with its activity. Page size at most "
        f"{PAGE_SIZE_MAX}."
    )
    async def sign_ups(self, info: Info, page: PageRequest) -> Connection[VolunteerSignUp]:
        return await root_connection(
            info.context.read,
            m.SignUp,
            repository.own_sign_up_conditions(self.person_ids),
            window_for(page, m.SignUp, NEWEST_FIRST, descending=True),
            page=page,
            to_node=VolunteerSignUp.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(
        description="Your certificates, newest first: each `downloadPath` serves its PDF again. "
        f"Page size at most {PAGE_SIZE_MAX}."
    )
    async def certificates(self, info: Info, page: PageRequest) -> Connection[VolunteerCertificate]:
        return await root_connection(
            info.context.read,
            m.Certificate,
            repository.own_certificate_conditions(self.person_ids),
            window_for(page, m.Certificate, NEWEST_FIRST, descending=True),
            page=page,
            to_node=VolunteerCertificate.from_row,
            viewer=info.context.viewer,
        )
