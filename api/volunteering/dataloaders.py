"""Batch loading of the volunteer board: activities, sign-ups and certificates by id (each
under its read rule), sign-up counts per activity and each activity's sign-ups, so a page of
activities costs the same statements for one activity as for a hundred."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from api.listing import ByValues, PartitionedPages, Reader
from governance.access.principal import Viewer
from governance.volunteering import repository
from governance.volunteering.models import Activity, Certificate, SignUp


def _no_conditions(_child_filter: Any) -> list[Any]:
    return []


class VolunteeringLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self._read = read
        self.activities = ByValues(read, Activity.id, viewer)
        self.sign_ups = ByValues(read, SignUp.id, viewer)
        self.certificates = ByValues(read, Certificate.id, viewer)
        self.sign_ups_of = PartitionedPages(
            read, SignUp, SignUp.activity_id, _no_conditions, viewer=viewer
        )
        self.sign_up_counts: DataLoader[int, int] = DataLoader(self._load_counts)

    async def _load_counts(self, activity_ids: Sequence[int]) -> list[int]:
        ids = list(activity_ids)

        async def query(session: AsyncSession) -> dict[int, int]:
            return await repository.sign_up_counts(session, ids)

        found = await self._read(query)
        return [found.get(activity_id, 0) for activity_id in ids]
