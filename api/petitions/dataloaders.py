"""Batch loading for petitions and their petitioners, visits and timeline."""

from __future__ import annotations

from api.listing import ByValues, Reader
from api.workflows.loading import GroupedRows
from governance.access.principal import Viewer
from governance.petitions.models import (
    Petition,
    Petitioner,
    PetitionHearing,
    PetitionTransition,
    PetitionVisit,
    ReceptionDay,
)


class PetitionLoaders:
    def __init__(self, read: Reader, viewer: Viewer) -> None:
        self.petitions = ByValues(read, Petition.id, viewer)
        self.petitioners = GroupedRows(read, Petitioner.petition_id)
        self.visits = GroupedRows(read, PetitionVisit.petition_id)
        self.timelines = GroupedRows(read, PetitionTransition.petition_id)
        self.hearings = ByValues(read, PetitionHearing.id, viewer)
        self.reception_days = ByValues(read, ReceptionDay.id, viewer)
