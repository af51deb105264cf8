"""Goal: on the demo, Fengning's indicators rank all 27 township-level units, and the snapshot
``load_demo`` takes gives every value a first history point (November 2026).

Method: GraphQL over the real ASGI app on the whole demo at a tiny scale.
"""

from __future__ import annotations

from tests.support.graphql import GraphQLClient

QUERY = """{ indicatorValues(regionCode: "130826", keys: ["civilized_villages", "township_courts"], asOf: "2026-11-25") {
  indicator { key } value met history { period value }
  children { regionCode rank value history { period value } } } }"""


async def test_fengning_ranks_its_townships_with_history(people_client: GraphQLClient) -> None:
    values = (await people_client.data(QUERY))["indicatorValues"]
    by_key = {value["indicator"]["key"]: value for value in values}
    civilized = by_key["civilized_villages"]
    assert len(civilized["children"]) == 27
    assert [child["rank"] for child in civilized["children"]] == list(range(1, 28))
    ranked = [child["value"] for child in civilized["children"]]
    assert ranked == sorted(ranked, reverse=True)
    assert civilized["history"] == [{"period": "2026-11-01", "value": civilized["value"]}]
    for child in civilized["children"]:
        assert child["history"] == [{"period": "2026-11-01", "value": child["value"]}]
    assert by_key["township_courts"]["value"] == 1.0  # 一乡镇一法庭 in the demo
    assert by_key["township_courts"]["met"] is True
