"""``grassroots bench lists``: the lists that grow with the data, at two demo scales.

Each scale gets a scratch database loaded by ``load-demo`` (or an existing database is
measured with ``--url``). The real app answers in process (ASGI, no socket), signed in as the
demo county admin; each request runs ``repeats`` times after a warm-up, on each database in
turn (a shared machine's load then falls on all alike), and the median time is kept, with the
SQL statements it sent (``debug_sql``). The goal (issue 20): the same statement
counts, and times within 1.5 x of the small county.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from api.http.app import create_app
from governance.access.demo import DEMO_USERS
from governance.demo import load_demo
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings

VILLAGE = "130826001001"  # 花石社区
WARM_UP = 3
PERSON_PAGE = "persons(first: 50{args}) {{ {count} nodes {{ id name idCardNumber }} }}"
HOUSEHOLD_PAGE = "households(first: 50{args}) {{ {count} nodes {{ id number }} }}"
LOGIN = (
    "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) "
    "{ credentials { accessToken } userErrors { code } } }"
)


@dataclass(frozen=True)
class ListRequest:
    name: str
    query: str


REQUESTS = (
    ListRequest(
        "persons(first: 50) + totalCount, county",
        "{ " + PERSON_PAGE.format(args="", count="totalCount") + " }",
    ),
    ListRequest("persons(first: 50), county", "{ " + PERSON_PAGE.format(args="", count="") + " }"),
    ListRequest("persons totalCount alone, county", "{ persons(first: 0) { totalCount } }"),
    ListRequest(
        "persons, the page after a cursor",
        "{ " + PERSON_PAGE.format(args=', after: "{cursor}"', count="") + " }",
    ),
    ListRequest(
        "households(first: 50) + totalCount, county",
        "{ " + HOUSEHOLD_PAGE.format(args="", count="totalCount") + " }",
    ),
    ListRequest(
        "persons under one village + totalCount",
        "{ "
        + PERSON_PAGE.format(args=f', filter: {{underRegion: "{VILLAGE}"}}', count="totalCount")
        + " }",
    ),
    ListRequest(
        "persons tagged 留守儿童 + totalCount (counted rows)",
        "{ "
        + PERSON_PAGE.format(args=", filter: {tagsAny: [LEFT_BEHIND_CHILD]}", count="totalCount")
        + " }",
    ),
)


@dataclass(frozen=True)
class Measured:
    name: str
    median_ms: float
    statements: int


async def load(url: str, settings: Settings, scale: float) -> None:
    """The demo at ``scale`` (the loader's one transaction outlives the request timeouts)."""
    loader = settings.model_copy(
        update={"idle_in_transaction_timeout_ms": 0, "statement_timeout_ms": 0}
    )
    engine = create_engine(url, loader)
    try:
        async with session_scope(create_session_factory(engine)) as session:
            await load_demo(session, scale)
    finally:
        await engine.dispose()


async def measure(urls: Sequence[str], settings: Settings, repeats: int) -> list[list[Measured]]:
    """Every request on every database, interleaved (request by request, database by database,
    ``repeats`` rounds), so a busy machine's load falls on every database alike."""
    async with AsyncExitStack() as stack:
        targets = [await stack.enter_async_context(_target(url, settings)) for url in urls]
        times: list[list[list[float]]] = [[[] for _ in REQUESTS] for _ in urls]
        statements = [[0 for _ in REQUESTS] for _ in urls]
        for round_number in range(repeats + WARM_UP):
            for index, request in enumerate(REQUESTS):
                for target_number, (client, headers, cursor) in enumerate(targets):
                    query = request.query.replace("{cursor}", cursor)
                    started = time.perf_counter()
                    body = await _post(client, headers, query)
                    elapsed = (time.perf_counter() - started) * 1000
                    if round_number >= WARM_UP:
                        times[target_number][index].append(elapsed)
                        statements[target_number][index] = body["extensions"]["sql"]["statements"]
        return [
            [
                Measured(request.name, statistics.median(times[t][i]), statements[t][i])
                for i, request in enumerate(REQUESTS)
            ]
            for t in range(len(urls))
        ]


@asynccontextmanager
async def _target(
    url: str, settings: Settings
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str], str]]:
    """The app over ``url`` in process, the county admin's headers, a cursor to page from."""
    app = create_app(settings.model_copy(update={"debug_sql": True}), url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            headers = await _sign_in(client)
            yield client, headers, await _middle_cursor(client, headers)


async def _sign_in(client: httpx.AsyncClient) -> dict[str, str]:
    admin = next(user for user in DEMO_USERS if user.username == "county.admin")
    body = await _post(client, {}, LOGIN, {"u": admin.username, "p": admin.password})
    token = body["data"]["login"]["credentials"]["accessToken"]
    return {"authorization": f"Bearer {token}"}


async def _middle_cursor(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    """The cursor of a page in the middle of the county (the first page's last row's key is
    as good as any: a page after a cursor is the same range scan wherever it starts)."""
    query = "{ persons(first: 50) { pageInfo { endCursor } } }"
    body = await _post(client, headers, query)
    cursor: str = body["data"]["persons"]["pageInfo"]["endCursor"]
    return cursor


async def _post(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    query: str,
    variables: dict[str, Any] | None = None,
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    body: dict[str, Any] = response.json()
    if response.status_code != 200 or "errors" in body:
        raise RuntimeError(f"{query}: {response.status_code} {body}")
    return body


def run_measure(urls: Sequence[str], settings: Settings, repeats: int) -> list[list[Measured]]:
    return asyncio.run(measure(urls, settings, repeats))


def ratios(small: Sequence[Measured], large: Sequence[Measured]) -> list[float]:
    return [big.median_ms / little.median_ms for little, big in zip(small, large, strict=True)]
