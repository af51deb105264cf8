"""Query cost from requested page sizes, checked before execution and reported as Shopify does.

Every object a query may return costs 1 (edges and page info are free; scalars too); a
connection multiplies what is selected inside it by its requested page size (``first``/``last``,
default 20), so nested pages multiply. A query whose worst case exceeds ``QUERY_COST_MAX`` is
refused before it touches the database, and every response carries ``extensions.cost``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    value_from_ast_untyped,
)
from strawberry.extensions import SchemaExtension

from api.pagination import PAGE_SIZE_DEFAULT

QUERY_COST_MAX = 100_000
CONNECTION_SUFFIX = "Connection"
# Wrappers that add no object of their own: an edge is counted through its node.
FREE_SUFFIXES = ("Edge", "PageInfo")

Fragments = Mapping[str, FragmentDefinitionNode]


def operation_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Fragments,
    variables: Mapping[str, Any],
) -> int:
    root = schema.get_root_type(operation.operation)
    assert root is not None
    return _CostWalker(schema, fragments, variables).selection(operation.selection_set, root, 1)


@dataclass(frozen=True, slots=True)
class _CostWalker:
    schema: GraphQLSchema
    fragments: Fragments
    variables: Mapping[str, Any]

    def selection(self, selection_set: SelectionSetNode, parent: Any, multiplier: int) -> int:
        return sum(
            self.field(field, field_parent, multiplier)
            for field, field_parent in self.fields(selection_set, parent)
        )

    def fields(
        self, selection_set: SelectionSetNode, parent: Any
    ) -> Iterator[tuple[FieldNode, Any]]:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection, parent
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                yield from self.fields(selection.selection_set, inner or parent)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    inner = self.schema.get_type(fragment.type_condition.name.value) or parent
                    yield from self.fields(fragment.selection_set, inner)

    def field(self, field: FieldNode, parent: Any, multiplier: int) -> int:
        if field.selection_set is None or field.name.value.startswith("__"):
            return 0
        if not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            return multiplier
        definition = parent.fields.get(field.name.value)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        if isinstance(named, GraphQLUnionType):
            named = None
        inner_multiplier = multiplier * _fan_out(field, named, self.variables)
        own_cost = 0 if named is not None and named.name.endswith(FREE_SUFFIXES) else multiplier
        return own_cost + self.selection(field.selection_set, named, inner_multiplier)


def _fan_out(field: FieldNode, named: Any, variables: Mapping[str, Any]) -> int:
    """How many objects one occurrence of ``field`` may return."""
    arguments = {argument.name.value: argument.value for argument in field.arguments or ()}
    if named is not None and named.name.endswith(CONNECTION_SUFFIX):
        for name in ("first", "last"):
            size = _argument_value(arguments.get(name), variables)
            if isinstance(size, int):
                return max(size, 0)
        return PAGE_SIZE_DEFAULT
    ids = arguments.get("ids")
    if isinstance(ids, ListValueNode):
        return len(ids.values)
    ids_value = _argument_value(ids, variables)
    return len(ids_value) if isinstance(ids_value, list) else 1


def _argument_value(node: Any, variables: Mapping[str, Any]) -> Any:
    if node is None:
        return None
    if isinstance(node, VariableNode):
        return variables.get(node.name.value)
    return value_from_ast_untyped(node, dict(variables))


class QueryCost(SchemaExtension):
    """Refuses over-expensive operations before execution; reports ``extensions.cost``."""

    requested: int | None = None

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        operation = _selected_operation(context.graphql_document, context.operation_name)
        if operation is not None:
            fragments = {
                definition.name.value: definition
                for definition in context.graphql_document.definitions  # type: ignore[union-attr]
                if isinstance(definition, FragmentDefinitionNode)
            }
            schema = context.schema._schema
            self.requested = operation_cost(schema, operation, fragments, context.variables or {})
            if self.requested > QUERY_COST_MAX:
                message = (
                    f"Query cost {self.requested} exceeds the maximum of {QUERY_COST_MAX}: "
                    "request smaller pages (`first`/`last`) or fewer nested lists."
                )
                error = GraphQLError(message, extensions={"code": "QUERY_TOO_COSTLY"})
                context.result = GraphQLExecutionResult(data=None, errors=[error])
        yield

    def get_results(self) -> dict[str, Any]:
        if self.requested is None:
            return {}
        return {"cost": {"requestedQueryCost": self.requested, "maximumAvailable": QUERY_COST_MAX}}


def _selected_operation(document: Any, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)
