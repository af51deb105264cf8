"""The ``peer`` rows of ``grassroots bench api``: our server next to PostGraphile 4.

PostGraphile is what users would pick instead for a GraphQL API over PostgreSQL. Both serve the
same scratch database (the demo and the bank's fixture), one process each, and get the same four
queries from the same load generator at the same concurrency, in alternating order (ours then
theirs, then theirs then ours); region and nested are also sent to us by ``documentId``, as
trusted documents (rows ``region_id``, ``nested_id``). Before measuring, each query is sent once
to both and the answers' data must agree. CPU per request counts the server process and
PostgreSQL (every process of the cluster), since PostGraphile pushes work into SQL that we do
in Python.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from strawberry import relay

from bench.api import HOST, REAL_SERVER_ENV, Scenario, sign_in
from bench.bank import RESIDENT, BankFixture
from bench.http_load import run_load
from bench.postgraphile import (
    PeerUnavailable,
    PostgresCpu,
    install_postgraphile,
    postgraphile_server,
    postgres_cpu,
)
from bench.servers import Server, uvicorn_server
from governance import documents
from governance.documents import document_id_of
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings

COUNTY = "130826"
# The county → its 27 townships → the first 20 villages of each.
TOWNSHIPS_MAX = 100
VILLAGES_FIRST = 20
OURS_NESTED = (
    f'{{ regionByCode(code: "{COUNTY}") {{ children(first: {TOWNSHIPS_MAX}) {{ edges {{ node {{ '
    f"code name children(first: {VILLAGES_FIRST}) {{ edges {{ node {{ code name }} }} }} "
    "} } } } }"
)
THEIRS_NESTED = (
    f'{{ regionByCode(code: "{COUNTY}") {{ regionsByParentId(orderBy: CODE_ASC) {{ nodes {{ '
    f"code name regionsByParentId(first: {VILLAGES_FIRST}, orderBy: CODE_ASC) "
    "{ nodes { code name } } } } } }"
)
REGION = f'{{ regionByCode(code: "{COUNTY}") {{ name level }} }}'
OURS_BALANCE = (
    "query($id: ID!) { pointsAccount(id: $id) { availablePoints pendingAwardPoints "
    "pendingDeductionPoints } }"
)
THEIRS_BALANCE = (
    "query($id: BigInt!) { bankHolderById(id: $id) { accountByPointsAccountId { "
    "creditsPosted debitsPosted creditsPending debitsPending } } }"
)


@dataclass(frozen=True)
class PeerSizes:
    connections: int
    warmup_seconds: float
    seconds: float
    rounds: int = 2


PEER_QUICK = PeerSizes(connections=16, warmup_seconds=1.0, seconds=3.0)
PEER_FULL = PeerSizes(connections=16, warmup_seconds=2.0, seconds=8.0)


@dataclass(frozen=True)
class PeerQuery:
    """One query as each server is asked it, and how to read both answers as the same data."""

    name: str
    ours: Scenario
    theirs: Scenario
    ours_data: Callable[[Any], Any]
    theirs_data: Callable[[Any], Any]


def peer_queries(fixture: BankFixture, tokens: dict[str, str]) -> list[PeerQuery]:
    _type, holder_id = relay.from_base64(fixture.resident_account_id)

    def bearer(_n: int) -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[RESIDENT[0]]}"}

    def plain(name: str, query: str) -> Scenario:
        return Scenario(name, lambda _n: {"query": query})

    def by_id(name: str, query: str) -> Scenario:
        """The same query as a trusted document (``documentId``): no text to look up or parse."""
        document_id = document_id_of(query)
        return Scenario(name, lambda _n: {"documentId": document_id})

    same: Callable[[Any], Any] = lambda data: data  # noqa: E731
    ours_balance = {"query": OURS_BALANCE, "variables": {"id": fixture.resident_account_id}}
    theirs_balance = {"query": THEIRS_BALANCE, "variables": {"id": holder_id}}
    return [
        PeerQuery("typename", plain("typename", "{ __typename }"),
                  plain("typename", "{ __typename }"), same, same),
        PeerQuery("region", plain("region", REGION), plain("region", REGION), same, same),
        PeerQuery("nested", plain("nested", OURS_NESTED), plain("nested", THEIRS_NESTED),
                  _our_tree, _their_tree),
        PeerQuery("balance", Scenario("balance", lambda _n: ours_balance, bearer),
                  Scenario("balance", lambda _n: theirs_balance), same, _their_balance),
        PeerQuery("region_id", by_id("region_id", REGION), plain("region", REGION), same, same),
        PeerQuery("nested_id", by_id("nested_id", OURS_NESTED), plain("nested", THEIRS_NESTED),
                  _our_tree, _their_tree),
    ]  # fmt: skip


async def register_documents(database_url: str) -> None:
    """Our region and nested queries as trusted documents (``grassroots documents register``)."""
    engine = create_engine(database_url, Settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            texts = (REGION, OURS_NESTED)
            await documents.register(session, {document_id_of(text): text for text in texts})
    finally:
        await engine.dispose()


def _items(connection: dict[str, Any]) -> list[dict[str, Any]]:
    """A connection's nodes, from ``nodes`` or ``edges { node }``."""
    if "nodes" in connection:
        return list(connection["nodes"])
    return [edge["node"] for edge in connection["edges"]]


