"""Running one mutation and reading its payload, for the institution tests."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import GraphQLClient


async def mutate(
    client: GraphQLClient,
    name: str,
    selection: str,
    headers: dict[str, str],
    /,
    **values: Any,
) -> dict[str, Any]:
    """Run mutation ``name`` with ``values`` as its input; the payload (object and errors)."""
    query = (
        f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{ {name}(input: $input) "
        f"{{ {selection} userErrors {{ code field message }} }} }}"
    )
    payload: dict[str, Any] = (await client.data(query, {"input": values}, headers))[name]
    return payload


def codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


HISTORY = "history { version action changedBy reason changes { field from to } }"
