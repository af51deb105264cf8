"""Goal: the volunteer board as its users meet it. A volunteer (resident.demo) finds an activity
of their village with seats left through the board's filters and signs up; its organizer
(huashi.admin) lists the activity's sign-ups and records the minutes; the volunteer sees their
own sign-up and minutes in `myVolunteering`, and their certificate, downloadable again. Pages
follow each other through cursors without overlap or gap, whatever the page sizes; `nodes` is
`edges.node`; a page of activities with their seats and sign-ups costs the same statements
for one activity as for six; an administrator of another township sees none of it.

Method: the real ASGI app over the demo with ``extensions.sql.statements``; activities made by
the organizer through `createVolunteerActivity`; page sizes drawn by hypothesis (fixed seed,
generation only, as the fuzz test does) and each walk sent over HTTP.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from strawberry import relay

from kit.clock import local_day
from kit.settings import Settings
from tests.api.bank.conftest import As, FakeClock
from tests.support.auth import auth_settings
from tests.support.fingerprint import fingerprint

# Activity days are the county's: also run at calendar boundaries.
pytestmark = pytest.mark.date_sensitive

HUASHI = "130826001001"
RESIDENT_PERSON = relay.to_base64("Person", 1)
CREATE = """mutation($input: CreateVolunteerActivityInput!) { createVolunteerActivity(input: $input) {
  activity { id } userErrors { code } } }"""
SIGN_UP = """mutation($input: SignUpForActivityInput!) { signUpForActivity(input: $input) {
  signUp { id } userErrors { code } } }"""
RECORD = """mutation($input: RecordServiceMinutesInput!) { recordServiceMinutes(input: $input) {
  signUp { id serviceMinutes } userErrors { code } } }"""
CONFIRM = """mutation($input: ConfirmServiceInput!) { confirmService(input: $input) {
  signUp { confirmedAt } userErrors { code } } }"""
CERTIFY = """mutation($input: IssueVolunteerCertificateInput!) {
  issueVolunteerCertificate(input: $input) { certificate { id number } userErrors { code } } }"""
BOARD = """query($filter: VolunteerActivityFilter, $first: Int, $after: String, $last: Int,
  $before: String) {
  volunteerActivities(filter: $filter, first: $first, after: $after, last: $last,
    before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id title openSeats } } nodes { id title openSeats } } }"""
SIGN_UPS = """query($id: ID!) { node(id: $id) { ... on VolunteerActivity { id capacity
  signedUpCount openSeats
  signUps(first: 20) { totalCount nodes { id personId serviceMinutes person { name } } } } } }"""
MINE = """{ myVolunteering { confirmedMinutes awaitingConfirmationMinutes person { id }
  signUps(first: 10) { totalCount nodes { id serviceMinutes activity { id title } } }
  certificates(first: 10) { totalCount nodes { id number downloadPath } } } }"""
EVERY_DETAIL = """query($first: Int!) { volunteerActivities(filter: {underRegion: "130826001001"},
  first: $first) { totalCount nodes { id openSeats signedUpCount village { name }
    signUps(first: 5) { totalCount nodes { id serviceMinutes person { name } } } } } }"""
WALKS = 15


@pytest.fixture
def settings() -> Settings:
    return auth_settings(debug_sql=True)


async def _scheme(users: As) -> str:
    found = await users.data(
        "huashi.admin", '{ pointsSchemes(regionCode: "130826001001") { nodes { id name } } }'
    )
    return next(
        s["id"] for s in found["pointsSchemes"]["nodes"] if s["name"] == "丰宁县道德银行积分方案"
    )


async def _create(
    users: As, scheme: str, start: dt.datetime, organizer: str = "huashi.admin", **changes: Any
) -> str:
    activity = {"schemeId": scheme, "villageCode": HUASHI, "title": "巡逻",
                "category": "NEIGHBOURHOOD_WATCH", "startsAt": start.isoformat(),
                "endsAt": (start + dt.timedelta(hours=2)).isoformat(), "capacity": 3}  # fmt: skip
    payload = (await users.data(organizer, CREATE, {"input": activity | changes}))[
        "createVolunteerActivity"
    ]
    assert payload["userErrors"] == [], payload
    return str(payload["activity"]["id"])


async def _do(users: As, username: str, query: str, values: dict[str, Any]) -> dict[str, Any]:
    [payload] = (await users.data(username, query, {"input": values})).values()
    assert payload["userErrors"] == [], payload
    return dict(payload)


async def _board(users: As, username: str, **variables: Any) -> dict[str, Any]:
    data = await users.data(username, BOARD, variables)
    board: dict[str, Any] = data["volunteerActivities"]
    assert board["nodes"] == [edge["node"] for edge in board["edges"]], "nodes is edges.node"
    return board


async def test_a_volunteer_finds_an_open_activity_signs_up_and_the_organizer_records(
    users: As, clock: FakeClock, people_database_url: str
) -> None:
    scheme = await _scheme(users)
    day = clock() + dt.timedelta(days=3)
    wanted = await _create(users, scheme, day, title="探访空巢老人", category="EMPTY_NEST_ELDERS")
    full = await _create(
        users, scheme, day, title="满员探访", category="EMPTY_NEST_ELDERS", capacity=1
    )
    await _do(
        users,
        "huashi.admin",
        SIGN_UP,
        {"activityId": full, "personId": relay.to_base64("Person", 4)},
    )
    await _create(users, scheme, day, title="另一类")  # another category
    await _create(users, scheme, day + dt.timedelta(days=9), category="EMPTY_NEST_ELDERS")

    # The volunteer's search: their village, this kind of service, that day, seats left.
    when = local_day(day).isoformat()
    search = {"underRegion": HUASHI, "category": "EMPTY_NEST_ELDERS", "openSeats": True,
              "startsOnOrAfter": when, "startsOnOrBefore": when}  # fmt: skip
    found = await _board(users, "resident.demo", filter=search, first=10)
    assert [node["id"] for node in found["nodes"]] == [wanted]
    assert found["totalCount"] == 1
    assert found["nodes"][0]["openSeats"] == 3
    unfiltered = await _board(users, "resident.demo", filter=search | {"openSeats": False})
    assert {node["id"] for node in unfiltered["nodes"]} == {wanted, full}

    signed = await _do(
        users, "resident.demo", SIGN_UP, {"activityId": wanted, "personId": RESIDENT_PERSON}
    )
    sign_up = signed["signUp"]["id"]

    # The organizer lists the sign-ups and records the minutes.
    listed = (await users.data("huashi.admin", SIGN_UPS, {"id": wanted}))["node"]
    assert (listed["signedUpCount"], listed["openSeats"]) == (1, 2)
    [row] = listed["signUps"]["nodes"]
    assert (row["id"], row["personId"], row["serviceMinutes"]) == (sign_up, RESIDENT_PERSON, None)
    assert row["person"]["name"], "the organizer sees whom to record"
    recorded = await _do(users, "huashi.admin", RECORD, {"signUpId": sign_up, "serviceMinutes": 75})
    assert recorded["signUp"]["serviceMinutes"] == 75
    again = (await users.data("huashi.admin", SIGN_UPS, {"id": wanted}))["node"]
    assert again["signUps"]["nodes"][0]["serviceMinutes"] == 75

    # The volunteer's own side: the sign-up, minutes awaiting confirmation.
    mine = (await users.data("resident.demo", MINE))["myVolunteering"]
    assert mine["person"]["id"] == RESIDENT_PERSON
    assert mine["signUps"]["nodes"][0] == {
        "id": sign_up, "serviceMinutes": 75, "activity": {"id": wanted, "title": "探访空巢老人"}
    }  # fmt: skip
    assert (mine["confirmedMinutes"], mine["awaitingConfirmationMinutes"]) == (0, 75)
    # The volunteer reads their own sign-up, not the other volunteer's of the full activity.
    own_view = (await users.data("resident.demo", SIGN_UPS, {"id": full}))["node"]
    assert own_view["signUps"] == {"totalCount": 0, "nodes": []}
    assert own_view["openSeats"] == 0

    # Reading the board, the sign-ups and one's own volunteering writes nothing.
    before = await fingerprint(people_database_url)
    await _board(users, "resident.demo", filter=search)
    await users.data("huashi.admin", SIGN_UPS, {"id": wanted})
    await users.data("resident.demo", MINE)
    assert await fingerprint(people_database_url) == before, "a read wrote"

    # Another township's administrator: no activity, no sign-up, nothing counted.
    outsider = await _board(users, "dage.admin", filter={"underRegion": HUASHI})
    assert (outsider["totalCount"], outsider["nodes"]) == (0, [])
    assert (await users.data("dage.admin", SIGN_UPS, {"id": wanted}))["node"] is None
    assert (await users.data("dage.admin", MINE))["myVolunteering"] is None


async def test_certificates_are_listed_and_download_again(users: As, clock: FakeClock) -> None:
    scheme = await _scheme(users)
    start = clock() + dt.timedelta(hours=1)
    activity = await _create(users, scheme, start)
    sign_up = (
        await _do(
            users, "resident.demo", SIGN_UP, {"activityId": activity, "personId": RESIDENT_PERSON}
        )
    )["signUp"]["id"]
    await _do(users, "huashi.admin", RECORD, {"signUpId": sign_up, "serviceMinutes": 60})
    clock.advance(dt.timedelta(hours=4))
    await _do(users, "huashi.admin", CONFIRM, {"signUpId": sign_up})
    issued = (await _do(users, "huashi.admin", CERTIFY, {"personId": RESIDENT_PERSON}))[
        "certificate"
    ]
    mine = (await users.data("resident.demo", MINE))["myVolunteering"]
    assert mine["confirmedMinutes"] >= 60
    [listed] = [c for c in mine["certificates"]["nodes"] if c["id"] == issued["id"]]
    assert listed["number"] == issued["number"]
    for _ in range(2):  # downloadable again, as often as needed
        response = await users.client.http.get(
            listed["downloadPath"], headers=await users.headers("resident.demo")
        )
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
    staff = await users.data(
        "huashi.admin",
        "query($p: ID!) { volunteerCertificates(filter: {personId: $p}) { nodes { id } } }",
        {"p": RESIDENT_PERSON},
    )
    assert issued["id"] in {c["id"] for c in staff["volunteerCertificates"]["nodes"]}
    node = "query($id: ID!) { node(id: $id) { ... on VolunteerCertificate { number } } }"
    assert (await users.data("resident.demo", node, {"id": issued["id"]}))["node"] == {
        "number": issued["number"]
    }
    assert (await users.data("dage.admin", node, {"id": issued["id"]}))["node"] is None


def _page_size_walks() -> list[list[int]]:
    """Sequences of page sizes drawn with a fixed seed (generation only: nothing fails here)."""
    drawn: list[list[int]] = []

    @seed(20261203)
    @hypothesis_settings(
        max_examples=WALKS,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=6))
    def draw(sizes: list[int]) -> None:
        drawn.append(sizes)

    draw()
    return drawn


async def _walk(users: As, sizes: list[int], *, backwards: bool) -> list[str]:
    """The whole board in pages of ``sizes`` (cycled), forwards or from the end."""
    seen: list[str] = []
    cursor: str | None = None
    for step in range(100):
        size = sizes[step % len(sizes)]
        paging = {"last": size, "before": cursor} if backwards else {"first": size, "after": cursor}
        page = await _board(users, "huashi.admin", filter={"underRegion": HUASHI}, **paging)
        ids = [node["id"] for node in page["nodes"]]
        seen = ids + seen if backwards else seen + ids
        more = page["pageInfo"]["hasPreviousPage" if backwards else "hasNextPage"]
        if not more:
            return seen
        cursor = page["pageInfo"]["startCursor" if backwards else "endCursor"]
    raise AssertionError("the walk did not end")


async def test_pages_concatenate_to_the_whole_board(users: As, clock: FakeClock) -> None:
    scheme = await _scheme(users)
    start = clock() + dt.timedelta(days=1)
    # Two activities at the same instant: the id breaks the tie in the order.
    for offset_hours in (5, 0, 0, 30, 2, 9, 1, 48, 3, 7, 11):
        await _create(users, scheme, start + dt.timedelta(hours=offset_hours))
    whole = await _board(users, "huashi.admin", filter={"underRegion": HUASHI}, first=100)
    everything = [node["id"] for node in whole["nodes"]]
    assert len(everything) == whole["totalCount"] >= 11
    assert len(set(everything)) == len(everything)
    for sizes in _page_size_walks():
        assert await _walk(users, sizes, backwards=False) == everything, sizes
    for sizes in _page_size_walks()[:5]:
        assert await _walk(users, sizes, backwards=True) == everything, sizes


async def _statements(users: As, first: int) -> tuple[int, int]:
    response = await users.client.post(
        EVERY_DETAIL, {"first": first}, **await users.headers("huashi.admin")
    )
    body = response.json()
    assert "errors" not in body, body
    rows = len(body["data"]["volunteerActivities"]["nodes"])
    return rows, int(body["extensions"]["sql"]["statements"])


async def test_a_page_of_activities_costs_the_same_statements_for_one_or_six(
    users: As, clock: FakeClock
) -> None:
    scheme = await _scheme(users)
    start = clock() + dt.timedelta(days=2)
    for hours in range(6):
        activity = await _create(users, scheme, start + dt.timedelta(hours=hours))
        person = relay.to_base64("Person", 1 + hours)
        await _do(users, "huashi.admin", SIGN_UP, {"activityId": activity, "personId": person})
    one_rows, one = await _statements(users, 1)
    six_rows, six = await _statements(users, 6)
    assert (one_rows, six_rows) == (1, 6)
    assert six == one


def _cursor(key: str) -> str:
    """A cursor of the board's ordering (by start, then id) holding ``key``."""
    tagged = f'{{"starts_at,id":{key}}}'
    return base64.urlsafe_b64encode(f"k:{tagged}".encode()).decode()


