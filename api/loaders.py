"""All DataLoaders of one request, created fresh per request (never shared across users)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from api.bank.dataloaders import BankLoaders
from api.centers.dataloaders import CenterLoaders
from api.deliberation.dataloaders import DeliberationLoaders
from api.disputes.dataloaders import DisputeLoaders
from api.events.dataloaders import EventLoaders
from api.facilities.dataloaders import FacilityLoaders
from api.grids.dataloaders import GridLoaders
from api.history import HistoryLoader
from api.indicators.dataloaders import IndicatorLoaders
from api.listing import ByValues
from api.mediation.dataloaders import MediationLoaders
from api.people.dataloaders import PeopleLoaders
from api.petitions.dataloaders import PetitionLoaders
from api.regions.dataloaders import RegionLoaders
from api.supermarkets.dataloaders import SupermarketLoaders
from api.volunteering.dataloaders import VolunteeringLoaders
from governance.access.principal import Viewer
from governance.indicators.models import RegionDesignation
from governance.organizations.models import SocialOrganization
from kit.clock import Clock

Reader = Callable[[Callable[[AsyncSession], Awaitable[Any]]], Awaitable[Any]]


class Loaders:
    """Each group of loaders is made on first use: a request touches few of them, and making
    all of them (about fifty DataLoaders) cost more than a simple query."""

    def __init__(self, read: Reader, viewer: Viewer, clock: Clock) -> None:
        self._read = read
        self._viewer = viewer
        self._clock = clock

    @cached_property
    def regions(self) -> RegionLoaders:
        return RegionLoaders(self._read)

    @cached_property
    def people(self) -> PeopleLoaders:
        return PeopleLoaders(self._read, self._viewer)

    @cached_property
    def grids(self) -> GridLoaders:
        return GridLoaders(self._read, self._viewer)

    @cached_property
    def centers(self) -> CenterLoaders:
        return CenterLoaders(self._read, self._viewer)

    @cached_property
    def facilities(self) -> FacilityLoaders:
        return FacilityLoaders(self._read, self._viewer)

    @cached_property
    def organizations(self) -> ByValues:
        return ByValues(self._read, SocialOrganization.id, self._viewer)

    @cached_property
    def designations(self) -> ByValues:
        return ByValues(self._read, RegionDesignation.id, self._viewer)

    @cached_property
    def mediation(self) -> MediationLoaders:
        return MediationLoaders(self._read, self._viewer)

    @cached_property
    def events(self) -> EventLoaders:
        return EventLoaders(self._read, self._viewer)

    @cached_property
    def disputes(self) -> DisputeLoaders:
        return DisputeLoaders(self._read, self._viewer)

    @cached_property
    def petitions(self) -> PetitionLoaders:
        return PetitionLoaders(self._read, self._viewer)

    @cached_property
    def deliberation(self) -> DeliberationLoaders:
        return DeliberationLoaders(self._read, self._viewer)

    @cached_property
    def indicators(self) -> IndicatorLoaders:
        return IndicatorLoaders(self._read)

    @cached_property
    def bank(self) -> BankLoaders:
        return BankLoaders(self._read, self._viewer, self._clock)

    @cached_property
    def history(self) -> HistoryLoader:
        return HistoryLoader(self._read)

    @cached_property
    def supermarkets(self) -> SupermarketLoaders:
        return SupermarketLoaders(self._read, self._viewer)

    @cached_property
    def volunteering(self) -> VolunteeringLoaders:
        return VolunteeringLoaders(self._read, self._viewer)
