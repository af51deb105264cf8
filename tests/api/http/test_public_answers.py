"""Goal: anonymous answers kept by the server (``api.http.public_answers``) are never stale and
never private: a write, through the API or any other path, shows in the very next read; only
anonymous queries' answers without errors are kept (never a mutation's, never a signed-in
viewer's); anonymous GET answers carry an ETag and ``Cache-Control: public, no-cache`` and a
matching ``If-None-Match`` gets 304; with the setting off nothing is kept. Writes no anonymous
answer reads (sign-ins, the rate limit's sync, idle periodic tasks) leave kept answers current.

Method: the real ASGI app over the demo; supermarkets under a village are public data that an
administrator's ``createSupermarket`` (and the service behind it, called directly) changes.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.http import background
from api.http.app import create_app
from api.http.rate_limit_sync import SharedRateLimit
from api.http.settlement import settle_once
from api.http.sweeper import sweep_once
from governance.access.models import User
from governance.access.principal import Grant, Viewer
from governance.access.roles import Role
from governance.data_versions import VERSION_SQL
from governance.supermarkets import service as markets
from kit.clock import SystemClock
from kit.database import create_engine, create_session_factory, session_scope
from kit.driver import fetch_value_outside_transaction
from kit.settings import Settings
from tests.support.auth import auth_settings, bearer, credentials, demo_user, login
from tests.support.clock import suite_now
from tests.support.graphql import GraphQLClient, graphql_client

VILLAGE = "130826001002"
ATTEMPTS_MAX = 25
MARKETS = f'{{ supermarkets(regionCode: "{VILLAGE}") {{ nodes {{ name }} }} }}'
OPEN = """mutation($input: CreateSupermarketInput!) { createSupermarket(input: $input) {
  supermarket { name } userErrors { code } } }"""


@pytest.fixture
def settings() -> Settings:
    # No background writes (sealing, settlement, the rate limit's once-a-second sync): an
    # answer is kept only if nothing committed while it was computed, and this test wants to
    # see it kept.
    return auth_settings(background_tasks=False, rate_limit_sync_interval_seconds=0)


@pytest.fixture
async def client(settings: Settings, people_database_url: str) -> AsyncIterator[GraphQLClient]:
    async with graphql_client(settings, people_database_url) as client:
        yield client


async def _get(client: GraphQLClient, query: str, **headers: str) -> httpx.Response:
    return await client.http.get("/graphql?" + urlencode({"query": query}), headers=headers)


async def _kept(client: GraphQLClient, query: str, **headers: str) -> httpx.Response:
    """The answer once the server kept it. An answer is kept only if no transaction committed
    anywhere in the cluster while it was computed; right after the test databases are made,
    autovacuum's ANALYZE commits now and then, so a few tries may be needed."""
    for _ in range(ATTEMPTS_MAX):
        response = await _get(client, query, **headers)
        if response.status_code == 304 or "etag" in response.headers:
            return response
        await asyncio.sleep(0.2)
    pytest.fail(f"no answer kept in {ATTEMPTS_MAX} tries: {response.headers}")


def _names(response: httpx.Response) -> list[str]:
    return [market["name"] for market in response.json()["data"]["supermarkets"]["nodes"]]


async def test_a_write_shows_in_the_next_read(
    client: GraphQLClient, people_database_url: str, settings: Settings
) -> None:
    first = await _kept(client, MARKETS)
    again = await _kept(client, MARKETS)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "public, no-cache"
    unchanged = await _kept(client, MARKETS, **{"if-none-match": first.headers["etag"]})
    assert unchanged.status_code == 304
    assert unchanged.content == b""

    token = (await credentials(client, "xinfenglu.admin"))["accessToken"]
    variables = {"input": {"regionCode": VILLAGE, "name": "缓存测试超市"}}
    opened = await client.data(OPEN, variables, bearer(token))
    assert opened["createSupermarket"]["userErrors"] == []
    after_api = await _get(client, MARKETS, **{"if-none-match": first.headers["etag"]})
    assert after_api.status_code == 200
    assert "缓存测试超市" in _names(after_api)
    assert after_api.headers.get("etag") != first.headers["etag"]
    assert "缓存测试超市" in _names(await client.post(MARKETS))  # POST: the same answer

    # A write by another path than this server (another worker, a command) shows as well.
    engine = create_engine(people_database_url, settings)
    async with session_scope(create_session_factory(engine)) as session:
        admin_id = (
            await session.execute(select(User.id).where(User.username == "county.admin"))
        ).scalar_one()
        admin = Viewer(admin_id, 0, (Grant(Role.COUNTY_ADMIN, "130826"),))
        await markets.create_supermarket(session, admin, VILLAGE, "另一条路的超市", suite_now())
    await engine.dispose()
    after_service = await _get(
        client, MARKETS, **{"if-none-match": str(after_api.headers.get("etag"))}
    )
    assert after_service.status_code == 200
    assert "另一条路的超市" in _names(after_service)


