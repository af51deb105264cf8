"""Matrix cases of the institutions' records (issue 16, organizations part): social
organizations, mediation committees and mediators, region designations, grid assignments.

``add_rows`` makes each area's targets as the county admin; ``calls`` lists each mutation on
them with the region whose administrators may make it (``test_mutation_matrix`` turns them into
its ``Call``s); ``bad_inputs`` one malformed input each (``test_bad_input``). Calls on one
target run in the listed order for a user allowed them all (they share the target's region).
"""

from __future__ import annotations

from typing import Any

from tests.api.access.world import TODAY, YESTERDAY, Actor, Area

MISSING_PERSON = "UGVyc29uOjEwMDAwMDAwMDA="  # Person:1000000000
MISSING_ORGANIZATION = "U29jaWFsT3JnYW5pemF0aW9uOjEwMDAwMDAwMDA="
PERSONS_IN = """query($code: String!) { persons(filter: {underRegion: $code}, first: 3) {
  edges { node { id } } }
  regionByCode(code: $code) { mediationCommittee { id version } } }"""
LONG_AGO = "2000-01-01"


def organization(village: str, **values: Any) -> dict[str, Any]:
    return {"villageCode": village, "name": "矩阵志愿服务队", "kind": "VOLUNTEER_SERVICE"} | values


async def add_rows(county: Actor, area: Area) -> None:
    """The targets: two organizations, a fresh committee (the village's demo one closed) with
    two mediators, two designations, a grid assignment to change."""
    ids, v, t = area.ids, area.village, area.township
    found = await county.data(PERSONS_IN, {"code": v})
    persons = [edge["node"]["id"] for edge in found["persons"]["edges"]]
    assert len(persons) == 3, "the demo has residents in every village"
    area.ids["mediator_persons"] = persons[2]
    for name in ("org_change", "org_end"):
        ids[name] = (await county.do(
            "registerSocialOrganization", "organization", **organization(v, name=name)
        ))["id"]  # fmt: skip
    demo = found["regionByCode"]["mediationCommittee"]
    await county.do("closeMediationCommittee", "committee", committeeId=demo["id"],
                    expectedVersion=demo["version"], endedOn=TODAY.isoformat())  # fmt: skip
    ids["MediationCommittee"] = (await county.do(
        "createMediationCommittee", "committee", regionCode=v, name="矩阵调解委员会",
        establishedOn=YESTERDAY.isoformat(),
    ))["id"]  # fmt: skip
    for name, person in (("mediator_change", persons[0]), ("mediator_end", persons[1])):
        ids[name] = (await county.do(
            "appointMediator", "mediator", committeeId=ids["MediationCommittee"],
            personId=person, role="MEMBER", fullTime=False, startedOn=YESTERDAY.isoformat(),
        ))["id"]  # fmt: skip
    for name, region in (("designation_change", t), ("designation_end", v)):
        ids[name] = (await county.do(
            "awardRegionDesignation", "designation", regionCode=region,
            kind="DEMOCRATIC_RULE_OF_LAW_MODEL", awardedBy="县司法局", awardedOn="2020-01-01",
        ))["id"]  # fmt: skip
    ids["assignment_change"] = (await county.do(
        "assignGridWorker", "gridAssignment", gridCode=area.grid, personId=area.persons[0],
        role="JUSTICE_OFFICE_HEAD", duties=["INFORMATION_AND_PUBLICITY"],
        startedOn=YESTERDAY.isoformat(),
    ))["id"]  # fmt: skip


def _ending(key: str, id_: str, version: int, day: str = TODAY.isoformat()) -> dict[str, Any]:
    return {key: id_, "expectedVersion": version, "endedOn": day}