@pytest.mark.parametrize(
    "key",
    [
        '["0001-01-01T00:00:00+08:00", 1]',  # before the first instant PostgreSQL's driver takes
        '["2026-01-01T00:00:00", 1]',  # no time zone
        '["2026-01-01T00:00:00+08:00"]',  # half a key
        '[1, "2026-01-01T00:00:00+08:00"]',
    ],
)
async def test_a_forged_board_cursor_is_bad_user_input(users: As, key: str) -> None:
    body = (
        await users.client.post(
            BOARD, {"after": _cursor(key)}, **await users.headers("huashi.admin")
        )
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
async def test_the_calendar_ends_filter_without_error(users: As, day: str) -> None:
    for bound in ("startsOnOrAfter", "startsOnOrBefore"):
        board = await _board(users, "huashi.admin", filter={bound: day})
        assert board["totalCount"] == len(board["nodes"]) or board["pageInfo"]["hasNextPage"]


async def test_a_volunteer_reads_the_activity_they_joined_in_another_village(
    users: As, clock: FakeClock
) -> None:
    """The township admin organizes in a neighbouring village; the resident of 花石 does not
    see it on their board until they sign up (by its id, as from a poster's QR code)."""
    scheme = await _scheme(users)
    elsewhere = await _create(
        users, scheme, clock() + dt.timedelta(days=1), "xinfenglu.admin", villageCode="130826001002"
    )
    node = "query($id: ID!) { node(id: $id) { ... on VolunteerActivity { id } } }"
    assert (await users.data("resident.demo", node, {"id": elsewhere}))["node"] is None
    await _do(
        users, "resident.demo", SIGN_UP, {"activityId": elsewhere, "personId": RESIDENT_PERSON}
    )
    assert (await users.data("resident.demo", node, {"id": elsewhere}))["node"] == {"id": elsewhere}
    board = await _board(users, "resident.demo", filter={"underRegion": "130826001002"})
    assert [row["id"] for row in board["nodes"]] == [elsewhere]
    mine = (await users.data("resident.demo", MINE))["myVolunteering"]
    assert {"id": elsewhere, "title": "巡逻"} in [n["activity"] for n in mine["signUps"]["nodes"]]


async def test_nodes_beside_edges_costs_no_statement(users: As, clock: FakeClock) -> None:
    """`nodes` is built from the page's edges: asking for both costs what edges alone cost."""
    await _create(users, await _scheme(users), clock() + dt.timedelta(days=1))
    selection = "id openSeats signUps(first: 3) { totalCount nodes { id } }"
    edges_only = f"{{ volunteerActivities(first: 5) {{ edges {{ node {{ {selection} }} }} }} }}"
    both = (
        f"{{ volunteerActivities(first: 5) {{ edges {{ node {{ {selection} }} }} "
        f"nodes {{ {selection} }} }} }}"
    )
    headers = await users.headers("huashi.admin")
    bodies = [(await users.client.post(query, **headers)).json() for query in (edges_only, both)]
    assert all("errors" not in body for body in bodies), bodies
    board = bodies[1]["data"]["volunteerActivities"]
    assert board["nodes"] == [edge["node"] for edge in board["edges"]]
    assert board["nodes"], "the organizer sees the activity"
    statements = [body["extensions"]["sql"]["statements"] for body in bodies]
    assert statements[0] == statements[1]
