"""Goal: read-only requests go to a streaming replica, except where they must see the caller's
own writes; a replica that lags, stops or does not know the viewer's session yet costs no
request (the primary serves it).

Method: two real clusters: the suite's server as primary and a hot standby made from it by
``pg_basebackup`` (``kit.standby``, the code behind ``grassroots replica create``), once for the
module. Requests go through the real ASGI app; the router counts where each read ran (and reads
the standby's state when told to, not on its own clock), and the standby's replay is paused (``pg_wal_replay_pause``) to make it lag on purpose.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from api.http.app import create_app
from api.http.graphql_view import READ_AFTER_HEADER
from api.http.public_answers import is_query
from kit.database import database_of, to_libpq_url, with_database
from kit.replicas import DatabaseRouter, parse_lsn
from kit.settings import Settings
from kit.standby import (
    create_standby,
    remove_standby,
    slot_name,
    standby_url,
    start_standby,
    stop_standby,
)
from tests.support.auth import bearer, credentials
from tests.support.graphql import GraphQLClient

GRID = "130826100201001"
PERSON = '{ persons(filter: {underRegion: "130826100201"}, first: 1) { edges { node { id } } } }'
WORKERS = f"""{{ regionByCode(code: "{GRID}") {{
  gridWorkers(first: 100) {{ edges {{ node {{ id }} }} }} }} }}"""
ASSIGN = """mutation($input: AssignGridWorkerInput!) { assignGridWorker(input: $input) {
  gridAssignment { id } userErrors { code } } }"""
REPLAY_WAIT_SECONDS = 60
READS_AFTER_STOP = 5  # per reader


@pytest.fixture(scope="module")
def standby(pg_url: str) -> Iterator[Path]:
    """A hot standby of the suite's server, for the module."""
    directory = Path(".grassroots") / f"test-standby-{uuid.uuid4().hex[:8]}"
    asyncio.run(drop_abandoned_slots(to_libpq_url(pg_url)))
    create_standby(to_libpq_url(pg_url), directory)
    yield directory
    remove_standby(directory, to_libpq_url(pg_url))


async def drop_abandoned_slots(primary_url: str) -> None:
    """Slots of this module's standbys left by a killed run (they would keep WAL forever)."""
    connection = await asyncpg.connect(primary_url)
    try:
        await connection.execute(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
            " WHERE slot_name LIKE $1 AND NOT active",
            slot_name(Path("test-standby-")) + "%",
        )
    finally:
        await connection.close()


@pytest.fixture
async def replica_url(standby: Path, pg_url: str, people_database_url: str) -> str:
    """The test's database on the standby, once replayed there."""
    url = standby_database_url(pg_url, standby, database_of(people_database_url))
    await until_connectable(url)
    return url


def standby_database_url(pg_url: str, standby: Path, database: str) -> str:
    return with_database(standby_url(to_libpq_url(pg_url), standby), database)


async def until_connectable(url: str) -> None:
    deadline = time.monotonic() + REPLAY_WAIT_SECONDS
    while True:
        try:
            connection = await asyncpg.connect(to_libpq_url(url))
        except (OSError, asyncpg.PostgresError):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)
        else:
            await connection.close()
            return