def calls(area: Area) -> list[tuple[str, str, dict[str, Any], str, frozenset[str]]]:
    """(mutation, payload field, input, region its administrators act on, hiding codes)."""
    ids, g, v, t = area.ids, area.grid, area.village, area.township
    committee = ids["MediationCommittee"]
    hidden_org = frozenset({"ORGANIZATION_NOT_FOUND"})
    hidden_committee = frozenset({"COMMITTEE_NOT_FOUND"})
    hidden_mediator = frozenset({"MEDIATOR_NOT_FOUND"})
    hidden_designation = frozenset({"DESIGNATION_NOT_FOUND"})
    hidden_assignment = frozenset({"ASSIGNMENT_NOT_FOUND"})
    mediator = {"role": "VICE_CHAIR", "fullTime": True, "goldMedal": True,
                "startedOn": YESTERDAY.isoformat()}  # fmt: skip
    return [
        ("registerSocialOrganization", "organization", organization(v, status="INCUBATING"),
         v, frozenset()),
        ("changeSocialOrganization", "organization",
         {"organizationId": ids["org_change"], "expectedVersion": 1, "name": "矩阵", "kind":
          "CHARITY", "status": "ACTIVE", "incubatorRegionCode": t}, v, hidden_org),
        ("endSocialOrganization", "organization",
         _ending("organizationId", ids["org_end"], 1), v, hidden_org),
        ("changeMediationCommittee", "committee",
         {"committeeId": committee, "expectedVersion": 1, "name": "矩阵村调委会"}, v,
         hidden_committee),
        ("appointMediator", "mediator",
         {"committeeId": committee, "personId": ids["mediator_persons"], "role": "MEMBER",
          "fullTime": False, "startedOn": TODAY.isoformat()}, v,
         hidden_committee | {"PERSON_NOT_FOUND"}),
        ("changeMediator", "mediator",
         {"mediatorId": ids["mediator_change"], "expectedVersion": 1} | mediator, v,
         hidden_mediator),
        ("endMediator", "mediator", _ending("mediatorId", ids["mediator_end"], 1), v,
         hidden_mediator),
        # After the change above (same region, so the same users): version 2.
        ("closeMediationCommittee", "committee", _ending("committeeId", committee, 2), v,
         hidden_committee),
        ("createMediationCommittee", "committee", {"regionCode": v, "name": "新调委会"}, v,
         frozenset()),
        ("changeRegionDesignation", "designation",
         {"designationId": ids["designation_change"], "expectedVersion": 1,
          "awardedBy": "县委依法治县办", "awardedOn": "2020-02-01"}, t, hidden_designation),
        ("withdrawRegionDesignation", "designation",
         {"designationId": ids["designation_end"], "expectedVersion": 1,
          "withdrawnOn": TODAY.isoformat()}, v, hidden_designation),
        # Withdrawn from today above: the region may hold it again from today.
        ("awardRegionDesignation", "designation",
         {"regionCode": v, "kind": "DEMOCRATIC_RULE_OF_LAW_MODEL", "awardedBy": "县司法局",
          "awardedOn": TODAY.isoformat()}, v, frozenset()),
        ("changeGridAssignment", "gridAssignment",
         {"assignmentId": ids["assignment_change"], "expectedVersion": 1,
          "personId": area.persons[0], "role": "JUSTICE_OFFICE_HEAD",
          "duties": ["SAFETY_HAZARDS"]}, g, hidden_assignment),
    ]  # fmt: skip


def bad_inputs(area: Area) -> list[tuple[str, str, dict[str, Any], str]]:
    """(mutation, selection, input, the one code it answers) for the county admin."""
    ids, v = area.ids, area.village
    committee = ids["MediationCommittee"]
    return [
        ("registerSocialOrganization", "organization { id }",
         organization(v, status="DISSOLVED"), "STATUS_INVALID"),
        ("changeSocialOrganization", "organization { id }",
         {"organizationId": ids["org_change"], "expectedVersion": 1, "name": "矩阵",
          "kind": "CHARITY", "status": "ACTIVE", "incubatorRegionCode": "130826100"},
         "INCUBATOR_INVALID"),
        ("endSocialOrganization", "organization { id }",
         _ending("organizationId", MISSING_ORGANIZATION, 1), "ORGANIZATION_NOT_FOUND"),
        ("createMediationCommittee", "committee { id }", {"regionCode": v, "name": " "},
         "REQUIRED"),
        ("changeMediationCommittee", "committee { id }",
         {"committeeId": committee, "expectedVersion": 99, "name": "名"}, "STALE_VERSION"),
        ("closeMediationCommittee", "committee { id }",
         _ending("committeeId", committee, 1, LONG_AGO), "ENDS_BEFORE_START"),
        ("appointMediator", "mediator { id }",
         {"committeeId": committee, "personId": MISSING_PERSON, "role": "MEMBER",
          "fullTime": False, "startedOn": TODAY.isoformat()}, "PERSON_NOT_FOUND"),
        ("changeMediator", "mediator { id }",
         {"mediatorId": ids["mediator_change"], "expectedVersion": 99, "role": "CHAIR",
          "fullTime": True, "goldMedal": False, "startedOn": YESTERDAY.isoformat()},
         "STALE_VERSION"),
        ("endMediator", "mediator { id }", _ending("mediatorId", ids["mediator_end"], 1, LONG_AGO),
         "ENDS_BEFORE_START"),
        ("awardRegionDesignation", "designation { id }",
         {"regionCode": area.grid, "kind": "CIVILIZED", "awardedBy": "县文明委",
          "awardedOn": TODAY.isoformat()}, "REGION_NOT_FOUND"),
        ("changeRegionDesignation", "designation { id }",
         {"designationId": ids["designation_change"], "expectedVersion": 99,
          "awardedBy": "县司法局", "awardedOn": "2020-01-01"}, "STALE_VERSION"),
        ("withdrawRegionDesignation", "designation { id }",
         {"designationId": ids["designation_end"], "expectedVersion": 1,
          "withdrawnOn": "2019-12-31"}, "ENDS_BEFORE_START"),
        ("changeGridAssignment", "gridAssignment { id }",
         {"assignmentId": ids["assignment_change"], "expectedVersion": 1,
          "personId": area.persons[0], "role": "JUSTICE_OFFICE_HEAD", "duties": []},
         "DUTIES_REQUIRED"),
    ]  # fmt: skip