async def test_only_anonymous_queries_without_errors_are_kept(client: GraphQLClient) -> None:
    token = (await credentials(client, "county.admin"))["accessToken"]
    signed_in = await client.http.get(
        "/graphql?" + urlencode({"query": MARKETS}), headers=bearer(token)
    )
    assert signed_in.status_code == 200
    assert "etag" not in signed_in.headers
    assert signed_in.headers["cache-control"] == "no-store"

    refused = await _get(client, '{ regionByCode(code: "999999") { name notAField } }')
    assert "etag" not in refused.headers
    assert "cache-control" not in refused.headers

    # Sign-in is an anonymous request too: each gets its own, new credentials.
    password = demo_user("county.admin").password
    signed = [await login(client, "county.admin", password) for _ in range(2)]
    assert [payload["userErrors"] for payload in signed] == [[], []]
    refresh_tokens = {payload["credentials"]["refreshToken"] for payload in signed}
    assert len(refresh_tokens) == 2


async def test_nothing_is_kept_with_the_setting_off(people_database_url: str) -> None:
    settings = auth_settings(public_answer_cache=False)
    async with graphql_client(settings, people_database_url) as client:
        response = await _get(client, MARKETS)
    assert response.status_code == 200
    assert "etag" not in response.headers
    assert "cache-control" not in response.headers


async def test_sign_ins_and_rate_limit_syncs_leave_kept_answers(
    people_database_url: str, settings: Settings
) -> None:
    """Writes no anonymous answer reads (sign-ins, failed ones, the rate limit's sync) move no
    data version: the kept answer is still current after them (before, every commit in the
    cluster moved it, and a kept answer lived about a second under steady traffic)."""
    app = create_app(settings, people_database_url)
    engine = create_engine(people_database_url, settings)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                client = GraphQLClient(http)
                first = await _kept(client, MARKETS)
                version = await fetch_value_outside_transaction(engine, VERSION_SQL)
                await credentials(client, "county.admin")
                failed = await login(client, "county.admin", "not-the-password")
                assert failed["userErrors"] != []
                await SharedRateLimit(app.state.rate_limiter, SystemClock())(
                    create_session_factory(engine)
                )
                assert await fetch_value_outside_transaction(engine, VERSION_SQL) == version
                tag = first.headers["etag"]
                again = await _get(client, MARKETS, **{"if-none-match": tag})
                assert again.status_code == 304
    finally:
        await engine.dispose()


async def test_idle_background_tasks_move_no_version(demo_database_url: str) -> None:
    """The server's periodic tasks (sealing, settlement, the escalation sweep, compaction) write
    nothing public when they have nothing to do: run once to catch up, then again, the version
    must not move (a task that ran an empty UPDATE on a public table would end every kept
    answer at each interval)."""
    settings = Settings()
    engine = create_engine(demo_database_url, settings)
    factory = create_session_factory(engine)
    clock = SystemClock()

    async def settle(factory: async_sessionmaker[AsyncSession]) -> None:
        await settle_once(factory, clock)

    async def sweep(factory: async_sessionmaker[AsyncSession]) -> None:
        await sweep_once(factory, clock)

    tasks = [background.seal_ledger, background.compact_data_versions, settle, sweep]
    try:
        for task in tasks:
            await task(factory)
        before = await fetch_value_outside_transaction(engine, VERSION_SQL)
        for task in tasks:
            await task(factory)
        assert await fetch_value_outside_transaction(engine, VERSION_SQL) == before
    finally:
        await engine.dispose()
