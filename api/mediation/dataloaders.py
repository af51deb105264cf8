"""Batch loading of committees and mediators."""

from __future__ import annotations

from typing import Any

from api.listing import ByValues, PartitionedPages, Reader
from governance.access.principal import Viewer
from governance.mediation.models import MediationCommittee, Mediator
from governance.mediation.repository import MediatorFilter, mediator_conditions


def _conditions(mediator_filter: Any) -> list[Any]:
    assert isinstance(mediator_filter, MediatorFilter)
    return list(mediator_conditions(mediator_filter))


class MediationLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.committees = ByValues(read, MediationCommittee.id, viewer)
        # A region's open committee (closed ones stay on record beside it).
        open_only = (MediationCommittee.ended_on.is_(None),)
        self.by_region = ByValues(read, MediationCommittee.region_code, viewer, open_only)
        self.mediators = ByValues(read, Mediator.id, viewer)
        self.mediators_by_committee = PartitionedPages(
            read, Mediator, Mediator.committee_id, _conditions, viewer=viewer
        )
