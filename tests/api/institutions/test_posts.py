"""Goal: a service post (一村一警) is kept over GraphQL: a person appointed, the appointment
changed with history, a stale change refused, a second holder refused while one serves, the
appointment ended; the plan's indicator counts the post through the holder's last day and not
from the next; administrators outside the region are refused and nothing changes.

Method: the real ASGI app over the demo, its clock fixed (``conftest.NOW``); 花石社区's police
officers (the demo's ended first, through the API) and ``village_police`` for that village.
"""

from __future__ import annotations

from typing import Any

from tests.api.institutions.calls import HISTORY, codes, indicator, mutate, person_in
from tests.support.fingerprint import fingerprint
from tests.support.graphql import GraphQLClient

HUASHI = "130826001001"
KEY = "village_police"
POST = f"servicePost {{ id organization startedOn endedOn version person {{ id }} {HISTORY} }}"
OFFICERS = """query($code: String!) { servicePosts(filter: {underRegion: $code,
  kinds: [COMMUNITY_POLICE_OFFICER]}, first: 50) { edges { node { id version } } } }"""


async def test_post_counts_while_held(keeper_client: GraphQLClient, as_user: Any) -> None:
    county = await as_user("county.admin")
    found = await keeper_client.data(OFFICERS, {"code": HUASHI}, county)
    for edge in found["servicePosts"]["edges"]:
        ending = {"servicePostId": edge["node"]["id"], "expectedVersion": edge["node"]["version"],
                  "endedOn": "2026-10-31"}  # fmt: skip
        assert codes(await mutate(keeper_client, "endServicePost", POST, county, **ending)) == []
    assert await indicator(keeper_client, HUASHI, KEY, "2026-11-01") == (0, 1)

    person = await person_in(keeper_client, county, HUASHI)
    appointment = {"regionCode": HUASHI, "kind": "COMMUNITY_POLICE_OFFICER",
                   "personId": person, "organization": "新丰路派出所", "startedOn": "2026-11-02"}  # fmt: skip
    appointed = await mutate(keeper_client, "appointServicePost", POST, county, **appointment)
    assert codes(appointed) == []
    post = appointed["servicePost"]
    assert (post["person"]["id"], post["version"]) == (person, 1)
    assert await indicator(keeper_client, HUASHI, KEY, "2026-11-01") == (0, 1)
    assert await indicator(keeper_client, HUASHI, KEY, "2026-11-02") == (1, 1)
    second = await mutate(keeper_client, "appointServicePost", POST, county, **appointment)
    assert codes(second) == ["POST_FILLED"]

    changed = await mutate(
        keeper_client, "changeServicePost", POST, county,
        servicePostId=post["id"], expectedVersion=1, organization="丰宁县公安局新丰路派出所",
    )  # fmt: skip
    assert codes(changed) == []
    assert changed["servicePost"]["history"][-1]["changes"] == [
        {"field": "organization", "from": "新丰路派出所", "to": "丰宁县公安局新丰路派出所"}
    ]
    stale = await mutate(
        keeper_client, "changeServicePost", POST, county,
        servicePostId=post["id"], expectedVersion=1, organization="过时",
    )  # fmt: skip
    assert codes(stale) == ["STALE_VERSION"]
    ended = await mutate(
        keeper_client, "endServicePost", POST, county,
        servicePostId=post["id"], expectedVersion=2, endedOn="2026-11-15", reason="调任",
    )  # fmt: skip
    assert codes(ended) == []
    assert ended["servicePost"]["history"][-1]["action"] == "ENDED"
    assert await indicator(keeper_client, HUASHI, KEY, "2026-11-15") == (1, 1)
    assert await indicator(keeper_client, HUASHI, KEY, "2026-11-16") == (0, 1)
    # The post is free again: a successor is appointed.
    successor = appointment | {"startedOn": "2026-11-16"}
    assert codes(await mutate(keeper_client, "appointServicePost", POST, county, **successor)) == []
    assert await indicator(keeper_client, HUASHI, KEY, "2026-11-16") == (1, 1)


async def test_posts_are_kept_within_ones_region(
    keeper_client: GraphQLClient, as_user: Any, people_database_url: str
) -> None:
    county, township = await as_user("county.admin"), await as_user("xinfenglu.admin")
    dage = await as_user("dage.admin")
    person = await person_in(keeper_client, county, HUASHI)
    appointment = {"regionCode": HUASHI, "kind": "LEGAL_ADVISER", "personId": person,
                   "organization": "丰宁律师事务所", "startedOn": "2026-11-02"}  # fmt: skip
    found = await keeper_client.data(
        '{ servicePosts(filter: {underRegion: "130826001001"}, first: 1) '
        "{ edges { node { id version } } } }",
        None,
        county,
    )
    held = found["servicePosts"]["edges"][0]["node"]
    before = await fingerprint(people_database_url)
    refused = [
        (dage, "appointServicePost", appointment, "FORBIDDEN"),
        (dage, "changeServicePost",
         {"servicePostId": held["id"], "expectedVersion": held["version"],
          "organization": "越权"}, "SERVICE_POST_NOT_FOUND"),
        (dage, "endServicePost",
         {"servicePostId": held["id"], "expectedVersion": held["version"],
          "endedOn": "2026-11-01"}, "SERVICE_POST_NOT_FOUND"),
    ]  # fmt: skip
    for headers, name, values, code in refused:
        payload = await mutate(keeper_client, name, "servicePost { id }", headers, **values)
        assert codes(payload) == [code], (name, payload)
        assert payload["servicePost"] is None
    assert await fingerprint(people_database_url) == before
    ending = {"servicePostId": held["id"], "expectedVersion": held["version"],
              "endedOn": "2026-11-01"}  # fmt: skip
    assert (
        codes(
            await mutate(keeper_client, "endServicePost", "servicePost { id }", township, **ending)
        )
        == []
    )
