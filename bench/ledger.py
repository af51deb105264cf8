"""``grassroots bench ledger``: the ledger against pgbench on the same PostgreSQL.

Scratch databases are created on the configured (or embedded) server, migrated, used for
every measurement and dropped at the end:

1. pgbench's built-in tpcb-like script, 8 clients (scale 1): the reference "one bank transfer
   per commit" rate of this very server. One pgbench transaction is BEGIN, UPDATE an account,
   SELECT its balance, UPDATE a teller, UPDATE the branch, INSERT a history row, END: seven
   round trips (simple protocol), three rows updated and one inserted, one commit. At scale 1
   every transaction updates the one branch row, so its 8 clients queue on that row's lock;
2. single-transfer posting, 8 concurrent writers, one transfer per database transaction:
   ``ledger.post_transfers``, one statement that is its own transaction (``ledger_post_batch``:
   lock both accounts in id order, check the id is new and the overdraft and unit rules,
   insert the transfer with its SHA-256 digest and the balances after it, update both
   accounts): one round trip, two rows updated and one inserted, one commit. Random pairs
   among 10,000 accounts, so writers rarely queue on a lock;
3. batched posting, batches of 1,000 transfers per call and database transaction (the same
   one statement, 1,000 transfers in it);
4. balance read, balance as-of and statement page latency (p50, p99) with 1,000 transfers in
   history (a second scratch database) and with 1,000,000 (``--quick``: 100,000), samples
   interleaved between the two;
5. sealing rate (linking the whole history into the hash chain) and a full ``verify``.

Engines are created without pool pre-ping (three extra round trips per transaction with
asyncpg); 10,000 accounts, random pairs, so writers rarely contend on an account.
"""

from __future__ import annotations

import asyncio
import random
import re
import subprocess
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import asyncpg
from rich.console import Console
from rich.progress import Progress

import ledger
from kit.database import (
    admin_connection,
    create_engine,
    create_session_factory,
    database_of,
    session_scope,
    to_libpq_url,
    with_database,
)
from kit.embedded import embedded_bin
from kit.settings import Settings
from migrations import upgrade_to_head

ACCOUNTS = 10_000
WRITERS = 8
BATCH_SIZE = 1_000
HISTORY_BATCH_SIZE = 5_000


@dataclass(frozen=True)
class Plan:
    seconds: int  # per throughput measurement
    small_history: int
    large_history: int
    samples: int  # per latency measurement

    @classmethod
    def of(cls, quick: bool) -> Plan:
        if quick:
            return cls(seconds=4, small_history=1_000, large_history=100_000, samples=200)
        return cls(seconds=15, small_history=1_000, large_history=1_000_000, samples=1_000)


@dataclass
class Results:
    figures: dict[str, float] = field(default_factory=dict)

    def add(self, key: str, value: float) -> None:
        self.figures[key] = round(value, 3)


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


# --- pgbench ----------------------------------------------------------------------------------


def run_pgbench(url: str, seconds: int, clients: int = WRITERS) -> float:
    """tpcb-like TPS (without initial connection time) of ``clients`` on the URL's database."""
    libpq = to_libpq_url(url)
    pgbench = str(embedded_bin("pgbench"))
    subprocess.run([pgbench, "-i", "-q", "-s", "1", libpq], check=True, capture_output=True)
    threads = min(clients, 2)
    command = [pgbench, "-n", "-c", str(clients), "-j", str(threads), "-T", str(seconds), libpq]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", output)
    assert match is not None, output
    return float(match.group(1))


async def drop_pgbench_tables(url: str) -> None:
    connection = await asyncpg.connect(to_libpq_url(url))
    try:
        for table in ("accounts", "branches", "tellers", "history"):
            await connection.execute(f"DROP TABLE IF EXISTS pgbench_{table}")
    finally:
        await connection.close()


# --- The ledger -------------------------------------------------------------------------------


