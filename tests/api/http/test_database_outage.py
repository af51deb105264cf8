"""Goal: while the database is unavailable, the app answers 503 with ``Retry-After`` and the
code ``DATABASE_UNAVAILABLE`` (GraphQL queries and mutations, the dashboard), never a 500; the
log says so once per outage, not once per request, and once when it is back; and the first
request after it is back succeeds: no connection broken by the outage is handed out again
(issue 14, defect 10).

Method: the real ASGI app reaches the test PostgreSQL through a TCP proxy; cutting the proxy
drops every pooled connection and refuses new ones, as a crashed server does. A cashier's sale
(the driver's hot path) and a balance read are sent before, during and after the cut.
"""

from __future__ import annotations

import asyncio
import logging

import asyncpg
import httpx
import pytest
from strawberry import relay

from kit.database import to_libpq_url
from kit.outage import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS
from kit.settings import Settings
from tests.support.auth import bearer, credentials
from tests.support.graphql import GraphQLClient, graphql_client
from tests.support.proxy import proxied

REDEEM = """mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) {
  receipt { number } userErrors { code } } }"""
BALANCE = "query($id: ID!) { pointsAccount(id: $id) { availablePoints } }"
# Anonymous: the database is first touched inside a resolver (the error reaches the masking).
REGION = '{ regionByCode(code: "130826") { name } }'
REQUESTS_DURING_OUTAGE = 6


async def _sale_and_account(database_url: str) -> tuple[dict[str, object], str]:
    """A one-item sale at supermarket 1 for household 1, and that household's account id."""
    db = await asyncpg.connect(to_libpq_url(database_url))
    try:
        holder = await db.fetchval("SELECT id FROM bank_holders WHERE household_id = 1")
        goods = await db.fetchval("SELECT min(id) FROM goods WHERE supermarket_id = 1")
    finally:
        await db.close()
    account = relay.to_base64("PointsAccount", holder)
    lines = [{"goodsId": relay.to_base64("Goods", goods), "quantity": 1}]
    sale: dict[str, object] = {
        "supermarketId": relay.to_base64("Supermarket", 1),
        "accountId": account,
        "lines": lines,
    }
    return sale, account


async def _anonymous(client: GraphQLClient, query: str) -> httpx.Response:
    request = client.http.build_request("POST", "/graphql", json={"query": query})
    del request.headers["authorization"]
    return await client.http.send(request)


async def _redeem(client: GraphQLClient, sale: dict[str, object], key: str) -> httpx.Response:
    return await client.http.post(
        "/graphql", json={"query": REDEEM, "variables": {"input": {**sale, "idempotencyKey": key}}}
    )


def _outage_records(caplog: pytest.LogCaptureFixture, phrase: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if phrase in record.getMessage()]


async def test_an_outage_answers_503_logs_once_and_heals(
    people_database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    sale, account = await _sale_and_account(people_database_url)
    settings = Settings(background_tasks=False)
    async with (
        proxied(people_database_url) as (proxy, url),
        graphql_client(settings, url) as client,
    ):
        token = (await credentials(client, "supermarket1.cashier"))["accessToken"]
        client.http.headers.update(bearer(token))
        assert (await _redeem(client, sale, "outage-before")).status_code == 200
        assert (await _anonymous(client, REGION)).json()["data"]["regionByCode"]["name"]
        caplog.clear()

        await proxy.cut()
        for attempt in range(REQUESTS_DURING_OUTAGE):
            for response in (
                await _redeem(client, sale, f"outage-{attempt}"),
                await client.post(BALANCE, {"id": account}),
                await _anonymous(client, REGION),
                await client.http.get("/dashboard"),
            ):
                assert response.status_code == 503, response.text
                assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
                assert response.json()["errors"][0]["extensions"]["code"] == DATABASE_UNAVAILABLE
        assert len(_outage_records(caplog, "database unavailable")) == 1
        assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []

        await proxy.restore()
        first = await _redeem(client, sale, "outage-after")
        assert first.status_code == 200, first.text
        assert first.json()["data"]["redeemPoints"]["userErrors"] == []
        assert (await client.post(BALANCE, {"id": account})).status_code == 200
        assert len(_outage_records(caplog, "database available again")) == 1


async def test_a_pooled_connection_the_server_closed_is_not_handed_out(
    people_database_url: str,
) -> None:
    """The server ends the app's idle pooled connections (as a restart or an administrator
    does); the next requests get fresh ones and succeed, not a 503 (nor a 500) each."""
    sale, account = await _sale_and_account(people_database_url)
    async with graphql_client(Settings(background_tasks=False), people_database_url) as client:
        token = (await credentials(client, "supermarket1.cashier"))["accessToken"]
        client.http.headers.update(bearer(token))
        assert (await _redeem(client, sale, "pooled-before")).status_code == 200
        admin = await asyncpg.connect(to_libpq_url(people_database_url))
        try:
            ended = await admin.fetchval(
                """SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                   WHERE datname = current_database() AND application_name = 'grassroots'"""
            )
        finally:
            await admin.close()
        assert ended >= 1
        await asyncio.sleep(0.2)  # the driver reads the server's goodbye
        first = await _redeem(client, sale, "pooled-after")
        assert first.status_code == 200, first.text
        assert (await client.post(BALANCE, {"id": account})).status_code == 200
