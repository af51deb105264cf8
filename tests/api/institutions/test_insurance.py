"""Goal: a village's insurance figures for a year are recorded once and corrected as versioned
changes with history (a stale correction refused, a second record refused); the plan's
indicator reads the current figures; administrators outside the village are refused and
nothing changes.

Method: the real ASGI app over the demo, its clock fixed (``conftest.NOW``, in 2026); 花石社区's
2026 figures (the demo records 2020 only) and ``insurance_participation`` for that village.
"""

from __future__ import annotations

from typing import Any

from tests.api.institutions.calls import HISTORY, codes, indicator, mutate
from tests.support.fingerprint import fingerprint
from tests.support.graphql import GraphQLClient

HUASHI = "130826001001"
KEY = "insurance_participation"
FIGURES = f"insuranceParticipation {{ year residentsTotal residentsInsured version {HISTORY} }}"


async def test_record_then_correct(
    keeper_client: GraphQLClient, as_user: Any, people_database_url: str
) -> None:
    county, village_admin = await as_user("county.admin"), await as_user("huashi.admin")
    figures = {"villageCode": HUASHI, "year": 2026, "residentsTotal": 200,
               "residentsInsured": 150}  # fmt: skip
    recorded = await mutate(
        keeper_client, "recordInsuranceParticipation", FIGURES, village_admin, **figures
    )
    assert codes(recorded) == []
    assert recorded["insuranceParticipation"]["version"] == 1
    assert await indicator(keeper_client, HUASHI, KEY, "2026-11-20") == (150, 200)
    again = await mutate(keeper_client, "recordInsuranceParticipation", FIGURES, county, **figures)
    assert codes(again) == ["INSURANCE_EXISTS"]

    correction = {"villageCode": HUASHI, "year": 2026, "expectedVersion": 1,
                  "residentsInsured": 190, "reason": "补录漏报"}  # fmt: skip
    corrected = await mutate(
        keeper_client, "correctInsuranceParticipation", FIGURES, county, **correction
    )
    assert codes(corrected) == []
    after = corrected["insuranceParticipation"]
    assert (after["residentsInsured"], after["residentsTotal"], after["version"]) == (190, 200, 2)
    change = after["history"][-1]
    assert (change["action"], change["changedBy"], change["reason"]) == (
        "CHANGED",
        "county.admin",
        "补录漏报",
    )
    assert change["changes"] == [{"field": "residentsInsured", "from": "150", "to": "190"}]
    assert await indicator(keeper_client, HUASHI, KEY, "2026-11-20") == (190, 200)

    before = await fingerprint(people_database_url)
    dage = await as_user("dage.admin")
    refused = [
        (county, correction, "STALE_VERSION"),
        (county, correction | {"expectedVersion": 2, "residentsInsured": 201}, "COUNT_OUT_OF_RANGE"),
        (dage, correction | {"expectedVersion": 2}, "FORBIDDEN"),
        (county, correction | {"year": 2025}, "INSURANCE_NOT_FOUND"),
    ]  # fmt: skip
    for headers, values, code in refused:
        payload = await mutate(
            keeper_client, "correctInsuranceParticipation", FIGURES, headers, **values
        )
        assert codes(payload) == [code], payload
    assert await fingerprint(people_database_url) == before
