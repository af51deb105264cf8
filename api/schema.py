"""The GraphQL schema: root types assembled from each domain's query and mutation mixins."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from api.auth.audit import audit_every_mutation
from api.auth.mutations import AuthMutations
from api.auth.types import AuthQueries
from api.extensions.masking import MaskInternalErrors
from api.extensions.production import ProductionHardening
from api.extensions.query_cost import QueryCost
from api.extensions.sql_count import SqlStatementCount
from api.regions.queries import RegionQueries

# Bounded so unique query texts cannot grow memory without limit.
DOCUMENT_CACHE_SIZE_MAX = 1_000
NODES_PER_REQUEST_MAX = 100
# Limits on a document, checked before execution. The cost limit is in api.extensions.query_cost.
QUERY_DEPTH_MAX = 15
ALIASES_MAX = 30
TOKENS_MAX = 5_000


@strawberry.type(description="Entry points for reading.")
class Query(RegionQueries, AuthQueries):
    node: relay.Node | None = relay.node(description="Any object by its global `id`, or null.")
    nodes: list[relay.Node | None] = relay.node(
        description=f"Objects by global ids, in order (at most {NODES_PER_REQUEST_MAX})."
    )


@audit_every_mutation
@strawberry.type(description="Entry points for writing. Every mutation is audited.")
class Mutation(AuthMutations):
    pass


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Request errors are the client's; internal ones are logged by ``MaskInternalErrors``."""


schema = Schema(
    query=Query,
    mutation=Mutation,
    extensions=[
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE_MAX),
        ProductionHardening,
        lambda: MaxTokensLimiter(max_token_count=TOKENS_MAX),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE_MAX),
        lambda: QueryDepthLimiter(max_depth=QUERY_DEPTH_MAX),
        lambda: MaxAliasesLimiter(max_alias_count=ALIASES_MAX),
        QueryCost,
        MaskInternalErrors,
        # Reports only when the request counts statements (GRASSROOTS_DEBUG_SQL=1).
        SqlStatementCount,
    ],
    config=StrawberryConfig(auto_camel_case=True),
)
