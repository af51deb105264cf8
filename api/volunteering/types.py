"""GraphQL types and enum of volunteer service."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import relay

from api.common import Person, Region, person_by_id, region_by_code
from api.context import Info
from api.listing import window_for
from api.pagination import PAGE_SIZE_MAX, Connection, PageRequest, connection_field
from api.row_node import RowNode, rows_from
from governance.volunteering import models as m
from governance.volunteering import service

IN_ORDER = ("id",)


@strawberry.enum(description="Kind of volunteer service (the plan's categories).")
class ActivityCategory(Enum):
    NEIGHBOURHOOD_WATCH = strawberry.enum_value(
        m.ActivityCategory.NEIGHBOURHOOD_WATCH, description="邻里守望."
    )
    EMPTY_NEST_ELDERS = strawberry.enum_value(
        m.ActivityCategory.EMPTY_NEST_ELDERS, description="关爱空巢老人."
    )
    LEFT_BEHIND_CHILDREN = strawberry.enum_value(
        m.ActivityCategory.LEFT_BEHIND_CHILDREN, description="关爱留守儿童."
    )
    ORPHANS_AND_DISABLED = strawberry.enum_value(
        m.ActivityCategory.ORPHANS_AND_DISABLED, description="关爱孤残."
    )
    POVERTY_RELIEF = strawberry.enum_value(
        m.ActivityCategory.POVERTY_RELIEF, description="扶贫帮困."
    )
    OTHER = strawberry.enum_value(m.ActivityCategory.OTHER, description="Other service.")


@strawberry.type(description="A volunteer activity organized in a village.")
class VolunteerActivity(RowNode):
    id: relay.NodeID[int]
    title: str = strawberry.field(description="What the activity is.")
    category: ActivityCategory = strawberry.field(description="Kind of service.")
    village_code: str = strawberry.field(description="Where it happens.")
    starts_at: dt.datetime = strawberry.field(description="Start.")
    ends_at: dt.datetime = strawberry.field(description="End.")
    capacity: int = strawberry.field(description="Most volunteers.")

    @classmethod
    def from_row(cls, row: m.Activity) -> VolunteerActivity:
        return cls(
            id=row.id, title=row.title, category=ActivityCategory(row.category),
            village_code=row.region_code, starts_at=row.starts_at, ends_at=row.ends_at,
            capacity=row.capacity,
        )  # fmt: skip

    # Staff of its subtree; residents of its village, and volunteers signed up for it.
    rows_by_id = rows_from(lambda loaders: loaders.volunteering.activities)

    @strawberry.field(description="The village where it happens.")
    async def village(self, info: Info) -> Region:
        return await region_by_code(info, self.village_code)

    @strawberry.field(description="Volunteers signed up so far (all of them, whoever you are).")
    async def signed_up_count(self, info: Info) -> int:
        return await info.context.loaders.volunteering.sign_up_counts.load(self.id)

    @strawberry.field(description="Seats still free: capacity minus sign-ups (never below 0).")
    async def open_seats(self, info: Info) -> int:
        taken = await info.context.loaders.volunteering.sign_up_counts.load(self.id)
        return max(self.capacity - taken, 0)

    @connection_field(
        description="Its sign-ups in the order they came, as far as you may read them: all of "
        "them for its organizer and the administrators over its village (who record the "
        "minutes), a volunteer's own for them; staff also those of volunteers in their "
        f"subtree. Page size at most {PAGE_SIZE_MAX}."
    )
    async def sign_ups(self, info: Info, page: PageRequest) -> Connection[VolunteerSignUp]:
        window = window_for(page, m.SignUp, IN_ORDER)
        pages = info.context.loaders.volunteering.sign_ups_of
        return await pages.connection(self.id, None, window, page, VolunteerSignUp.from_row)


@strawberry.type(description="One volunteer in one activity.")
class VolunteerSignUp(RowNode):
    id: relay.NodeID[int]
    person_id: relay.GlobalID = strawberry.field(description="The volunteer (Person).")
    signed_up_at: dt.datetime = strawberry.field(description="When they signed up.")
    service_minutes: int | None = strawberry.field(
        description="Minutes served, travel excluded, as recorded by the organizer."
    )
    confirmed_at: dt.datetime | None = strawberry.field(
        description="When the minutes (and points) were posted; null before."
    )
    activity_id: strawberry.Private[int]
    person_row_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.SignUp) -> VolunteerSignUp:
        return cls(
            id=row.id, person_id=relay.GlobalID("Person", str(row.person_id)),
            signed_up_at=row.signed_up_at, service_minutes=row.service_minutes,
            confirmed_at=row.confirmed_at, activity_id=row.activity_id,
            person_row_id=row.person_id,
        )  # fmt: skip

    # The volunteer, staff of their subtree, the activity's organizer and village admins.
    rows_by_id = rows_from(lambda loaders: loaders.volunteering.sign_ups)

    @strawberry.field(description="The activity (null if you may not read it).")
    async def activity(self, info: Info) -> VolunteerActivity | None:
        row = await info.context.loaders.volunteering.activities.load(self.activity_id)
        return VolunteerActivity.from_row(row) if row else None

    @strawberry.field(description="The volunteer (null outside your scope of persons).")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_row_id)


@strawberry.type(description="One confirmed service on a volunteer's record.")
class ServiceEntry:
    activity_title: str = strawberry.field(description="The activity.")
    category: ActivityCategory = strawberry.field(description="Kind of service.")
    village_code: str = strawberry.field(description="Where.")
    starts_at: dt.datetime = strawberry.field(description="When.")
    organizer: str = strawberry.field(description="Who organized it.")
    service_minutes: int = strawberry.field(description="Minutes served.")


@strawberry.type(description="A volunteer's service record (confirmed service only).")
class ServiceRecord:
    person_name: str = strawberry.field(description="The volunteer.")
    service_minutes: int = strawberry.field(description="Minutes in total.")
    entries: list[ServiceEntry] = strawberry.field(
        description=f"Services, oldest first (at most {service.SERVICE_RECORD_ENTRIES_MAX})."
    )

    @classmethod
    def from_record(cls, record: service.ServiceRecord) -> ServiceRecord:
        entries = [
            ServiceEntry(
                activity_title=e.activity_title, category=ActivityCategory(e.category),
                village_code=e.village_code, starts_at=e.starts_at, organizer=e.organizer,
                service_minutes=e.service_minutes,
            )
            for e in record.entries
        ]  # fmt: skip
        return cls(
            person_name=record.person_name,
            service_minutes=record.service_minutes,
            entries=entries,
        )


@strawberry.type(description="A numbered certificate of volunteer service.")
class VolunteerCertificate(RowNode):
    id: relay.NodeID[int]
    number: str = strawberry.field(description="Certificate number, printed on it.")
    service_minutes: int = strawberry.field(description="Minutes certified.")
    activities: int = strawberry.field(description="Services certified.")
    issued_at: dt.datetime = strawberry.field(description="When it was issued.")
    download_path: str = strawberry.field(
        description="The PDF, downloadable again at any time (send the same bearer token)."
    )
    person_row_id: strawberry.Private[int]

    @classmethod
    def from_row(cls, row: m.Certificate) -> VolunteerCertificate:
        return cls(
            id=row.id, number=row.number, service_minutes=row.service_minutes,
            activities=row.activities, issued_at=row.issued_at,
            download_path=f"/exports/certificates/{row.number}.pdf", person_row_id=row.person_id,
        )  # fmt: skip

    # The volunteer themselves and staff of their subtree.
    rows_by_id = rows_from(lambda loaders: loaders.volunteering.certificates)

    @strawberry.field(description="The volunteer (null outside your scope of persons).")
    async def person(self, info: Info) -> Person | None:
        return await person_by_id(info, self.person_row_id)
