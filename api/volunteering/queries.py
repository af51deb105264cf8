"""Root query fields of volunteer service: the board, certificates, a volunteer's own."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.listing import decode_global_id, root_connection, window_for
from api.pagination import PAGE_SIZE_MAX, Connection, PageRequest, connection_field
from api.volunteering.inputs import VolunteerActivityFilter, VolunteerCertificateFilter
from api.volunteering.own import MyVolunteering
from api.volunteering.types import ServiceRecord, VolunteerActivity, VolunteerCertificate
from governance.volunteering import models as m
from governance.volunteering import repository, service
from governance.volunteering.repository import ActivityFilter

# Upcoming first: by start, then as recorded.
BY_START = ("starts_at", "id")
NEWEST_FIRST = ("id",)


@strawberry.type
class VolunteeringQueries:
    @strawberry.field(
        description="A volunteer's confirmed service, if you may see the person (staff of "
        "their region, or the volunteer and their household); null otherwise."
    )
    async def volunteer_record(
        self,
        info: Info,
        person_id: Annotated[relay.GlobalID, strawberry.argument(description="The Person.")],
    ) -> ServiceRecord | None:
        person = decode_global_id(person_id, "Person", "personId")
        viewer = info.context.viewer
        record = await info.context.read(lambda s: service.service_record(s, viewer, person))
        return ServiceRecord.from_record(record) if record else None

    @connection_field(
        description="The volunteer board: activities by start time (earliest first), filtered. "
        "Staff read those of their subtree; residents those of their own village and those "
        f"they are signed up for; nobody else any. Page size at most {PAGE_SIZE_MAX}."
    )
    async def volunteer_activities(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            VolunteerActivityFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[VolunteerActivity]:
        where = filter.to_domain() if filter else ActivityFilter()
        return await root_connection(
            info.context.read,
            m.Activity,
            repository.activity_conditions(where),
            window_for(page, m.Activity, BY_START),
            page=page,
            to_node=VolunteerActivity.from_row,
            viewer=info.context.viewer,
        )

    @connection_field(
        description="Certificates issued, newest first: staff of the volunteer's subtree, and "
        f"the volunteer themselves. Page size at most {PAGE_SIZE_MAX}."
    )
    async def volunteer_certificates(
        self,
        info: Info,
        page: PageRequest,
        *,
        filter: Annotated[
            VolunteerCertificateFilter | None, strawberry.argument(description="What to include.")
        ] = None,
    ) -> Connection[VolunteerCertificate]:
        given = filter or VolunteerCertificateFilter()
        person = (
            decode_global_id(given.person_id, "Person", "personId") if given.person_id else None
        )
        return await root_connection(
            info.context.read,
            m.Certificate,
            repository.certificate_conditions(person, given.under_region),
            window_for(page, m.Certificate, NEWEST_FIRST, descending=True),
            page=page,
            to_node=VolunteerCertificate.from_row,
            viewer=info.context.viewer,
        )

    @strawberry.field(
        description="Your own volunteering (a resident's): your sign-ups, minutes and "
        "certificates. Null for anyone who is not a resident."
    )
    def my_volunteering(self, info: Info) -> MyVolunteering | None:
        person_ids = repository.own_person_ids(info.context.viewer)
        return MyVolunteering(person_ids=person_ids) if person_ids else None
