"""Root query fields of volunteer service."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from api.context import Info
from api.listing import decode_global_id
from api.volunteering.types import ServiceRecord
from governance.volunteering import service


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
