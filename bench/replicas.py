"""``grassroots bench replicas``: a read-heavy load (the region query, the public answer cache
off) on one API process, with no replica and then with a local streaming standby; where the
reads went is read from each server's own transaction counter (``pg_stat_database.xact_commit``
of the scratch database).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from rich.console import Console
from rich.table import Table

from bench.api import QUICK, REAL_SERVER_ENV, REGION, Measured, Sizes, measure
from bench.scratch import scratch_database
from bench.servers import uvicorn_server
from governance.regions.service import load_fengning
from kit.database import (
    create_engine,
    create_session_factory,
    database_of,
    session_scope,
    to_libpq_url,
    with_database,
)
from kit.settings import Settings
from kit.standby import create_standby, remove_standby

console = Console()
STATS_FLUSH_SECONDS = 1.5  # backends report their counts to pg_stat_database within a second
COMMITS_SQL = "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"


@dataclass(frozen=True)
class Run:
    name: str
    measured: Measured
    primary_transactions: int
    replica_transactions: int


def run_replica_bench(settings: Settings, sizes: Sizes = QUICK) -> list[Run]:
    with scratch_database(settings, "bench_replicas") as url:
        asyncio.run(_load_regions(url, settings))
        standby_dir = Path(tempfile.mkdtemp(prefix="standby-", dir=settings.data_dir.resolve()))
        standby_dir.rmdir()  # create_standby wants a new directory
        try:
            replica = with_database(create_standby(to_libpq_url(url), standby_dir), "postgres")
            replica = with_database(replica, database_of(url))
            runs = [
                _run("primary only", url, None, sizes),
                _run("with one replica", url, replica, sizes),
            ]
        finally:
            remove_standby(standby_dir, to_libpq_url(url))
    _print(runs)
    return runs


async def _load_regions(url: str, settings: Settings) -> None:
    engine = create_engine(url, settings)
    async with session_scope(create_session_factory(engine)) as session:
        await load_fengning(session)
    await engine.dispose()


def _run(name: str, url: str, replica: str | None, sizes: Sizes) -> Run:
    env = {
        "GRASSROOTS_DATABASE_URL": url,
        **REAL_SERVER_ENV,
        "GRASSROOTS_BACKGROUND_TASKS": "false",
        # Each request executed (an anonymous answer kept for everyone is made on the primary).
        "GRASSROOTS_PUBLIC_ANSWER_CACHE": "false",
    }
    if replica is not None:
        env["GRASSROOTS_REPLICA_URLS"] = replica
    with uvicorn_server("api.http.app:app_from_environment", env, "/readyz") as server:
        before = asyncio.run(_commits(url, replica))
        measured = asyncio.run(measure(server, REGION, sizes))
        time.sleep(STATS_FLUSH_SECONDS)
        after = asyncio.run(_commits(url, replica))
    return Run(name, measured, after[0] - before[0], after[1] - before[1])


async def _commits(url: str, replica: str | None) -> tuple[int, int]:
    counts = []
    for server in (url, replica):
        if server is None:
            counts.append(0)
            continue
        connection = await asyncpg.connect(to_libpq_url(server))
        try:
            counts.append(int(await connection.fetchval(COMMITS_SQL)))
        finally:
            await connection.close()
    return counts[0], counts[1]


def _print(runs: list[Run]) -> None:
    table = Table(title="region query, one uvicorn worker (warm-up included in the counts)")
    for column in ("setup", "req/s", "p50 ms", "p99 ms", "failed", "primary tx", "replica tx"):
        table.add_column(column, justify="right")
    for run in runs:
        load = run.measured.load
        table.add_row(
            run.name,
            f"{load.requests_per_second:,.0f}",
            f"{load.percentile_ms(0.5):.1f}",
            f"{load.percentile_ms(0.99):.1f}",
            str(load.failures),
            f"{run.primary_transactions:,}",
            f"{run.replica_transactions:,}",
        )
    console.print(table)
