"""The chaos clients: each takes the next operation number, picks a sale (most often), an award,
a balance read or an announcement, records its key in the history, and sends it, retrying
under the same key on timeouts, connection errors and 5xx until answered or out of patience.

``lose_every`` drops every n-th mutation's answer after it arrived (a response lost on the
way back: the change committed, the client does not know), so retries of committed changes
happen in every run, not only when a kill lands at the right instant.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.chaos.fixture import PROPOSER, ChaosFixture, Till
from bench.chaos.history import History, Kind, Operation, Outcome
from bench.chaos.requests import (
    BALANCE,
    LOGIN,
    PROPOSE,
    PUBLISH,
    REDEEM,
    REVIEW,
    acknowledgement,
    error_codes,
)

MIX = ((Kind.REDEEM, 60), (Kind.AWARD, 20), (Kind.BALANCE, 15), (Kind.PUBLISH, 5))
REQUEST_TIMEOUT_SECONDS = 10.0
BACKOFF_SECONDS = (0.05, 0.1, 0.2, 0.4, 0.8)
HTTP_SERVER_ERROR = 500
HTTP_SERVICE_UNAVAILABLE = 503


@dataclass
class WorkloadConfig:
    port: int
    operations: int
    clients: int
    give_up_seconds: float = 90.0
    unsafe_no_idempotency: bool = False
    lose_every: int = 0
    seed: int = 1


@dataclass
class Workload:
    config: WorkloadConfig
    fixture: ChaosFixture
    history: History = field(default_factory=History)
    tokens: dict[str, str] = field(default_factory=dict)
    completed: int = 0
    lost_answers: int = 0
    server_errors: int = 0  # 5xx other than 503: the server failed, not just the database
    unavailable_answers: int = 0  # 503: the database is down, retry
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    _numbers: itertools.count[int] = field(default_factory=itertools.count)
    _mutations: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _advanced: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.config.port}"

    def sign_in(self) -> None:
        for username, password in self.fixture.logins().items():
            body = {"query": LOGIN, "variables": {"u": username, "p": password}}
            response = httpx.post(f"{self.base_url}/graphql", json=body, timeout=60)
            payload = response.json()["data"]["login"]
            assert payload["userErrors"] == [], (username, payload)
            self.tokens[username] = payload["credentials"]["accessToken"]

    async def run(self, on_done: Callable[[], None]) -> None:
        await asyncio.gather(
            *(self._client(index, on_done) for index in range(self.config.clients))
        )

    async def wait_completed(self, operations: int) -> None:
        """Until ``operations`` operations have been answered (or given up)."""
        while self.completed < operations:
            self._advanced.clear()
            await self._advanced.wait()

    async def announce_all(self) -> None:
        """Publish every village's approved awards (after the faults: nothing left approved)."""
        timeout = httpx.Timeout(REQUEST_TIMEOUT_SECONDS)
        async with httpx.AsyncClient(base_url=self.base_url, timeout=timeout) as http:
            for village_code in sorted({till.village_code for till in self.fixture.tills}):
                await self._publish(http, village_code)

    async def _client(self, index: int, on_done: Callable[[], None]) -> None:
        rng = random.Random(self.config.seed * 1_000 + index)
        till = self.fixture.tills[index % len(self.fixture.tills)]
        timeout = httpx.Timeout(REQUEST_TIMEOUT_SECONDS)
        async with httpx.AsyncClient(base_url=self.base_url, timeout=timeout) as http:
            while next(self._numbers) < self.config.operations:
                kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
                await self._perform(http, rng, till, kind)
                self.completed += 1
                self._advanced.set()
                on_done()

    async def _perform(
        self, http: httpx.AsyncClient, rng: random.Random, till: Till, kind: Kind
    ) -> None:
        if kind is Kind.REDEEM:
            await self._redeem(http, rng, till)
        elif kind is Kind.AWARD:
            await self._award(http, rng)
        elif kind is Kind.BALANCE:
            await self._balance(http, rng)
        else:
            await self._publish(http, rng.choice(self.fixture.tills).village_code)

    def _new_key(self, operation: Operation) -> str:
        key = f"{self.run_id}-{operation.number}-{len(operation.keys)}"
        operation.keys.append(key)  # recorded before it is ever sent
        return key

    async def _redeem(self, http: httpx.AsyncClient, rng: random.Random, till: Till) -> None:
        operation = self.history.begin(Kind.REDEEM, till.supermarket_id)
        goods = rng.sample(till.goods_ids, k=rng.randint(1, 2))
        sale = {
            "supermarketId": till.supermarket_global_id,
            "accountId": rng.choice(till.account_ids),
            "lines": [{"goodsId": g, "quantity": rng.randint(1, 3)} for g in goods],
        }

        def body(key: str) -> dict[str, Any]:
            return {"query": REDEEM, "variables": {"input": {**sale, "idempotencyKey": key}}}

        payload = await self._keyed(http, operation, body, till.username, "redeemPoints")
        if payload is not None and payload["receipt"] is not None:
            operation.answer["total_points"] = payload["receipt"]["totalPoints"]

    async def _award(self, http: httpx.AsyncClient, rng: random.Random) -> None:
        operation = self.history.begin(Kind.AWARD, self.fixture.proposer_user_id)
        till = rng.choice(self.fixture.tills)
        proposal = {
            "ruleId": self.fixture.rule_id,
            "householdId": rng.choice(till.household_ids),
            "eventOn": (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat(),
            "evidenceNote": f"chaos {operation.number}",
        }

        def body(key: str) -> dict[str, Any]:
            return {"query": PROPOSE, "variables": {"input": {**proposal, "idempotencyKey": key}}}

        payload = await self._keyed(http, operation, body, PROPOSER[0], "proposePoints")
        if payload is None or payload["application"] is None:
            return
        review = {"applicationId": payload["application"]["id"], "approve": True}
        answer = await self._send(
            http, {"query": REVIEW, "variables": {"input": review}}, PROPOSER[0],
            "reviewPointsApplication", operation,
        )  # fmt: skip
        operation.answer["reviewed"] = answer is not None

    async def _balance(self, http: httpx.AsyncClient, rng: random.Random) -> None:
        operation = self.history.begin(Kind.BALANCE)
        account = rng.choice(rng.choice(self.fixture.tills).account_ids)
        body = {"query": BALANCE, "variables": {"id": account}}
        payload = await self._send(http, body, PROPOSER[0], "pointsAccount", operation)
        operation.outcome = Outcome.OK if payload is not None else Outcome.UNKNOWN

    async def _publish(self, http: httpx.AsyncClient, village_code: str) -> None:
        operation = self.history.begin(Kind.PUBLISH)
        variables = {"input": {"schemeId": self.fixture.scheme_id, "villageCode": village_code}}
        body = {"query": PUBLISH, "variables": variables}
        payload = await self._send(http, body, PROPOSER[0], "publishPointsAnnouncement", operation)
        _settle(operation, payload)

    async def _keyed(
        self,
        http: httpx.AsyncClient,
        operation: Operation,
        body: Callable[[str], dict[str, Any]],
        username: str,
        field_name: str,
    ) -> dict[str, Any] | None:
        """Send under one key, retried under the same key (a fresh one when unsafe)."""
        key = self._new_key(operation)
        operation.requests += 1
        deadline = time.monotonic() + self.config.give_up_seconds
        while True:
            payload = await self._attempt(http, body(key), username, field_name, operation)
            if payload is not None or time.monotonic() > deadline:
                _settle(operation, payload)
                return payload
            await asyncio.sleep(_backoff(operation.attempts))
            if self.config.unsafe_no_idempotency:
                key = self._new_key(operation)

    async def _send(
        self,
        http: httpx.AsyncClient,
        body: dict[str, Any],
        username: str,
        field_name: str,
        operation: Operation,
    ) -> dict[str, Any] | None:
        operation.requests += 1
        deadline = time.monotonic() + self.config.give_up_seconds
        while True:
            payload = await self._attempt(http, body, username, field_name, operation)
            if payload is not None or time.monotonic() > deadline:
                return payload
            await asyncio.sleep(_backoff(operation.attempts))

    async def _attempt(
        self,
        http: httpx.AsyncClient,
        body: dict[str, Any],
        username: str,
        field_name: str,
        operation: Operation,
    ) -> dict[str, Any] | None:
        operation.attempts += 1
        headers = {"Authorization": f"Bearer {self.tokens[username]}"}
        try:
            response = await http.post("/graphql", json=body, headers=headers)
        except httpx.TransportError:
            return None
        self._tally(response.status_code)
        payload = acknowledgement(response, field_name)
        if payload is not None and body["query"].startswith("mutation") and self._lose():
            return None
        return payload

    def _tally(self, status: int) -> None:
        if status == HTTP_SERVICE_UNAVAILABLE:
            self.unavailable_answers += 1
        elif status >= HTTP_SERVER_ERROR:
            self.server_errors += 1

    def _lose(self) -> bool:
        every = self.config.lose_every
        if every > 0 and next(self._mutations) % every == 0:
            self.lost_answers += 1
            return True
        return False


def _settle(operation: Operation, payload: dict[str, Any] | None) -> None:
    """Record the outcome (and a refusal's code) of an answered or abandoned operation."""
    if payload is None:
        operation.outcome = Outcome.UNKNOWN
    elif codes := error_codes(payload):
        operation.outcome = Outcome.REFUSED
        operation.answer["code"] = codes[0]
    else:
        operation.outcome = Outcome.OK


def _backoff(attempts: int) -> float:
    return BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1] * (0.5 + random.random())
