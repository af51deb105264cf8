"""Goal: case notes unmasked over GET leave their personal_data_access_log row, as over POST
(the README promises GET requests are logged); a refused request is logged too.

Method: the real ASGI app on the tiny whole demo; a mediator records a session with notes, then
reads the case with GET (granted) and a village admin does (refused); the log is read back from
the database.
"""

from __future__ import annotations

import asyncpg

from kit.database import to_libpq_url
from tests.api.disputes.test_disputes import CASE, _committee, _registered, _session
from tests.support.workflows import Desk

MEDIATOR = "xinfenglu.mediator"
NOTES = "双方同意各让一步"


async def _notes_log(database_url: str) -> list[tuple[str, bool]]:
    connection = await asyncpg.connect(to_libpq_url(database_url))
    try:
        rows = await connection.fetch(
            "SELECT u.username, l.granted FROM personal_data_access_log l "
            "JOIN users u ON u.id = l.user_id WHERE l.field = 'CASE_NOTES' ORDER BY l.id"
        )
    finally:
        await connection.close()
    return [(row["username"], row["granted"]) for row in rows]


async def _get_notes(desk: Desk, username: str, case_id: str) -> str | None:
    response = await desk.client.http.get(
        "/graphql",
        params={"query": CASE, "variables": f'{{"id": "{case_id}"}}'},
        headers=await desk.as_user(username),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    notes: str | None = body["data"]["node"]["sessions"][0]["notes"]
    return notes


async def test_case_notes_read_over_get_are_logged(
    people_desk: Desk, people_database_url: str
) -> None:
    committee, mediators = await _committee(people_desk, "130826001")
    case = await _registered(people_desk, committee, mediators)
    await _session(people_desk, case, mediators[0], notes=NOTES)
    before = await _notes_log(people_database_url)

    assert await _get_notes(people_desk, MEDIATOR, case["id"]) == NOTES
    assert await _get_notes(people_desk, "huashi.admin", case["id"]) is None

    logged = (await _notes_log(people_database_url))[len(before) :]
    assert logged == [(MEDIATOR, True), ("huashi.admin", False)]
