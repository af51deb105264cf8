"""Batch loading for dispute cases and their parties, mediators, sessions and timeline."""

from __future__ import annotations

from api.listing import ByValues, Reader
from api.workflows.loading import GroupedRows
from governance.access.principal import Viewer
from governance.disputes.models import (
    DisputeCase,
    DisputeCaseMediator,
    DisputeParty,
    DisputeTransition,
    MediationSession,
)


class DisputeLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.cases = ByValues(read, DisputeCase.id, viewer)
        self.parties = GroupedRows(read, DisputeParty.case_id)
        self.mediators = GroupedRows(read, DisputeCaseMediator.case_id)
        self.sessions = GroupedRows(read, MediationSession.case_id)
        self.timelines = GroupedRows(read, DisputeTransition.case_id)
