"""The institution mutations' cases for the access matrices (kept apart to keep merges easy).

``build_institutions`` makes, as the county admin and through the API, the rows each call acts
on in an area (ids kept in ``area.ids`` under ``inst_*``): the village's center (the demo's if
it has one) with two staff members, a township center to close, two facilities, two service
posts in the village (the demo's holders there ended first) and a year of insurance figures.
``mutation_calls`` and ``bad_inputs`` restate who may make each call and how it refuses junk.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from strawberry import relay

from tests.api.access.policy import ADMINS, covers
from tests.api.access.world import TODAY, YESTERDAY, Actor, Area

TOMORROW = TODAY + dt.timedelta(days=1)
MISSING = 10**9
# Posts the area's village ends up with (after the demo's holders there ended): one to change,
# one to end; the matrix appoints the third.
CHANGED_POST, ENDED_POST, APPOINTED_POST = (
    "COMMUNITY_POLICE_OFFICER",
    "LEGAL_ADVISER",
    "RULE_OF_LAW_DEPUTY_HEAD",
)

CENTERS = """query($village: String!, $township: String!) {
  village: regionByCode(code: $village) { governanceCenter { id version } }
  township: regionByCode(code: $township) { governanceCenter { id version }
    children(first: 100) { edges { node { code governanceCenter { id } } } } }
  servicePosts(filter: {underRegion: $village}, first: 100) {
    edges { node { id version region { code } } } } }"""

RECORD_INSURANCE = """mutation($input: RecordInsuranceParticipationInput!) {
  recordInsuranceParticipation(input: $input) { userErrors { code } } }"""


async def build_institutions(county: Actor, area: Area) -> None:
    ids, v, t = area.ids, area.village, area.township
    found = await county.data(CENTERS, {"village": v, "township": t})
    township = found["township"]
    free = [
        edge["node"]["code"]
        for edge in township["children"]["edges"]
        if edge["node"]["governanceCenter"] is None and edge["node"]["code"] != v
    ]
    ids["inst_free_village"] = free[0]
    ids["inst_township_center"] = township["governanceCenter"]["id"]
    ids["inst_township_center_version"] = township["governanceCenter"]["version"]
    center = found["village"]["governanceCenter"] or await county.do(
        "createGovernanceCenter", "center", regionCode=v, name="矩阵综治中心"
    )
    ids["inst_center"] = center["id"]
    for position in ("POLITICAL_LEGAL", "MEDIATION"):
        appointment = {"centerId": center["id"], "personId": area.persons[0],
                       "position": position, "startedOn": YESTERDAY.isoformat()}  # fmt: skip
        member = await county.do("appointCenterStaffMember", "staffMember", **appointment)
        ids[f"inst_staff_{position}"] = member["id"]
    for name in ("changed", "ended"):
        facility = {"regionCode": v, "kind": "LIBRARY", "name": f"矩阵图书室{name}",
                    "openedOn": YESTERDAY.isoformat()}  # fmt: skip
        ids[f"inst_facility_{name}"] = (
            await county.do("createServiceFacility", "facility", **facility)
        )["id"]
    await _posts(county, area, found["servicePosts"]["edges"])
    figures = {"villageCode": v, "year": TODAY.year - 1, "residentsTotal": 100,
               "residentsInsured": 90}  # fmt: skip
    recorded = await county.data(RECORD_INSURANCE, {"input": figures})
    assert recorded["recordInsuranceParticipation"]["userErrors"] == [], recorded


async def _posts(county: Actor, area: Area, demo_posts: list[dict[str, Any]]) -> None:
    for edge in demo_posts:
        post = edge["node"]
        if post["region"]["code"] == area.village:
            ending = {"servicePostId": post["id"], "expectedVersion": post["version"],
                      "endedOn": YESTERDAY.isoformat()}  # fmt: skip
            await county.do("endServicePost", "servicePost", **ending)
    for kind in (CHANGED_POST, ENDED_POST):
        appointment = {"regionCode": area.village, "kind": kind, "personId": area.persons[0],
                       "organization": "矩阵派出所", "startedOn": YESTERDAY.isoformat()}  # fmt: skip
        area.ids[f"inst_post_{kind}"] = (
            await county.do("appointServicePost", "servicePost", **appointment)
        )["id"]


def _ending(id_field: str, row_id: str, version: int = 1) -> dict[str, Any]:
    return {id_field: row_id, "expectedVersion": version, "endedOn": TODAY.isoformat()}


def mutation_calls(call: Any, area: Area) -> list[Any]:
    """``call(name, selection, input, allowed, hiding)`` for each institution mutation."""
    ids, v, t = area.ids, area.village, area.township
    free = ids["inst_free_village"]
    keeps_v = lambda u: covers(u, v, ADMINS)  # noqa: E731
    keeps_t = lambda u: covers(u, t, ADMINS)  # noqa: E731
    center = ids["inst_center"]
    return [
        call("createGovernanceCenter", "center",
             {"regionCode": free, "name": "新综治中心"}, lambda u: covers(u, free, ADMINS)),
        call("changeGovernanceCenter", "center",
             {"centerId": center, "expectedVersion": 1, "name": "改名中心"},
             keeps_v, frozenset({"CENTER_NOT_FOUND"})),
        call("endGovernanceCenter", "center",
             _ending("centerId", ids["inst_township_center"],
                     ids["inst_township_center_version"]),
             keeps_t, frozenset({"CENTER_NOT_FOUND"})),
        call("appointCenterStaffMember", "staffMember",
             {"centerId": center, "personId": area.persons[0],
              "position": "PSYCHOLOGICAL_SERVICE", "startedOn": YESTERDAY.isoformat()},
             keeps_v, frozenset({"CENTER_NOT_FOUND", "PERSON_NOT_FOUND"})),
        call("changeCenterStaffMember", "staffMember",
             {"staffMemberId": ids["inst_staff_POLITICAL_LEGAL"], "expectedVersion": 1,
              "position": "PETITION"}, keeps_v, frozenset({"STAFF_MEMBER_NOT_FOUND"})),
        call("endCenterStaffMember", "staffMember",
             _ending("staffMemberId", ids["inst_staff_MEDIATION"]), keeps_v,
             frozenset({"STAFF_MEMBER_NOT_FOUND"})),
        call("createServiceFacility", "facility",
             {"regionCode": v, "kind": "MEDIATION_ROOM", "name": "新调解室"}, keeps_v),
        call("changeServiceFacility", "facility",
             {"facilityId": ids["inst_facility_changed"], "expectedVersion": 1, "name": "改名"},
             keeps_v, frozenset({"FACILITY_NOT_FOUND"})),
        call("endServiceFacility", "facility",
             _ending("facilityId", ids["inst_facility_ended"]), keeps_v,
             frozenset({"FACILITY_NOT_FOUND"})),
        call("appointServicePost", "servicePost",
             {"regionCode": v, "kind": APPOINTED_POST, "personId": area.persons[0],
              "organization": "丰宁县司法局", "startedOn": YESTERDAY.isoformat()},
             keeps_v, frozenset({"PERSON_NOT_FOUND"})),
        call("changeServicePost", "servicePost",
             {"servicePostId": ids[f"inst_post_{CHANGED_POST}"], "expectedVersion": 1,
              "organization": "新派出所"}, keeps_v, frozenset({"SERVICE_POST_NOT_FOUND"})),
        call("endServicePost", "servicePost",
             _ending("servicePostId", ids[f"inst_post_{ENDED_POST}"]), keeps_v,
             frozenset({"SERVICE_POST_NOT_FOUND"})),
        call("recordInsuranceParticipation", "insuranceParticipation",
             {"villageCode": v, "year": TODAY.year, "residentsTotal": 10,
              "residentsInsured": 10}, keeps_v),
        call("correctInsuranceParticipation", "insuranceParticipation",
             {"villageCode": v, "year": TODAY.year - 1, "expectedVersion": 1,
              "residentsInsured": 95}, keeps_v),
    ]  # fmt: skip


def _missing(type_name: str) -> str:
    return relay.to_base64(type_name, MISSING)


def bad_inputs(bad: Any, area: Area) -> list[Any]:
    """``bad(name, selection, input, code)``: one malformed call per institution mutation."""
    ids, v = area.ids, area.village
    before_start = (YESTERDAY - dt.timedelta(days=10)).isoformat()
    return [
        bad("createGovernanceCenter", "center { id }",
            {"regionCode": ids["inst_free_village"], "name": " "}, "NAME_REQUIRED"),
        bad("changeGovernanceCenter", "center { id }",
            {"centerId": ids["inst_center"], "expectedVersion": 999, "name": "过时"},
            "STALE_VERSION"),
        bad("endGovernanceCenter", "center { id }",
            _ending("centerId", ids["inst_township_center"],
                    ids["inst_township_center_version"]) | {"endedOn": TOMORROW.isoformat()},
            "DATE_IN_FUTURE"),
        bad("appointCenterStaffMember", "staffMember { id }",
            {"centerId": ids["inst_center"], "personId": _missing("Person"),
             "position": "PETITION", "startedOn": YESTERDAY.isoformat()}, "PERSON_NOT_FOUND"),
        bad("changeCenterStaffMember", "staffMember { id }",
            {"staffMemberId": ids["inst_staff_POLITICAL_LEGAL"], "expectedVersion": 7,
             "position": "PETITION"}, "STALE_VERSION"),
        bad("endCenterStaffMember", "staffMember { id }",
            _ending("staffMemberId", ids["inst_staff_MEDIATION"]) | {"endedOn": before_start},
            "ENDS_BEFORE_START"),
        bad("createServiceFacility", "facility { id }",
            {"regionCode": area.grid, "kind": "LIBRARY", "name": "网格图书室"},
            "REGION_NOT_FOUND"),
        bad("changeServiceFacility", "facility { id }",
            {"facilityId": ids["inst_facility_changed"], "expectedVersion": 1,
             "name": "长" * 101}, "TOO_LONG"),
        bad("endServiceFacility", "facility { id }",
            _ending("facilityId", _missing("ServiceFacility")), "FACILITY_NOT_FOUND"),
        bad("appointServicePost", "servicePost { id }",
            {"regionCode": v, "kind": CHANGED_POST, "personId": area.persons[0],
             "organization": "重复派出所", "startedOn": YESTERDAY.isoformat()}, "POST_FILLED"),
        bad("changeServicePost", "servicePost { id }",
            {"servicePostId": ids[f"inst_post_{CHANGED_POST}"], "expectedVersion": 2,
             "organization": "过时"}, "STALE_VERSION"),
        bad("endServicePost", "servicePost { id }",
            _ending("servicePostId", ids[f"inst_post_{ENDED_POST}"])
            | {"endedOn": TOMORROW.isoformat()}, "DATE_IN_FUTURE"),
        bad("recordInsuranceParticipation", "insuranceParticipation { year }",
            {"villageCode": v, "year": TODAY.year, "residentsTotal": 10,
             "residentsInsured": 11}, "COUNT_OUT_OF_RANGE"),
        bad("correctInsuranceParticipation", "insuranceParticipation { year }",
            {"villageCode": v, "year": 2001, "expectedVersion": 1, "residentsInsured": 1},
            "INSURANCE_NOT_FOUND"),
    ]  # fmt: skip
