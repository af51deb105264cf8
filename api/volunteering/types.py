"""GraphQL types and enum of volunteer service."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from functools import partial
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from api.row_node import RowNode, rows_queried
from governance import listing
from governance.access.principal import Viewer
from governance.volunteering import models as m
from governance.volunteering import service


def _by_ids(column: Any, session: AsyncSession, viewer: Viewer, ids: list[int]) -> Any:
    return listing.by_values(session, column, ids, viewer=viewer)


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

    # Activities the viewer may read (staff of the region).
    rows_by_id = rows_queried(partial(_by_ids, m.Activity.id))


@strawberry.type(description="One volunteer in one activity.")
class VolunteerSignUp(RowNode):
    id: relay.NodeID[int]
    person_id: relay.GlobalID = strawberry.field(description="The volunteer (Person).")
    service_minutes: int | None = strawberry.field(
        description="Minutes served, travel excluded, as recorded by the organizer."
    )
    confirmed_at: dt.datetime | None = strawberry.field(
        description="When the minutes (and points) were posted; null before."
    )

    @classmethod
    def from_row(cls, row: m.SignUp) -> VolunteerSignUp:
        return cls(
            id=row.id, person_id=relay.GlobalID("Person", str(row.person_id)),
            service_minutes=row.service_minutes, confirmed_at=row.confirmed_at,
        )  # fmt: skip

    # Sign-ups the viewer may read (the volunteer themselves, staff in scope).
    rows_by_id = rows_queried(partial(_by_ids, m.SignUp.id))


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
class VolunteerCertificate:
    number: str = strawberry.field(description="Certificate number, printed on it.")
    service_minutes: int = strawberry.field(description="Minutes certified.")
    activities: int = strawberry.field(description="Services certified.")
    issued_at: dt.datetime = strawberry.field(description="When it was issued.")
    download_path: str = strawberry.field(description="The PDF (send the same bearer token).")

    @classmethod
    def from_row(cls, row: m.Certificate) -> VolunteerCertificate:
        return cls(
            number=row.number, service_minutes=row.service_minutes, activities=row.activities,
            issued_at=row.issued_at, download_path=f"/exports/certificates/{row.number}.pdf",
        )  # fmt: skip
