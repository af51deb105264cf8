"""Goal: SIGTERM drains: a request in flight when the server is told to stop still completes
(its sale is answered and committed), the background tasks stop, the pool closes, and
``grassroots serve --workers 2`` exits 0.

Method: the real ``serve`` as a subprocess over the demo; a test transaction holds the
household's wallet row locked so a ``redeemPoints`` request waits inside the server; SIGTERM
goes to the server's main process (as a process manager sends it) once PostgreSQL shows the
request waiting; the lock is then released and the answer, exit code, log and database read.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import asyncpg
import httpx
from strawberry import relay

from bench.servers import free_port
from kit.database import to_libpq_url
from tests.support.auth import TEST_JWT_SECRET

GRASSROOTS = str(Path(sys.executable).with_name("grassroots"))
REDEEM = """mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) {
  receipt { number totalPoints } userErrors { code } } }"""
LOGIN = """mutation { login(input: {username: "supermarket1.cashier",
  password: "supermarket1-cashier-demo"}) { credentials { accessToken } } }"""
WAIT_SECONDS_MAX = 30.0


def _serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "GRASSROOTS_DATABASE_URL": url,
                   "GRASSROOTS_JWT_SECRET": TEST_JWT_SECRET}  # fmt: skip
    command = [GRASSROOTS, "serve", "--port", str(port), "--workers", "2"]
    with log.open("wb") as output:
        return subprocess.Popen(
            command, env=environment, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


async def _ready(http: httpx.AsyncClient, process: subprocess.Popen[bytes]) -> None:
    for _ in range(int(WAIT_SECONDS_MAX * 10)):
        assert process.poll() is None, "the server exited early"
        try:
            if (await http.get("/readyz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("server not ready")


async def _sale(db: asyncpg.Connection) -> tuple[int, dict[str, object]]:
    """The demo household 1's wallet account id, and a one-item sale of supermarket 1's goods."""
    holder = await db.fetchrow(
        "SELECT id, points_account_id FROM bank_holders WHERE household_id = 1"
    )
    goods = await db.fetchval("SELECT min(id) FROM goods WHERE supermarket_id = 1")
    sale = {"supermarketId": relay.to_base64("Supermarket", 1),
            "accountId": relay.to_base64("PointsAccount", holder["id"]),
            "lines": [{"goodsId": relay.to_base64("Goods", goods), "quantity": 1}],
            "idempotencyKey": "drained-1"}  # fmt: skip
    return holder["points_account_id"], sale


async def _waiting_on_lock(db: asyncpg.Connection) -> None:
    statement = """SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
        AND application_name = 'grassroots' AND wait_event_type = 'Lock'"""
    for _ in range(int(WAIT_SECONDS_MAX * 10)):
        if await db.fetchval(statement):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the sale never waited on the wallet's lock")


async def test_sigterm_drains_the_request_in_flight(
    people_database_url: str, tmp_path: Path
) -> None:
    port, log = free_port(), tmp_path / "serve.log"
    process = _serve(people_database_url, port, log)
    db = await asyncpg.connect(to_libpq_url(people_database_url))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            await _ready(http, process)
            token = (await http.post("/graphql", json={"query": LOGIN})).json()
            headers = {
                "Authorization": f"Bearer {token['data']['login']['credentials']['accessToken']}"
            }
            wallet, sale = await _sale(db)
            lock = db.transaction()
            await lock.start()
            await db.execute("SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE", wallet)
            body = {"query": REDEEM, "variables": {"input": sale}}
            in_flight = asyncio.create_task(http.post("/graphql", json=body, headers=headers))
            await _waiting_on_lock(db)
            process.send_signal(signal.SIGTERM)
            await asyncio.sleep(1.0)  # the server is draining now, the sale still waiting
            assert not in_flight.done()
            await lock.rollback()
            response = await in_flight
        assert response.status_code == 200
        assert response.json()["data"]["redeemPoints"]["userErrors"] == []
        assert await asyncio.to_thread(process.wait, WAIT_SECONDS_MAX) == 0
        receipts = "SELECT count(*) FROM receipts WHERE idempotency_key = 'drained-1'"
        assert await db.fetchval(receipts) == 1
        sessions = """SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'grassroots'"""
        assert await db.fetchval(sessions) == 0
        output = log.read_text()
        assert output.count("Application shutdown complete") == 2, output  # both workers
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        await db.close()