def _our_tree(data: Any) -> list[Any]:
    return [
        (township["code"], township["name"],
         [(village["code"], village["name"]) for village in _items(township["children"])])
        for township in _items(data["regionByCode"]["children"])
    ]  # fmt: skip


def _their_tree(data: Any) -> list[Any]:
    return [
        (township["code"], township["name"],
         [(village["code"], village["name"]) for village in township["regionsByParentId"]["nodes"]])
        for township in data["regionByCode"]["regionsByParentId"]["nodes"]
    ]  # fmt: skip


def _their_balance(data: Any) -> dict[str, Any]:
    wallet = {name: int(value) for name, value in
              data["bankHolderById"]["accountByPointsAccountId"].items()}  # fmt: skip
    available = wallet["creditsPosted"] - wallet["debitsPosted"] - wallet["debitsPending"]
    return {"pointsAccount": {
        "availablePoints": available,
        "pendingAwardPoints": wallet["creditsPending"],
        "pendingDeductionPoints": wallet["debitsPending"],
    }}  # fmt: skip


class PeerMismatch(Exception):
    """The two servers answered one query with different data: the comparison would be void."""


def check_same_answers(query: PeerQuery, ours: Server, theirs: Server) -> None:
    ours_data = query.ours_data(_data_of(ours, query.ours))
    theirs_data = query.theirs_data(_data_of(theirs, query.theirs))
    if ours_data != theirs_data:
        raise PeerMismatch(f"{query.name}: ours {ours_data!r} ≠ PostGraphile's {theirs_data!r}")


def _data_of(server: Server, scenario: Scenario) -> Any:
    response = httpx.post(
        f"http://{HOST}:{server.port}/graphql",
        json=scenario.body(0), headers=scenario.headers(0), timeout=30,
    )  # fmt: skip
    answer = response.json()
    if response.status_code != 200 or "errors" in answer:
        raise PeerMismatch(f"{scenario.name} on port {server.port}: {response.text[:500]}")
    return answer["data"]


@dataclass
class Tally:
    """One server's measured rounds of one query, summed."""

    requests: int = 0
    failures: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0
    postgres_cpu: float | None = None
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def per_request_ms(self, seconds: float | None) -> float | None:
        if seconds is None or not self.requests:
            return None
        return 1000 * seconds / self.requests

    @property
    def total_cpu_ms(self) -> float | None:
        if self.postgres_cpu is None:
            return self.per_request_ms(self.server_cpu)
        return self.per_request_ms(self.server_cpu + self.postgres_cpu)


async def _round(
    server: Server, scenario: Scenario, seconds: float, *, connections: int,
    meter: PostgresCpu | None, tally: Tally,
) -> None:  # fmt: skip
    make = scenario.request(server.port)
    cpu_before = server.cpu_seconds()
    postgres_before = meter.seconds() if meter else None
    load = await run_load(
        HOST, server.port, make, connections=connections, seconds=seconds, check=scenario.check
    )
    tally.server_cpu += server.cpu_seconds() - cpu_before
    if meter is not None and postgres_before is not None:
        tally.postgres_cpu = (tally.postgres_cpu or 0.0) + meter.seconds() - postgres_before
    tally.requests += load.requests
    tally.failures += load.failures
    tally.seconds += load.seconds
    tally.latencies_ms += load.latencies_ms


def measure_pair(
    query: PeerQuery, ours: Server, theirs: Server, sizes: PeerSizes, meter: PostgresCpu | None
) -> tuple[Tally, Tally]:
    """Warm both up, then ``rounds`` rounds, each server in turn, alternating who goes first."""
    tallies = (Tally(), Tally())
    sides = ((ours, query.ours), (theirs, query.theirs))
    for server, scenario in sides:
        warmup = _round(server, scenario, sizes.warmup_seconds,
                        connections=sizes.connections, meter=None, tally=Tally())  # fmt: skip
        asyncio.run(warmup)
    for number in range(sizes.rounds):
        order = (0, 1) if number % 2 == 0 else (1, 0)
        for side in order:
            server, scenario = sides[side]
            tally = tallies[side]
            measured = _round(server, scenario, sizes.seconds,
                              connections=sizes.connections, meter=meter, tally=tally)  # fmt: skip
            asyncio.run(measured)
    return tallies