class Bench:
    def __init__(self, url: str, settings: Settings, plan: Plan, console: Console) -> None:
        self.engine = create_engine(url, settings, pre_ping=False)
        self.factory = create_session_factory(self.engine)
        self.plan = plan
        self.console = console
        self.accounts: list[int] = []
        self.rng = random.Random(20_260_125)
        self.started_at = datetime.now(UTC)
        self.transfers = 0

    async def create_accounts(self) -> None:
        specs = [ledger.AccountSpec(f"bench:{i}", ledger.Unit.POINTS) for i in range(ACCOUNTS)]
        for start in range(0, ACCOUNTS, ledger.BATCH_SIZE_MAX):
            async with session_scope(self.factory) as session:
                results = await ledger.create_accounts(
                    session, specs[start : start + ledger.BATCH_SIZE_MAX]
                )
            self.accounts += [r.account.id for r in results]

    def spec(self, rng: random.Random, accounts: list[int] | None = None) -> ledger.TransferSpec:
        debit, credit = rng.sample(accounts or self.accounts, 2)
        return ledger.TransferSpec(
            id=ledger.new_transfer_id(),
            debit_account_id=debit,
            credit_account_id=credit,
            amount=rng.randint(1, 100),
            unit=ledger.Unit.POINTS,
        )

    async def post(self, specs: list[ledger.TransferSpec]) -> None:
        results = await ledger.post_transfers(self.factory, specs, attempts=10)
        assert all(r.ok for r in results), {r.status for r in results}

    async def rate(self, writers: int, batch_size: int, *, partitioned: bool = False) -> float:
        """Transfers per second over ``plan.seconds``, with ``writers`` concurrent loops; when
        ``partitioned``, each writer keeps to its own share of the accounts (one village's
        households each), so that large batches do not queue on each other's account locks."""
        deadline = time.perf_counter() + self.plan.seconds
        counts = [0] * writers

        async def writer(index: int) -> None:
            rng = random.Random(index)
            accounts = self.accounts[index::writers] if partitioned else self.accounts
            while time.perf_counter() < deadline:
                await self.post([self.spec(rng, accounts) for _ in range(batch_size)])
                counts[index] += batch_size
                self.transfers += batch_size

        start = time.perf_counter()
        await asyncio.gather(*(writer(i) for i in range(writers)))
        return sum(counts) / (time.perf_counter() - start)

    async def fill_history(self, total: int) -> None:
        """Post batches until ``total`` transfers are in the ledger."""
        have = self.transfers
        with Progress(console=self.console, transient=True) as progress:
            task = progress.add_task(f"history to {total:,}", total=total, completed=have)
            while have < total:
                size = min(HISTORY_BATCH_SIZE, total - have)
                await self.post([self.spec(self.rng) for _ in range(size)])
                have += size
                self.transfers += size
                progress.update(task, completed=have)

    def readers(self) -> dict[str, Callable[[], Awaitable[object]]]:
        """One read of each kind, each in its own database transaction, on random accounts."""
        start = self.started_at - timedelta(minutes=1)

        async def balance() -> object:
            async with session_scope(self.factory) as session:
                return await ledger.lookup_accounts(session, [self.rng.choice(self.accounts)])

        async def as_of() -> object:
            span_seconds = (datetime.now(UTC) - start).total_seconds()
            at = start + timedelta(seconds=self.rng.uniform(0, span_seconds))
            async with session_scope(self.factory) as session:
                return await ledger.balance_as_of(session, self.rng.choice(self.accounts), at)

        async def page() -> object:
            async with session_scope(self.factory) as session:
                return await ledger.statement(session, self.rng.choice(self.accounts), limit=50)

        return {"balance_read": balance, "as_of_read": as_of, "statement_page": page}

    async def seal_rate(self) -> float:
        """Transfers linked per second by one sealer catching up with the whole log."""
        started, linked = time.perf_counter(), 0
        while True:
            async with session_scope(self.factory) as session:
                sealed = await ledger.seal(session)
            if sealed.linked == 0:
                return linked / (time.perf_counter() - started)
            linked += sealed.linked

    async def verify_seconds(self) -> float:
        started = time.perf_counter()
        async with session_scope(self.factory) as session:
            report = await ledger.verify(session)
        assert report.ok, [str(v) for v in report.violations[:5]]
        return time.perf_counter() - started


