"""``grassroots bench scale``: does a request cost the same on a province's data as on a county's?

Each size is a database loaded with ``grassroots load-demo`` (``bench.scale_databases``) and an
API server on it: one uvicorn worker, the public-answer cache off (every request executes) and
statement counting on (``GRASSROOTS_DEBUG_SQL``: each answer reports its SQL statements). The
servers of all sizes run side by side and are measured in rounds, each round every request kind
on every size, so that the load of this shared machine falls on all sizes alike. Requests are
sequential (one connection): latency, not throughput, is what grows with the data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import statistics
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress

from bench.api import HOST, REAL_SERVER_ENV, graphql_ok, sign_in
from bench.http_load import post_request, run_load
from bench.scale_databases import Loaded, drop, prepare
from bench.scale_figures import Sample, Size
from bench.scale_report import Report, print_report
from bench.scale_requests import Request, requests, statements_of
from bench.scale_sale import CASHIER_PASSWORD, COUNTY_ADMIN, RESIDENT, SaleFixture, prepare_sale
from bench.servers import Server, uvicorn_server
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings

TIMED_MIN = 2  # timed requests of a kind per round, however slow
READY_SECONDS = 180.0  # a server starting next to a province's load on a busy machine
ERROR_SHOWN = 300  # characters of the first failed answer of a kind, shown under the table
SERVER_ENV = {
    **REAL_SERVER_ENV,
    "GRASSROOTS_BACKGROUND_TASKS": "false",
    "GRASSROOTS_PUBLIC_ANSWER_CACHE": "false",  # measure execution, not a kept answer
    "GRASSROOTS_DEBUG_SQL": "true",  # each answer reports its statement count
}


@dataclass(frozen=True)
class Plan:
    sizes: list[Size]
    databases: list[str]
    requests: int = 100
    warmup: int = 10
    rounds: int = 2
    keep: bool = False
    extrapolate_to: int | None = None
    budget_seconds: float = 60.0  # per request kind and size: a slow kind gets fewer requests


@dataclass
class Measured:
    """What one size's requests gave, accumulated over the rounds."""

    loaded: Loaded
    kinds: list[Request]
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statements: dict[str, list[int | None]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def sample(self, name: str) -> Sample:
        return Sample(
            tuple(self.latencies.get(name, [])),
            tuple(self.statements.get(name, [])),
            self.failures.get(name, 0),
            self.errors.get(name),
        )


@dataclass
class Running:
    measured: Measured
    server: Server
    tokens: dict[str, str]


def run_scale_bench(
    settings: Settings, plan: Plan, json_path: Path | None, console: Console
) -> dict[str, Any]:
    loaded: list[Loaded] = []
    try:
        for size, name in zip(plan.sizes, plan.databases, strict=True):
            console.print(f"[bold]{size.label}[/bold]: database {name}")
            base = plan.databases[plan.sizes.index(size.base)] if size.base else None
            loaded.append(prepare(settings, size, name, base))
            console.print(f"  {loaded[-1].persons:,} persons, top region {loaded[-1].top_code}")
        measured = _measure_all(settings, plan, loaded, console)
    finally:
        if not plan.keep:
            for item, name in zip(loaded, plan.databases, strict=False):
                if item.created:
                    drop(settings, name)
    kinds = measured[0].kinds
    report = Report.of(
        [(m.loaded, {kind.name: m.sample(kind.name) for kind in kinds}) for m in measured],
        {kind.name: kind.title for kind in kinds},
        {kind.name for kind in kinds if kind.done_when},
        plan.extrapolate_to,
    )
    print_report(console, report)
    figures = report.figures()
    if json_path is not None:
        json_path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", "utf-8")
        console.print(f"[green]wrote {json_path}[/green]")
    return figures


def _measure_all(
    settings: Settings, plan: Plan, loaded: list[Loaded], console: Console
) -> list[Measured]:
    tag = f"{dt.datetime.now(dt.UTC):%d%H%M}{uuid.uuid4().hex[:4]}"  # short: a rule code
    fixtures = [asyncio.run(_prepare_sale(item.url, settings, tag)) for item in loaded]
    with ExitStack() as stack:
        running = [
            stack.enter_context(_serve(item, fixture, settings))
            for item, fixture in zip(loaded, fixtures, strict=True)
        ]
        kinds = len(running[0].measured.kinds)
        per_round = [_share(plan.requests, plan.rounds, turn) for turn in range(plan.rounds)]
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("rounds", total=plan.rounds * len(running) * kinds)
            for turn, count in enumerate(per_round):
                for run in running:
                    for kind in run.measured.kinds:
                        progress.update(
                            task, description=f"round {turn + 1} {run.measured.loaded.size.label} "
                            f"{kind.name}"
                        )  # fmt: skip
                        warmup = plan.warmup if turn == 0 else 0
                        budget = plan.budget_seconds / plan.rounds
                        asyncio.run(_take(run, kind, warmup, count, budget))
                        progress.advance(task)
    return [run.measured for run in running]


def _share(total: int, rounds: int, turn: int) -> int:
    """Round ``turn``'s part of ``total`` requests (the first rounds take the remainder)."""
    return total // rounds + (1 if turn < total % rounds else 0)


async def _prepare_sale(url: str, settings: Settings, tag: str) -> SaleFixture:
    engine = create_engine(url, settings)
    try:
        async with session_scope(create_session_factory(engine)) as session:
            return await prepare_sale(session, settings, tag)
    finally:
        await engine.dispose()


@contextmanager
def _serve(loaded: Loaded, fixture: SaleFixture, settings: Settings) -> Iterator[Running]:
    env = {"GRASSROOTS_DATABASE_URL": loaded.url, **SERVER_ENV}
    app = "api.http.app:app_from_environment"
    with uvicorn_server(app, env, "/readyz", READY_SECONDS) as server:
        tokens: dict[str, str] = {}
        logins = dict([COUNTY_ADMIN, RESIDENT, (fixture.cashier, CASHIER_PASSWORD)])
        sign_in(server.port, logins, tokens)
        measured = Measured(loaded, requests(loaded.top_code, fixture))
        yield Running(measured, server, tokens)


async def _take(run: Running, kind: Request, warmup: int, count: int, budget: float) -> None:
    """``warmup`` requests of the kind, then ``count`` timed ones, one after another; fewer
    (no warm-up, at least ``TIMED_MIN`` timed) where that many would take over ``budget``
    seconds, judged by the kind's median so far or by a first, untimed request."""
    port = run.server.port
    headers = {"Authorization": f"Bearer {run.tokens[kind.user]}"} if kind.user else {}

    def make(number: int) -> bytes:
        body = kind.make(number)
        if body is None:
            return get_request(port, kind.path, headers)
        return post_request(HOST, port, kind.path, json.dumps(body).encode(), headers)

    seen: list[int | None] = []
    errors = run.measured.errors

    def check(status: int, body: bytes) -> bool:
        seen.append(statements_of(body))
        if kind.path != "/graphql":
            good = status == 200
        else:
            good = graphql_ok(status, body) and (kind.ok is None or kind.ok in body)
        if not good:
            errors.setdefault(kind.name, f"{status} {body[:ERROR_SHOWN].decode(errors='replace')}")
        return good

    known = run.measured.latencies.get(kind.name)
    if known:
        each = statistics.median(known) / 1000
    else:
        each = (await run_load(HOST, port, make, connections=1, requests_total=1)).seconds
        warmup = max(warmup - 1, 0)
    if each * (warmup + count) > budget:
        warmup, count = 0, min(count, max(TIMED_MIN, int(budget / each)))
    if warmup:
        await run_load(HOST, port, make, connections=1, requests_total=warmup)
    result = await run_load(HOST, port, make, connections=1, requests_total=count, check=check)
    measured = run.measured
    measured.latencies.setdefault(kind.name, []).extend(result.latencies_ms)
    measured.statements.setdefault(kind.name, []).extend(seen)
    measured.failures[kind.name] = measured.failures.get(kind.name, 0) + result.failures


def get_request(port: int, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()
