"""Batch loading for grid events: events by id, timelines per event, users by id."""

from __future__ import annotations

from typing import Any

from api.listing import ByValues, PartitionedPages, Reader
from governance.access.models import User
from governance.access.principal import Viewer
from governance.events.models import GridEvent, GridEventTransition


def _no_conditions(_filter: Any) -> list[Any]:
    return []


class EventLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.events = ByValues(read, GridEvent.id, viewer)
        self.timelines = PartitionedPages(
            read, GridEventTransition, GridEventTransition.event_id, _no_conditions, viewer=viewer
        )
        self.users = ByValues(read, User.id, viewer)
