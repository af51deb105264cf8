"""Limits on every document, and production hardening, in one extension (each extension adds
hooks to every request, so related rules share one).

Every request: a token limit while parsing, ``operationName`` required when the document holds
several operations (Strawberry would run the first), and depth and alias limits while
validating (rule classes built once: the validation cache is keyed by the rules, so
per-request rule classes, what Strawberry's limiter extensions create, would never hit it).
The cost limit is in ``api.extensions.query_cost``.

In production (``GRASSROOTS_PRODUCTION``, read from the request's settings so tests exercise
both modes in one process): no introspection and no field suggestions for strangers.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ASTValidationRule, OperationDefinitionNode
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension, max_aliases, query_depth_limiter

from api.errors import PublicError
from api.extensions import control_characters, error_messages

QUERY_DEPTH_MAX = 15
ALIASES_MAX = 30
TOKENS_MAX = 5_000

LIMIT_RULES: tuple[type[ASTValidationRule], ...] = (
    query_depth_limiter.create_validator(QUERY_DEPTH_MAX, None, None),
    max_aliases.create_validator(ALIASES_MAX),
)
PRODUCTION_RULES = (*LIMIT_RULES, NoSchemaIntrospectionCustomRule)
ALLOWED_CONTROLS = "no control character is allowed but tab, line feed and carriage return."


class Hardening(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        production = bool(getattr(context.context.settings, "production", False))
        context.parse_options["max_tokens"] = TOKENS_MAX
        rules = PRODUCTION_RULES if production else LIMIT_RULES
        context.validation_rules = (*context.validation_rules, *rules)
        yield
        result = context.result
        errors = getattr(result, "errors", None) if result is not None else None
        if result is not None and errors:
            submitted = list(control_characters.strings_in(context.variables, keys=False))
            result.errors = [
                error_messages.public(error, production=production, submitted=submitted)
                for error in errors
            ]

    def on_parse(self) -> Iterator[None]:
        yield
        context = self.execution_context
        document = context.graphql_document
        # ``operation_name`` falls back to the first operation's; the client's own is private.
        if document is None or context._provided_operation_name is not None:
            return
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) > 1:
            raise PublicError(
                "The document holds several operations: name the one to run in `operationName`."
            )

    def on_validate(self) -> Iterator[None]:
        yield
        context = self.execution_context
        if context.pre_execution_errors or context.graphql_document is None:
            return
        if found := control_characters.in_variables(context.variables):
            raise PublicError(f"Variable '${found[0]}' holds {found[1]}: {ALLOWED_CONTROLS}")
        # The lexer refuses raw control characters: only an escape can make one.
        if "\\u" in (context.query or "") and (
            character := control_characters.in_document(context.graphql_document)
        ):
            raise PublicError(f"A string argument holds {character}: {ALLOWED_CONTROLS}")
