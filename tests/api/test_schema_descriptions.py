"""Goal: the schema is the frontend's documentation: every type, field, argument and enum value
carries a description (``test_schema_file`` checks the committed SDL is current).

Method: walk graphql-core's schema (skipping introspection types) collecting anything
undescribed; prove the walk notices a bare type.
"""

from __future__ import annotations

import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)

from api.schema import schema


def undescribed(graphql_schema: GraphQLSchema) -> list[str]:
    missing: list[str] = []
    for name, graphql_type in graphql_schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not getattr(graphql_type, "description", None):
            missing.append(name)
        missing += _members_without_description(name, graphql_type)
    return missing


def _members_without_description(name: str, graphql_type: object) -> list[str]:
    missing: list[str] = []
    if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
        for field_name, field in graphql_type.fields.items():
            if not field.description:
                missing.append(f"{name}.{field_name}")
            missing += [
                f"{name}.{field_name}({argument_name})"
                for argument_name, argument in field.args.items()
                if not argument.description
            ]
    if isinstance(graphql_type, GraphQLInputObjectType):
        missing += [
            f"{name}.{field_name}"
            for field_name, field in graphql_type.fields.items()
            if not field.description
        ]
    if isinstance(graphql_type, GraphQLEnumType):
        missing += [
            f"{name}.{value_name}"
            for value_name, value in graphql_type.values.items()
            if not value.description
        ]
    return missing


def test_everything_is_described() -> None:
    assert undescribed(schema._schema) == []


@strawberry.type
class Bare:
    value: int


@strawberry.type(description="Root.")
class BareQuery:
    bare: Bare = strawberry.field(description="A bare object.")


def test_the_check_notices_a_missing_description() -> None:
    found = undescribed(strawberry.Schema(query=BareQuery)._schema)
    assert set(found) == {"Bare", "Bare.value"}
