"""The people mutations' cases in the access matrices (``test_mutation_matrix``,
``test_bad_input``), kept apart so merges of other areas' cases stay trivial.

``add_rows`` gives each area of the world its own households, each in the state one mutation
acts on (made by the county admin through ``registerHousehold``); ``calls`` and ``bad_inputs``
build the cases with the matrices' own case types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from governance.people.id_card import make_id_card
from tests.api.access import world as worlds  # a module: world.py imports this one
from tests.api.access.policy import ADMINS, GRID_WORKERS, covers

T = TypeVar("T")
FIELD_STAFF = ADMINS | GRID_WORKERS
HIDDEN_PERSON = frozenset({"PERSON_NOT_FOUND"})
HIDDEN_HOUSEHOLD = frozenset({"HOUSEHOLD_NOT_FOUND"})
# Not Fengning's code: no demo resident has these ID numbers.
ID_REGION = "130899"
BORN = dt.date(1985, 3, 9)
FIRST_SEQUENCE = {"near": 101, "far": 301}
HOUSEHOLDS = ("edit", "join", "head", "split", "end", "move", "survivor", "absorbed")
MEMBERS = """query($id: ID!) { node(id: $id) { ... on Household { members { id } } } }"""


def member(sequence: int, relation: str = "CHILD", **values: Any) -> dict[str, Any]:
    gender = "MALE" if sequence % 2 else "FEMALE"
    return {"name": f"矩阵{sequence}", "gender": gender, "birthDate": BORN.isoformat(),
            "idCardNumber": make_id_card(ID_REGION, BORN, sequence),
            "relationToHead": relation} | values  # fmt: skip


def household(number: str, region_code: str, first: int) -> dict[str, Any]:
    members = [member(first, "HEAD"), member(first + 1)]
    return {"number": number, "regionCode": region_code, "members": members}


async def add_rows(county: worlds.Actor, area: worlds.Area, name: str) -> None:
    """Households ``people.<what>`` with members ``people.<what>.head`` / ``.child``."""
    sequence = FIRST_SEQUENCE[name]
    for what in HOUSEHOLDS:
        request = household(f"MX-{name}-{what}", area.grid, sequence)
        created = await county.do("registerHousehold", "household", **request)
        found = await county.data(MEMBERS, {"id": created["id"]})
        head, child = (row["id"] for row in found["node"]["members"])
        area.ids |= {f"people.{what}": created["id"], f"people.{what}.head": head,
                     f"people.{what}.child": child}  # fmt: skip
        sequence += 2


def calls(make: Callable[..., T], area: worlds.Area, name: str) -> list[T]:
    ids, g, v = area.ids, area.grid, area.village
    sequence = FIRST_SEQUENCE[name] + 100
    field_staff = lambda u: covers(u, g, FIELD_STAFF)  # noqa: E731
    admins = lambda u: covers(u, g, ADMINS)  # noqa: E731
    return [
        make("registerHousehold", "household", household(f"MX-{name}-new", g, sequence),
             field_staff, frozenset({"FORBIDDEN"})),
        make("registerPerson", "person",
             {"householdId": ids["people.join"], "member": member(sequence + 2), "reason": "出生"},
             field_staff, HIDDEN_HOUSEHOLD),
        make("correctPerson", "person",
             {"personId": ids["people.edit.child"], "expectedVersion": 1,
              "phone": "13812345678", "tags": ["LEFT_BEHIND_CHILD"]},
             field_staff, HIDDEN_PERSON),
        make("correctHousehold", "household",
             {"householdId": ids["people.edit"], "expectedVersion": 1, "address": "花石路1号"},
             field_staff, HIDDEN_HOUSEHOLD),
        make("moveHousehold", "household",
             {"householdId": ids["people.move"], "expectedVersion": 1, "regionCode": v},
             lambda u: covers(u, v, ADMINS), HIDDEN_HOUSEHOLD),
        make("endPerson", "person",
             {"personId": ids["people.end.child"], "expectedVersion": 1,
              "endedOn": worlds.TODAY.isoformat(), "endReason": "MOVED_AWAY"},
             admins, HIDDEN_PERSON),
        make("changeHouseholdHead", "household",
             {"householdId": ids["people.head"], "expectedVersion": 1,
              "headPersonId": ids["people.head.child"], "formerHeadRelation": "PARENT"},
             admins, HIDDEN_HOUSEHOLD),
        make("splitHousehold", "household",
             {"householdId": ids["people.split"], "expectedVersion": 1,
              "number": f"MX-{name}-split-2", "memberIds": [ids["people.split.child"]],
              "headPersonId": ids["people.split.child"]},
             admins, HIDDEN_HOUSEHOLD),
        make("mergeHouseholds", "household",
             {"survivingHouseholdId": ids["people.survivor"], "survivingExpectedVersion": 1,
              "absorbedHouseholdId": ids["people.absorbed"], "absorbedExpectedVersion": 1},
             admins, HIDDEN_HOUSEHOLD),
    ]  # fmt: skip


def bad_inputs(make: Callable[..., T], area: worlds.Area) -> list[T]:
    """One malformed call per mutation, by the county admin, on the near area's rows."""
    ids, g = area.ids, area.grid
    bad_check = member(901, "HEAD", idCardNumber=make_id_card(ID_REGION, BORN, 901)[:17] + "0")
    if bad_check["idCardNumber"] == make_id_card(ID_REGION, BORN, 901):
        bad_check["idCardNumber"] = bad_check["idCardNumber"][:17] + "1"
    return [
        make("registerHousehold", "household { id }",
             {"number": "MX-bad", "regionCode": g, "members": [bad_check]}, "ID_CARD_INVALID"),
        make("registerPerson", "person { id }",
             {"householdId": ids["people.edit"], "member": member(903, "HEAD")},
             "HEAD_CHANGE_REQUIRED"),
        make("correctPerson", "person { id }",
             {"personId": ids["people.edit.child"], "expectedVersion": 99, "name": "改"},
             "STALE_VERSION"),
        make("correctHousehold", "household { id }",
             {"householdId": ids["people.edit"], "expectedVersion": 1, "address": "长" * 201},
             "TOO_LONG"),
        make("moveHousehold", "household { id }",
             {"householdId": ids["people.move"], "expectedVersion": 1,
              "regionCode": "999999999999"}, "REGION_NOT_FOUND"),
        make("endPerson", "person { id }",
             {"personId": ids["people.end.child"], "expectedVersion": 1,
              "endedOn": (worlds.TODAY + dt.timedelta(days=1)).isoformat(), "endReason": "DIED"},
             "DATE_IN_FUTURE"),
        make("changeHouseholdHead", "household { id }",
             {"householdId": ids["people.head"], "expectedVersion": 1,
              "headPersonId": ids["people.edit.child"], "formerHeadRelation": "PARENT"},
             "NOT_A_MEMBER"),
        make("splitHousehold", "household { id }",
             {"householdId": ids["people.split"], "expectedVersion": 1, "number": "MX-bad-2",
              "memberIds": [], "headPersonId": ids["people.split.child"]}, "MEMBERS_INVALID"),
        make("mergeHouseholds", "household { id }",
             {"survivingHouseholdId": ids["people.survivor"], "survivingExpectedVersion": 1,
              "absorbedHouseholdId": ids["people.survivor"], "absorbedExpectedVersion": 1},
             "MEMBERS_INVALID"),
    ]  # fmt: skip
