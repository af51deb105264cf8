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

INDICATOR = """query($code: String!, $key: String!, $day: Date!) {
  indicatorValues(regionCode: $code, keys: [$key], asOf: $day) { numerator denominator } }"""


async def indicator(client: GraphQLClient, code: str, key: str, day: str) -> tuple[int, int]:
    """The indicator's numerator and denominator for region ``code`` on ``day``."""
    variables = {"code": code, "key": key, "day": day}
    [value] = (await client.data(INDICATOR, variables))["indicatorValues"]
    return value["numerator"], value["denominator"]


PERSON = """query($code: String!) { persons(filter: {underRegion: $code}, first: 1) {
  edges { node { id } } } }"""


async def person_in(client: GraphQLClient, headers: dict[str, str], code: str) -> str:
    """The global id of a person living under region ``code``."""
    edges = (await client.data(PERSON, {"code": code}, headers))["persons"]["edges"]
    return str(edges[0]["node"]["id"])