@asynccontextmanager
async def app_client(
    database_url: str, replica: str, **overrides: Any
) -> AsyncIterator[tuple[GraphQLClient, DatabaseRouter]]:
    # Checked at startup, then only when a test says (``router.check_all``): deterministic.
    values: dict[str, Any] = {"replica_urls": [replica], "replica_check_interval_seconds": 3600}
    app = create_app(Settings(**(values | overrides)), database_url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield GraphQLClient(http), app.state.router


async def signed_in(client: GraphQLClient, username: str) -> dict[str, str]:
    return bearer((await credentials(client, username))["accessToken"])


async def standby_sql(replica: str, statement: str) -> Any:
    connection = await asyncpg.connect(to_libpq_url(replica))
    try:
        return await connection.fetchval(statement)
    finally:
        await connection.close()


@asynccontextmanager
async def replay_paused(replica: str) -> AsyncIterator[None]:
    await standby_sql(replica, "SELECT pg_wal_replay_pause()")
    try:
        yield
    finally:
        await standby_sql(replica, "SELECT pg_wal_replay_resume()")


async def assign_worker(client: GraphQLClient, headers: dict[str, str]) -> tuple[str, str]:
    """A write by the viewer of ``headers``: the assignment's id and the response's position."""
    person = (await client.data(PERSON, headers=headers))["persons"]["edges"][0]["node"]["id"]
    variables = {
        "input": {
            "gridCode": GRID,
            "personId": person,
            "role": "VILLAGER_REPRESENTATIVE",
            "duties": ["DISPUTE_MEDIATION"],
            "startedOn": "2026-01-01",
        }
    }
    response = await client.post(ASSIGN, variables, **headers)
    assert response.status_code == 200, response.text
    payload = response.json()["data"]["assignGridWorker"]
    assert payload["userErrors"] == []
    return payload["gridAssignment"]["id"], response.headers[READ_AFTER_HEADER]


async def worker_ids(client: GraphQLClient, headers: dict[str, str]) -> set[str]:
    edges = (await client.data(WORKERS, headers=headers))["regionByCode"]["gridWorkers"]["edges"]
    return {edge["node"]["id"] for edge in edges}


async def test_reads_go_to_the_replica_and_writes_to_the_primary(
    people_database_url: str, replica_url: str
) -> None:
    async with app_client(people_database_url, replica_url) as (client, router):
        admin = await signed_in(client, "county.admin")  # a mutation: the primary
        assert router.replicas[0].served == 0
        before = router.replicas[0].served
        assert await worker_ids(client, admin) is not None
        assert router.replicas[0].served == before + 1
        assert await standby_sql(replica_url, "SELECT pg_is_in_recovery()") is True


async def test_the_writer_reads_its_write_while_the_replica_lags(
    people_database_url: str, replica_url: str
) -> None:
    # A generous lag bound: with replay paused the replica falls behind by the test's own
    # duration, which on a loaded machine passed the default 5 s and sent reads to the primary.
    async with app_client(people_database_url, replica_url, replica_lag_max_seconds=300) as (
        client,
        router,
    ):
        writer = await signed_in(client, "county.admin")
        other = await signed_in(client, "dage.admin")
        await worker_ids(client, other)  # both sessions known to the standby
        async with replay_paused(replica_url):
            assignment, position = await assign_worker(client, writer)
            primary_reads = router.primary_reads
            assert assignment in await worker_ids(client, writer)  # read-your-writes
            assert router.primary_reads == primary_reads + 1
            # Another user may read the replica, which has not replayed the write yet.
            served = router.replicas[0].served
            assert assignment not in await worker_ids(client, other)
            assert router.replicas[0].served == served + 1
            # The position handed back makes any process (here: another user) wait for it.
            assert assignment in await worker_ids(client, other | {READ_AFTER_HEADER: position})
            assert router.primary_reads == primary_reads + 2
        await until_replayed(replica_url, position)
        await router.check_all()
        served = router.replicas[0].served
        assert assignment in await worker_ids(client, writer)
        assert router.replicas[0].served == served + 1


async def until_replayed(replica: str, position: str) -> None:
    deadline = time.monotonic() + REPLAY_WAIT_SECONDS
    statement = "SELECT pg_last_wal_replay_lsn()::text"
    while parse_lsn(await standby_sql(replica, statement)) < parse_lsn(position):
        assert time.monotonic() < deadline, "the standby did not replay the write"
        await asyncio.sleep(0.05)


async def test_a_replica_lagging_beyond_the_bound_is_skipped(
    people_database_url: str, replica_url: str
) -> None:
    async with app_client(people_database_url, replica_url, replica_lag_max_seconds=0.2) as (
        client,
        router,
    ):
        writer = await signed_in(client, "county.admin")
        other = await signed_in(client, "dage.admin")
        await worker_ids(client, other)
        async with replay_paused(replica_url):
            assignment, _position = await assign_worker(client, writer)
            await router.check_all()  # the primary's position after the write, not replayed
            await asyncio.sleep(0.5)  # past the bound
            await router.check_all()
            served, primary_reads = router.replicas[0].served, router.primary_reads
            assert assignment in await worker_ids(client, other)
            assert (router.replicas[0].served, router.primary_reads) == (served, primary_reads + 1)


async def test_an_unmasked_read_on_the_replica_is_logged_on_the_primary(
    people_database_url: str, replica_url: str
) -> None:
    unmasked = """{ persons(filter: {underRegion: "130826100201"}, first: 2) {
      edges { node { idCardNumber(purpose: IDENTITY_VERIFICATION) } } } }"""
    count = "SELECT count(*) FROM personal_data_access_log"
    async with app_client(people_database_url, replica_url) as (client, router):
        admin = await signed_in(client, "county.admin")
        before = await primary_sql(people_database_url, count)
        served = router.replicas[0].served
        edges = (await client.data(unmasked, headers=admin))["persons"]["edges"]
        assert router.replicas[0].served == served + 1
        assert len(edges) == 2
        assert all("*" not in edge["node"]["idCardNumber"] for edge in edges)
        assert await primary_sql(people_database_url, count) == before + 2


async def primary_sql(database_url: str, statement: str) -> Any:
    connection = await asyncpg.connect(to_libpq_url(database_url))
    try:
        return await connection.fetchval(statement)
    finally:
        await connection.close()


async def test_a_bad_read_after_header_is_refused(
    people_database_url: str, replica_url: str
) -> None:
    async with app_client(people_database_url, replica_url) as (client, _router):
        response = await client.post(WORKERS, None, **{READ_AFTER_HEADER: "yesterday"})
        assert response.status_code == 400
        assert READ_AFTER_HEADER in response.json()["errors"][0]["message"]


async def test_stopping_the_replica_mid_run_loses_no_request(
    people_database_url: str, replica_url: str, standby: Path
) -> None:
    async with app_client(people_database_url, replica_url) as (client, router):
        admin = await signed_in(client, "county.admin")
        expected = await worker_ids(client, admin)

        stopped = asyncio.Event()

        async def reads_until_after_the_stop() -> None:
            after_stop = 0
            while after_stop < READS_AFTER_STOP:
                assert await worker_ids(client, admin) == expected
                after_stop += stopped.is_set()

        try:
            running = [asyncio.create_task(reads_until_after_the_stop()) for _ in range(3)]
            await asyncio.sleep(0.2)
            served = router.replicas[0].served
            await asyncio.to_thread(stop_standby, standby)
            stopped.set()
            await asyncio.gather(*running)  # every read answered, with the same rows
            assert served > 0
            assert router.fallbacks + router.primary_reads > 0  # the primary took over
        finally:
            await asyncio.to_thread(start_standby, standby)


@pytest.mark.parametrize(
    ("document", "operation_name", "replica_may_serve"),
    [
        ("{ viewer { authenticated } }", None, True),
        ("query Q { viewer { authenticated } }", "Q", True),
        ('mutation M { logout(input: {refreshToken: "x"}) { ended } }', None, False),
        ("query Q { a } mutation M { b }", "M", False),
        ("query Q { a } mutation M { b }", "Q", True),
        ("query Q { a } mutation M { b }", None, False),  # ambiguous: the primary refuses it
        ("query Q { a }", "Missing", False),
        ("{ unclosed", None, False),
    ],
)
def test_which_documents_a_replica_may_serve(
    document: str, operation_name: str | None, replica_may_serve: bool
) -> None:
    assert is_query(document, operation_name) is replica_may_serve