def run_peer_bench(
    database_url: str,
    fixture: BankFixture,
    sizes: PeerSizes,
    scratch: Path,
    console: Console,
) -> dict[str, Any]:
    """Measure the four peer queries; where PostGraphile cannot run, say why and skip them."""
    try:
        cli = install_postgraphile(scratch)
    except PeerUnavailable as reason:
        console.print(f"[yellow]peer rows skipped: {reason}[/yellow]")
        return {"peer_skipped": str(reason)}
    meter = postgres_cpu(database_url)
    tokens: dict[str, str] = {}
    queries = peer_queries(fixture, tokens)
    env = {"GRASSROOTS_DATABASE_URL": database_url, **REAL_SERVER_ENV}
    results: dict[str, tuple[Tally, Tally]] = {}
    asyncio.run(register_documents(database_url))
    with (
        uvicorn_server("api.http.app:app_from_environment", env, "/readyz") as ours,
        postgraphile_server(cli, database_url) as theirs,
    ):
        sign_in(ours.port, {RESIDENT[0]: RESIDENT[1]}, tokens)
        for query in queries:
            check_same_answers(query, ours, theirs)
        with console.status("peer: ours and PostGraphile in turn") as status:
            for query in queries:
                status.update(f"peer: {query.name}")
                results[query.name] = measure_pair(query, ours, theirs, sizes, meter)
    return summarise_peer(results, sizes, meter is not None, console)


def summarise_peer(
    results: dict[str, tuple[Tally, Tally]], sizes: PeerSizes, with_postgres: bool,
    console: Console,
) -> dict[str, Any]:  # fmt: skip
    """The table and the figures: req/s of each, CPU ms per request (server, PostgreSQL, both),
    and the ratios ours/PostGraphile (throughput) and PostGraphile's/ours (total CPU)."""
    title = (f"Ours vs PostGraphile 4 (theirs), one process each, {sizes.connections} "
             f"connections, {sizes.rounds} × {sizes.seconds:g} s alternating; CPU ms per "
             "request = server + PostgreSQL")  # fmt: skip
    table = Table(title=title)
    columns = ("query", "ours/s", "theirs/s", "×", "ours CPU", "theirs CPU", "CPU ×", "failed")
    for column in columns:
        table.add_column(column, justify="right", no_wrap=column == "query")
    figures: dict[str, Any] = {}
    for name, (ours, theirs) in results.items():
        ratio = ours.rps / theirs.rps if theirs.rps else 0.0
        ours_cpu, theirs_cpu = ours.total_cpu_ms, theirs.total_cpu_ms
        cpu_ratio = theirs_cpu / ours_cpu if ours_cpu and theirs_cpu else 0.0
        for side, tally in (("ours", ours), ("postgraphile", theirs)):
            prefix = f"peer_{name}_{side}"
            figures[f"{prefix}_rps"] = round(tally.rps, 1)
            figures[f"{prefix}_server_cpu_ms"] = _rounded(tally.per_request_ms(tally.server_cpu))
            figures[f"{prefix}_postgres_cpu_ms"] = _rounded(
                tally.per_request_ms(tally.postgres_cpu)
            )
            figures[f"{prefix}_failures"] = tally.failures
        figures[f"peer_{name}_ratio"] = round(ratio, 3)
        figures[f"peer_{name}_cpu_ratio"] = round(cpu_ratio, 3)
        table.add_row(
            name, f"{ours.rps:,.0f}", f"{theirs.rps:,.0f}", f"{ratio:.2f}",
            _cpu_cell(ours), _cpu_cell(theirs), f"{cpu_ratio:.2f}",
            f"{ours.failures}/{theirs.failures}",
        )  # fmt: skip
    console.print(table)
    if not with_postgres:
        console.print("[dim]PostgreSQL is not on this machine: CPU is the servers' own.[/dim]")
    return figures


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _cpu_cell(tally: Tally) -> str:
    server = tally.per_request_ms(tally.server_cpu) or 0.0
    postgres = tally.per_request_ms(tally.postgres_cpu)
    if postgres is None:
        return f"{server:.2f}"
    return f"{_short(server)}+{_short(postgres)}"


def _short(milliseconds: float) -> str:
    return f"{milliseconds:.2f}" if milliseconds < 10 else f"{milliseconds:.1f}"
