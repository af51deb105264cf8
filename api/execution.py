"""graphql-core's executor with a shortcut for selections made only of plain attributes.

Executing a field costs graphql-core a resolve info, an argument check, an awaitable check and
a completion step, even when the field is a strawberry "basic" field (no resolver, no
extension: the value is ``getattr(source, name)``). The county → townships → villages read
completes ~1,000 such fields; they were most of its execution time.

When every field selected on an object is basic, of a scalar or enum type, or of an object type
(or a list of them) whose own selection is again all basic, the object's answer is built here
directly: the same attribute reads and the same ``serialize`` as graphql-core's, no resolve info.
Anything else (a resolver, a field extension, a middleware, an abstract type, ``@defer``), and
any value that is not plainly right (a null for a non-null field, a value ``serialize`` refuses,
an object ``is_type_of`` refuses, an attribute that raises), takes graphql-core's own path for
the whole object, which reports the error exactly as before: the shortcut only reads
attributes, so reading them again changes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, NamedTuple

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# Directives that field collection has already applied; any other one leaves the shortcut.
COLLECTION_DIRECTIVES = frozenset({"include", "skip"})


class _Unplain(Exception):
    """A value the shortcut does not vouch for: graphql-core completes the object instead."""


class _Leaf(NamedTuple):
    key: str
    attribute: str
    serialize: Callable[[Any], Any]
    non_null: bool


class _Typename(NamedTuple):
    key: str
    name: str


class _Object(NamedTuple):
    key: str
    attribute: str
    non_null: bool
    is_list: bool
    items_non_null: bool
    is_type_of: Callable[[Any, Any], Any] | None
    plan: tuple[Any, ...]


class PlainFieldsExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context; objects whose selection is all plain attributes are
    completed without graphql-core's per-field machinery (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        self._shortcut = manager is None or not manager.middlewares
        # (type, id(field group)) → (the group, kept alive so the id stays its own; the plan)
        self._plans: dict[
            tuple[GraphQLObjectType, int], tuple[FieldDetailsList, tuple[Any, ...] | None]
        ] = {}

    def collect_and_execute_subfields(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        if self._shortcut and position_context is None:
            plan = self._plan(return_type, field_details_list)
            if plan is not None:
                # _Unplain, or an attribute that raised: graphql-core's path reads again and
                # reports it, located.
                with contextlib.suppress(Exception):
                    return _complete(plan, result)
        return super().collect_and_execute_subfields(
            return_type, field_details_list, path, result, position_context
        )

    def _plan(
        self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> tuple[Any, ...] | None:
        key = (object_type, id(field_details_list))
        known = self._plans.get(key)
        if known is not None:
            return known[1]
        plan = self._build_plan(object_type, field_details_list)
        self._plans[key] = (field_details_list, plan)
        return plan

    def _build_plan(
        self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> tuple[Any, ...] | None:
        grouped, defer_usages, _forbidden = self.collect_subfields(object_type, field_details_list)
        if defer_usages:
            return None
        plan: list[Any] = []
        for key, group in grouped.items():
            entry = self._entry(object_type, key, group)
            if entry is None:
                return None
            plan.append(entry)
        return tuple(plan)

    def _entry(self, object_type: GraphQLObjectType, key: str, group: FieldDetailsList) -> Any:
        if not all(_plainly_selected(details) for details in group):
            return None
        name = group[0].node.name.value
        if name == "__typename":
            return _Typename(key, object_type.name)
        basic = _basic_field(object_type, name)
        if basic is None:
            return None
        attribute, field_type = basic
        non_null = isinstance(field_type, GraphQLNonNull)
        inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            return _Leaf(key, attribute, inner.serialize, non_null)
        return self._object_entry(key, attribute, non_null, inner, group)

    def _object_entry(
        self, key: str, attribute: str, non_null: bool, inner: Any, group: FieldDetailsList
    ) -> _Object | None:
        """An object, or a list of objects, whose own selection has a plan."""
        is_list = isinstance(inner, GraphQLList)
        item = inner.of_type if isinstance(inner, GraphQLList) else inner
        items_non_null = isinstance(item, GraphQLNonNull)
        named = item.of_type if isinstance(item, GraphQLNonNull) else item
        # Lists of lists or of scalars, abstract types, a type's own ``is_type_of`` (it may
        # want the resolve info): graphql-core's path.
        if not isinstance(named, GraphQLObjectType):
            return None
        type_definition = named.extensions.get("strawberry-definition")
        if type_definition is None or type_definition.is_type_of is not None:
            return None
        sub_plan = self._plan(named, group)
        if sub_plan is None:
            return None
        # Strawberry's generated ``is_type_of`` does not read the info: called with None.
        is_type_of = named.is_type_of
        return _Object(key, attribute, non_null, is_list, items_non_null, is_type_of, sub_plan)


def _plainly_selected(details: Any) -> bool:
    """Selected without arguments, ``@defer`` or a directive left for execution to apply."""
    if details.defer_usage is not None or details.node.arguments:
        return False
    directives = details.node.directives or ()
    return all(directive.name.value in COLLECTION_DIRECTIVES for directive in directives)


def _basic_field(object_type: GraphQLObjectType, name: str) -> tuple[str, Any] | None:
    """The attribute and type of a strawberry basic field (``getattr``, nothing else)."""
    field_def = object_type.fields.get(name)
    if field_def is None:
        return None
    definition = field_def.extensions.get("strawberry-definition")
    if (
        definition is None
        or not getattr(field_def.resolve, "_is_default", False)
        or not definition.is_basic_field
        or definition.default_resolver is not getattr
    ):
        return None
    return definition.python_name, field_def.type


def _complete(plan: tuple[Any, ...], source: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for entry in plan:
        if type(entry) is _Leaf:
            value = getattr(source, entry.attribute)
            if value is None:
                if entry.non_null:
                    raise _Unplain
                data[entry.key] = None
                continue
            serialized = entry.serialize(value)  # a refusal raises: graphql-core's path reports it
            if serialized is None or serialized is Undefined:
                raise _Unplain
            data[entry.key] = serialized
        elif type(entry) is _Typename:
            data[entry.key] = entry.name
        else:
            data[entry.key] = _complete_object(entry, getattr(source, entry.attribute))
    return data


def _complete_object(entry: _Object, value: Any) -> Any:
    if value is None:
        if entry.non_null:
            raise _Unplain
        return None
    if not entry.is_list:
        return _complete_item(entry, value)
    if type(value) not in (list, tuple):
        raise _Unplain
    if entry.items_non_null:
        return [_complete_item(entry, item) for item in value]
    return [None if item is None else _complete_item(entry, item) for item in value]


def _complete_item(entry: _Object, item: Any) -> dict[str, Any]:
    if entry.is_type_of is not None and entry.is_type_of(item, None) is not True:
        raise _Unplain
    return _complete(entry.plan, item)
