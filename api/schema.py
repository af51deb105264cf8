"""The GraphQL schema: root types assembled from each domain's query and mutation mixins."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.schema.config import StrawberryConfig

from api.auth.accounts import AccountQueries
from api.auth.audit import audit_every_mutation
from api.auth.mutations import AuthMutations
from api.auth.types import AuthQueries
from api.bank.catalog_mutations import BankCatalogMutations
from api.bank.mutations import BankMutations
from api.bank.queries import BankQueries
from api.centers.mutations import CenterMutations
from api.centers.queries import CenterQueries
from api.deliberation.mutations import DeliberationMutations
from api.deliberation.queries import DeliberationQueries
from api.designations.mutations import DesignationMutations
from api.designations.queries import DesignationQueries
from api.disputes.mutations import DisputeMutations
from api.disputes.queries import DisputeQueries
from api.events.mutations import EventMutations
from api.events.queries import EventQueries
from api.execution import PlainFieldsExecutor
from api.extensions.documents import DocumentCache
from api.extensions.hardening import Hardening
from api.extensions.list_limit import ListArgumentLimit
from api.extensions.masking import MaskInternalErrors
from api.extensions.query_cost import QueryCost
from api.facilities.insurance import InsuranceMutations
from api.facilities.mutations import FacilityMutations
from api.facilities.queries import FacilityQueries
from api.global_ids import node_field
from api.grids.mutations import GridMutations
from api.grids.queries import GridQueries
from api.indicators.queries import IndicatorQueries
from api.mediation.mutations import MediationMutations
from api.mediation.queries import MediationQueries
from api.naming import RememberingNameConverter
from api.organizations.mutations import OrganizationMutations
from api.organizations.queries import OrganizationQueries
from api.people.mutations import PeopleMutations
from api.people.queries import PeopleQueries
from api.petitions.mutations import PetitionMutations
from api.petitions.queries import PetitionQueries
from api.regions.queries import RegionQueries
from api.supermarkets.catalog_mutations import SupermarketCatalogMutations
from api.supermarkets.mutations import SupermarketMutations
from api.supermarkets.queries import SupermarketQueries
from api.till.queries import TillQueries
from api.volunteering.mutations import VolunteeringMutations
from api.volunteering.queries import VolunteeringQueries

# The bare bench endpoint's parser and validation caches (bench/bare_app.py); ours:
# api.extensions.documents.
DOCUMENT_CACHE_SIZE_MAX = 1_000
NODES_PER_REQUEST_MAX = 100
# Limits on documents: api.extensions.hardening (size, depth, aliases) and query_cost.


@strawberry.type(description="Entry points for reading.")
class Query(
    RegionQueries,
    PeopleQueries,
    GridQueries,
    CenterQueries,
    FacilityQueries,
    OrganizationQueries,
    MediationQueries,
    DesignationQueries,
    IndicatorQueries,
    AuthQueries,
    AccountQueries,
    EventQueries,
    DisputeQueries,
    PetitionQueries,
    DeliberationQueries,
    BankQueries,
    SupermarketQueries,
    TillQueries,
    VolunteeringQueries,
):
    node: relay.Node | None = node_field(description="Any object by its global `id`, or null.")
    nodes: list[relay.Node | None] = node_field(
        description=f"Objects by global ids, in order (at most {NODES_PER_REQUEST_MAX}).",
        extensions=[ListArgumentLimit("ids", NODES_PER_REQUEST_MAX)],
    )


@audit_every_mutation
@strawberry.type(
    description="Entry points for changing data. All are audited; refusals are `userErrors`."
)
class Mutation(
    GridMutations,
    PeopleMutations,
    AuthMutations,
    EventMutations,
    DisputeMutations,
    PetitionMutations,
    DeliberationMutations,
    BankMutations,
    BankCatalogMutations,
    SupermarketMutations,
    SupermarketCatalogMutations,
    VolunteeringMutations,
    CenterMutations,
    FacilityMutations,
    InsuranceMutations,
    OrganizationMutations,
    MediationMutations,
    DesignationMutations,
):
    pass


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Request errors are the client's; internal ones are logged by ``MaskInternalErrors``."""


schema = Schema(
    query=Query,
    mutation=Mutation,
    extensions=[
        DocumentCache,  # parsing and validation, kept per process (bounded)
        Hardening,
        QueryCost,
        MaskInternalErrors,
    ],
    config=StrawberryConfig(auto_camel_case=True, name_converter=RememberingNameConverter()),
    execution_context_class=PlainFieldsExecutor,
)
