"""The GraphQL schema: root types assembled from each domain's query and mutation mixins."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

from api.centers.queries import CenterQueries
from api.extensions.list_limit import ListArgumentLimit
from api.extensions.masking import MaskInternalErrors
from api.extensions.sql_count import SqlStatementCount
from api.facilities.queries import FacilityQueries
from api.grids.mutations import GridMutations
from api.grids.queries import GridQueries
from api.mediation.queries import MediationQueries
from api.organizations.queries import OrganizationQueries
from api.people.queries import PeopleQueries
from api.regions.queries import RegionQueries

# Bounded so unique query texts cannot grow memory without limit.
DOCUMENT_CACHE_SIZE_MAX = 1_000
NODES_PER_REQUEST_MAX = 100


@strawberry.type(description="Entry points for reading.")
class Query(
    RegionQueries,
    PeopleQueries,
    GridQueries,
    CenterQueries,
    FacilityQueries,
    OrganizationQueries,
    MediationQueries,
):
    node: relay.Node | None = relay.node(description="Any object by its global `id`, or null.")
    nodes: list[relay.Node | None] = relay.node(
        description=f"Objects by global ids, in order (at most {NODES_PER_REQUEST_MAX}).",
        extensions=[ListArgumentLimit("ids", NODES_PER_REQUEST_MAX)],
    )


@strawberry.type(description="Entry points for changing data. Refusals come back in `userErrors`.")
class Mutation(GridMutations):
    pass


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    extensions=[
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE_MAX),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE_MAX),
        MaskInternalErrors,
        # Reports only when the request counts statements (GRASSROOTS_DEBUG_SQL=1).
        SqlStatementCount,
    ],
    config=StrawberryConfig(auto_camel_case=True),
)