async def measure_reads(small: Bench, large: Bench, results: Results) -> None:
    """Read latencies on both ledgers, samples interleaved so that load on the machine (other
    processes, caches) weighs on both alike; p50 and p99 per kind and size."""
    small_readers, large_readers = small.readers(), large.readers()
    for name in small_readers:
        samples: dict[str, list[float]] = {"small": [], "large": []}
        for _ in range(large.plan.samples):
            for size, read in (("small", small_readers[name]), ("large", large_readers[name])):
                started = time.perf_counter()
                await read()
                samples[size].append((time.perf_counter() - started) * 1000)
        for size, values in samples.items():
            results.add(f"{name}_p50_ms_{size}", percentile(values, 0.50))
            results.add(f"{name}_p99_ms_{size}", percentile(values, 0.99))


async def run_ledger(small: Bench, large: Bench, results: Results) -> None:
    console, plan = large.console, large.plan
    await small.create_accounts()
    await small.fill_history(plan.small_history)
    await large.create_accounts()
    console.print(f"[dim]single transfers, {WRITERS} writers, {plan.seconds} s[/dim]")
    results.add("single_transfer_tps", await large.rate(WRITERS, 1))
    console.print(f"[dim]batches of {BATCH_SIZE:,}: 1 writer, 2 on disjoint accounts[/dim]")
    results.add("batched_transfer_tps", await large.rate(1, BATCH_SIZE))
    results.add("batched_transfer_tps_2_writers", await large.rate(2, BATCH_SIZE, partitioned=True))
    console.print(f"[dim]history of {plan.large_history:,}[/dim]")
    started, before = time.perf_counter(), large.transfers
    await large.fill_history(plan.large_history)
    results.add("history_fill_tps", (large.transfers - before) / (time.perf_counter() - started))
    console.print(
        f"[dim]reads: {plan.small_history:,} vs {large.transfers:,} transfers in history[/dim]"
    )
    await measure_reads(small, large, results)
    results.add("seal_tps", await large.seal_rate())
    results.add("verify_seconds_large", await large.verify_seconds())


# --- The run ----------------------------------------------------------------------------------


async def create_scratch(server_url: str) -> str:
    name = f"grassroots_bench_{uuid.uuid4().hex[:10]}"
    async with admin_connection(server_url) as admin:
        await admin.execute(f'CREATE DATABASE "{name}"')
    return with_database(server_url, name)


async def drop_scratch(url: str) -> None:
    async with admin_connection(url) as admin:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database_of(url)}" WITH (FORCE)')


def run(server_url: str, settings: Settings, quick: bool, console: Console) -> Results:
    """Every measurement on two scratch databases of ``server_url``'s server (small history,
    and everything else), dropped at the end."""
    plan = Plan.of(quick)
    results = Results()
    url = asyncio.run(create_scratch(server_url))
    small_url = asyncio.run(create_scratch(server_url))
    try:
        console.print(f"[dim]pgbench tpcb-like, {WRITERS} clients, {plan.seconds} s[/dim]")
        results.add("pgbench_tps", run_pgbench(url, plan.seconds))
        asyncio.run(drop_pgbench_tables(url))
        upgrade_to_head(url)
        upgrade_to_head(small_url)
        asyncio.run(
            _run_ledger(url, small_url, settings, plan=plan, console=console, results=results)
        )
    finally:
        asyncio.run(drop_scratch(url))
        asyncio.run(drop_scratch(small_url))
    add_ratios(results)
    return results


async def _run_ledger(
    url: str, small_url: str, settings: Settings, *, plan: Plan, console: Console, results: Results
) -> None:
    settings = settings.model_copy(update={"pool_size": WRITERS + 2})
    large = Bench(url, settings, plan, console)
    small = Bench(small_url, settings, plan, console)
    try:
        await run_ledger(small, large, results)
    finally:
        await large.engine.dispose()
        await small.engine.dispose()


def add_ratios(results: Results) -> None:
    figures = results.figures
    results.add("single_vs_pgbench", figures["single_transfer_tps"] / figures["pgbench_tps"])
    results.add("batched_vs_pgbench", figures["batched_transfer_tps"] / figures["pgbench_tps"])
    results.add(
        "balance_read_large_vs_small",
        figures["balance_read_p50_ms_large"] / figures["balance_read_p50_ms_small"],
    )
