"""``grassroots bench api``: GraphQL throughput and latency as ratios to a bare Strawberry endpoint.

Every server runs one uvicorn worker on this machine; the bare endpoint is measured before and
after the others and the mean is the reference, because these machines are noisy. Between
them, the ceilings (``bench.bare_app``: one read, one durable write, our app doing nothing)
show what any request of each kind can reach at all.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from bench.http_load import LoadResult, post_request, run_load
from bench.ratio_chart import print_ratio_chart
from bench.servers import Server, uvicorn_server

console = Console()
HOST = "127.0.0.1"


def graphql_ok(status: int, body: bytes) -> bool:
    return status == 200 and b'"errors"' not in body


@dataclass(frozen=True)
class Scenario:
    """A named request stream: ``body(n)`` is the JSON body of the n-th request.

    ``paired`` streams compute body and headers together (e.g. a sale decides its cashier);
    ``ok`` is a byte string every successful response must contain (e.g. no userErrors).
    """

    name: str
    body: Callable[[int], dict[str, Any]]
    headers: Callable[[int], dict[str, str]] = lambda _n: {}
    pair: Callable[[int], tuple[dict[str, Any], dict[str, str]]] | None = None
    ok: bytes | None = None

    @classmethod
    def paired(
        cls,
        name: str,
        request_of: Callable[[int], tuple[dict[str, Any], dict[str, str]]],
        ok: bytes | None = None,
    ) -> Scenario:
        return cls(name, lambda _n: {}, pair=request_of, ok=ok)

    def request(self, port: int) -> Callable[[int], bytes]:
        def make(number: int) -> bytes:
            if self.pair is not None:
                body, headers = self.pair(number)
            else:
                body, headers = self.body(number), self.headers(number)
            return post_request(HOST, port, "/graphql", json.dumps(body).encode(), headers)

        return make

    def check(self, status: int, body: bytes) -> bool:
        return graphql_ok(status, body) and (self.ok is None or self.ok in body)


BARE = Scenario("bare", lambda _n: {"query": "{ hello }"})
# Ceilings: the bare endpoint plus one read or one durable write, and our app doing nothing.
BARE_DB = Scenario("bare_db", lambda _n: {"query": "{ one }"})
BARE_WRITE = Scenario("bare_write", lambda _n: {"query": "mutation { write }"})
TYPENAME = Scenario("typename", lambda _n: {"query": "{ __typename }"})
REGION = Scenario(
    "region",
    lambda _n: {"query": '{ regionByCode(code: "130826") { name descendantCount(level: GRID) } }'},
)


@dataclass(frozen=True)
class Sizes:
    connections: int
    requests: int
    warmup: int


QUICK = Sizes(connections=16, requests=1_500, warmup=200)
FULL = Sizes(connections=32, requests=10_000, warmup=1_000)


@dataclass(frozen=True)
class Measured:
    load: LoadResult
    server_cpu_seconds: float

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu_seconds / self.load.requests if self.load.requests else 0.0

    def server_busy(self) -> float:
        """The share of one core the server used: well under 1 means the client was the limit."""
        return self.server_cpu_seconds / self.load.seconds if self.load.seconds else 0.0


async def measure(server: Server, scenario: Scenario, sizes: Sizes) -> Measured:
    port = server.port
    make = scenario.request(port)
    await run_load(HOST, port, make, connections=sizes.connections, requests_total=sizes.warmup)
    cpu_before = server.cpu_seconds()
    load = await run_load(
        HOST, port, make, connections=sizes.connections, requests_total=sizes.requests,
        check=scenario.check,
    )  # fmt: skip
    return Measured(load, server.cpu_seconds() - cpu_before)


# The per-user rate limit (abuse protection) is lifted: the benchmark measures the server.
REAL_SERVER_ENV = {
    "GRASSROOTS_GRAPHIQL": "false",
    "GRASSROOTS_RATE_LIMIT_BURST_REQUESTS": "1000000000",
    "GRASSROOTS_RATE_LIMIT_REFILL_PER_SECOND": "1000000",
}
BARE_READY = "/graphql?query=%7Bhello%7D"
LOGIN = (
    "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) "
    "{ credentials { accessToken } userErrors { code } } }"
)


def sign_in(port: int, logins: dict[str, str], tokens: dict[str, str]) -> None:
    """Fill ``tokens`` (username → access token) by signing each user in on the server."""
    for username, password in logins.items():
        body = {"query": LOGIN, "variables": {"u": username, "p": password}}
        response = httpx.post(f"http://{HOST}:{port}/graphql", json=body, timeout=30)
        payload = response.json()["data"]["login"]
        assert payload["userErrors"] == [], (username, payload)
        tokens[username] = payload["credentials"]["accessToken"]


def run_api_bench(
    database_url: str,
    scenarios: list[Scenario],
    sizes: Sizes,
    json_path: Path | None,
    *,
    logins: dict[str, str] | None = None,
    tokens: dict[str, str] | None = None,
) -> dict[str, float]:
    results: dict[str, Measured] = {}
    bare_runs: list[Measured] = []
    env = {"GRASSROOTS_DATABASE_URL": database_url, **REAL_SERVER_ENV}
    steps = 5 + len(scenarios)  # bare twice, two ceilings, typename, the scenarios
    # Advanced once per scenario, never per request: the load generator shares the machine.
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("bare", total=steps)

        def take(server: Server, scenario: Scenario) -> Measured:
            progress.update(task, description=scenario.name)
            measured = asyncio.run(measure(server, scenario, sizes))
            progress.advance(task)
            return measured

        with uvicorn_server("bench.bare_app:create_bare_app", {}, BARE_READY) as bare:
            bare_runs.append(take(bare, BARE))
            with uvicorn_server("bench.bare_app:create_bare_db_app", env, BARE_READY) as bare_db:
                for reference in (BARE_DB, BARE_WRITE):
                    results[reference.name] = take(bare_db, reference)
            with uvicorn_server("api.http.app:app_from_environment", env, "/readyz") as real:
                sign_in(real.port, logins or {}, tokens if tokens is not None else {})
                for scenario in [TYPENAME, *scenarios]:
                    results[scenario.name] = take(real, scenario)
            bare_runs.append(take(bare, BARE))
    bare_rps = sum(run.load.requests_per_second for run in bare_runs) / len(bare_runs)
    bare_cpu = sum(run.cpu_ms_per_request for run in bare_runs) / len(bare_runs)
    figures = summarise(bare_rps, bare_cpu, bare_runs[0], results)
    if json_path is not None:
        json_path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return figures


def summarise(
    bare_rps: float, bare_cpu_ms: float, bare: Measured, results: dict[str, Measured]
) -> dict[str, float]:
    """The table and the JSON figures. ``× bare`` compares throughput; ``CPU × bare`` compares
    the server's own CPU per request (bare's over the scenario's), which machine noise and a
    saturated load generator disturb far less."""
    table = Table(title="GraphQL over HTTP, one uvicorn worker")
    columns = ("scenario", "req/s", "× bare", "p50 ms", "p99 ms", "CPU ms",
               "CPU × bare", "busy", "failed")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="right", no_wrap=column == "scenario")
    figures: dict[str, float] = {"bare_rps": round(bare_rps, 1)}
    rows = {"bare": bare, **results}
    for name, measured in rows.items():
        result = measured.load
        rps = bare_rps if name == "bare" else result.requests_per_second
        cpu = bare_cpu_ms if name == "bare" else measured.cpu_ms_per_request
        cpu_ratio = bare_cpu_ms / cpu if cpu else 0.0
        figures[f"{name}_rps"] = round(rps, 1)
        figures[f"{name}_ratio"] = round(rps / bare_rps, 3)
        figures[f"{name}_p50_ms"] = round(result.percentile_ms(0.5), 2)
        figures[f"{name}_p99_ms"] = round(result.percentile_ms(0.99), 2)
        figures[f"{name}_cpu_ms_per_request"] = round(cpu, 3)
        figures[f"{name}_cpu_ratio"] = round(cpu_ratio, 3)
        figures[f"{name}_server_busy"] = round(measured.server_busy(), 2)
        figures[f"{name}_failures"] = result.failures
        table.add_row(
            name, f"{rps:,.0f}", f"{rps / bare_rps:.2f}", f"{result.percentile_ms(0.5):.1f}",
            f"{result.percentile_ms(0.99):.1f}", f"{cpu:.2f}", f"{cpu_ratio:.2f}",
            f"{measured.server_busy():.0%}", str(result.failures),
        )  # fmt: skip
    console.print(table)
    ratios = {name: (bare_rps if name == "bare" else m.load.requests_per_second) / bare_rps
              for name, m in rows.items()}  # fmt: skip
    print_ratio_chart(console, ratios)
    return figures
