"""Goal: SIGTERM drains: a request in flight when the server is told to stop still completes
(its sale is answered and committed), the background tasks stop, the pool closes, and
``grassroots serve --workers 2`` exits 0.

Method: the real ``serve`` as a subprocess over the demo, started once both workers log their
startup; a test transaction holds the household's wallet row locked so a ``redeemPoints``
request waits inside the server; SIGTERM goes to the server's main process (as a process
manager sends it) once PostgreSQL shows the request waiting; once the worker logs that it
waits for the connection to close, the lock is released and the answer, exit code, log and
database read. Every step waits on a condition, never on a sleep: under load a worker may
still be starting when the first one answers ``/readyz``, and a closed connection's server
process leaves ``pg_stat_activity`` a moment after the client has gone.
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
WORKERS = 2
SESSIONS = """SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND application_name = 'grassroots'"""


def _serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "GRASSROOTS_DATABASE_URL": url,
                   "GRASSROOTS_JWT_SECRET": TEST_JWT_SECRET}  # fmt: skip
    command = [GRASSROOTS, "serve", "--port", str(port), "--workers", str(WORKERS)]
    with log.open("wb") as output:
        return subprocess.Popen(
            command, env=environment, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


async def _logged(log: Path, line: str, count: int, process: subprocess.Popen[bytes]) -> None:
    """Wait until the server's log holds ``line`` ``count`` times (once per worker)."""
    for _ in range(int(WAIT_SECONDS_MAX * 10)):
        output = await asyncio.to_thread(log.read_text)
        if output.count(line) >= count:
            return
        assert process.poll() is None, f"the server exited early: {output}"
        await asyncio.sleep(0.1)
    raise AssertionError(f"never logged {count}x {line!r}: {output}")


async def _ready(http: httpx.AsyncClient, process: subprocess.Popen[bytes], log: Path) -> None:
    """Both workers are serving: each logged its startup (one answering ``/readyz`` says
    nothing of the other, which a SIGTERM during its startup would stop half-way)."""
    await _logged(log, "Application startup complete", WORKERS, process)
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


async def _sessions_closed(db: asyncpg.Connection) -> int:
    """The server's database sessions once they are gone (a backend leaves ``pg_stat_activity``
    shortly after its client closed the connection), or the count still open at the limit."""
    for _ in range(int(WAIT_SECONDS_MAX * 10)):
        open_sessions = int(await db.fetchval(SESSIONS))
        if open_sessions == 0:
            return 0
        await asyncio.sleep(0.1)
    return open_sessions


async def test_sigterm_drains_the_request_in_flight(
    people_database_url: str, tmp_path: Path
) -> None:
    port, log = free_port(), tmp_path / "serve.log"
    process = _serve(people_database_url, port, log)
    db = await asyncpg.connect(to_libpq_url(people_database_url))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            await _ready(http, process, log)
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
            # The worker holding the sale is draining now, the sale still waiting.
            await _logged(log, "Waiting for connections to close", 1, process)
            assert not in_flight.done()
            await lock.rollback()
            response = await in_flight
        assert response.status_code == 200
        assert response.json()["data"]["redeemPoints"]["userErrors"] == []
        assert await asyncio.to_thread(process.wait, WAIT_SECONDS_MAX) == 0
        receipts = "SELECT count(*) FROM receipts WHERE idempotency_key = 'drained-1'"
        assert await db.fetchval(receipts) == 1
        assert await _sessions_closed(db) == 0
        output = log.read_text()
        assert output.count("Application shutdown complete") == WORKERS, output
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        await db.close()
