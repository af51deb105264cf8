"""Production hardening: no introspection and no field suggestions for strangers.

The schema is one object per process; whether it runs hardened is read from the request's
settings (``GRASSROOTS_PRODUCTION``), so tests can exercise both modes in one process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension

SUGGESTION = re.compile(r"\s*Did you mean .*\?$")


class ProductionHardening(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        production = bool(getattr(context.context.settings, "production", False))
        if production:
            context.validation_rules = (*context.validation_rules, NoSchemaIntrospectionCustomRule)
        yield
        result = context.result
        errors = getattr(result, "errors", None) if result is not None else None
        if production and result is not None and errors:
            result.errors = [_without_suggestion(error) for error in errors]


def _without_suggestion(error: GraphQLError) -> GraphQLError:
    message = SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )
