"""One chaos run: a fresh database and server, the setup, the clients under faults, the check."""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid
from dataclasses import dataclass, field

import asyncpg
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

import ledger
from bench.chaos.checker import Violation, check, check_availability
from bench.chaos.faults import ChaosDatabase, ServerProcess
from bench.chaos.fixture import ChaosFixture, prepare
from bench.chaos.history import History
from bench.chaos.state import Baseline, DatabaseState, read_baseline, read_state
from bench.chaos.workload import Workload, WorkloadConfig
from bench.servers import free_port
from kit.database import (
    admin_connection,
    create_engine,
    create_session_factory,
    database_of,
    ensure_database_exists,
    session_scope,
    to_asyncpg_url,
    to_libpq_url,
    with_database,
)
from kit.settings import Settings, get_settings
from migrations import upgrade_to_head

SERVER_DOWN_SECONDS = 0.5  # between a kill and the restart
DATABASE_DOWN_SECONDS = 1.0


@dataclass(frozen=True)
class ChaosOptions:
    clients: int = 16
    operations: int = 5_000
    server_kills: int = 3
    db_crashes: int = 1
    postmaster_kills: int = 0
    workers: int = 2
    database_url: str | None = None
    unsafe_no_idempotency: bool = False
    weaken_durability: bool = False
    lose_every: int = 50
    seed: int = 1


@dataclass
class ChaosResult:
    history: History
    violations: list[Violation]
    server_kills: int = 0
    db_crashes: int = 0
    postmaster_kills: int = 0
    recovery_seconds_max: float = 0.0
    server_errors: int = 0
    unavailable_answers: int = 0
    lost_answers: int = 0
    setup_seconds: float = 0.0
    workload_seconds: float = 0.0


def server_env(workdir: str) -> dict[str, str]:
    """A throwaway secret and state directory; the per-user rate limit lifted (16 clients share
    nine users); the escalation sweep off (not what this run tests)."""
    return {
        "GRASSROOTS_JWT_SECRET": secrets.token_hex(32),
        "GRASSROOTS_DATA_DIR": workdir,
        "GRASSROOTS_GRAPHIQL": "false",
        "GRASSROOTS_RATE_LIMIT_BURST_REQUESTS": "1000000000",
        "GRASSROOTS_RATE_LIMIT_REFILL_PER_SECOND": "1000000",
        "GRASSROOTS_ESCALATION_SWEEP_INTERVAL_SECONDS": "0",
    }


def fault_schedule(options: ChaosOptions) -> list[tuple[int, str]]:
    """(completed operations, fault) pairs spread evenly over the run, kinds apart."""
    ordered = _interleave(options.server_kills, options.db_crashes, options.postmaster_kills)
    step = options.operations / (len(ordered) + 1)
    return [(round(step * (index + 1)), fault) for index, fault in enumerate(ordered)]


def _interleave(kills: int, crashes: int, postmaster_kills: int) -> list[str]:
    """Each kind spread evenly, then merged in order of their position."""
    slots = [("kill", (i + 1) / (kills + 1)) for i in range(kills)]
    slots += [("crash", (i + 0.5) / (crashes + 0.5)) for i in range(crashes)]
    slots += [("postmaster-kill", (i + 0.75) / (postmaster_kills + 0.75))
              for i in range(postmaster_kills)]  # fmt: skip
    return [name for name, _position in sorted(slots, key=lambda slot: slot[1])]


def server_database(
    options: ChaosOptions, database: ChaosDatabase, name: str, url: str
) -> tuple[str | None, dict[str, str]]:
    """The server's URL and extra environment: with postmaster kills it runs on the embedded
    database itself (``GRASSROOTS_PGDATA``), so that it is the one to bring it back."""
    if not options.postmaster_kills:
        return url, {}
    assert database.pgdata is not None
    return None, {"GRASSROOTS_PGDATA": str(database.pgdata), "GRASSROOTS_DATABASE_NAME": name}


def run_chaos(options: ChaosOptions, console: Console) -> ChaosResult:
    """Set up, run the clients under the faults, check; the database and server go away after
    (a database on an external server is dropped)."""
    settings = get_settings()
    database = ChaosDatabase(options.database_url)
    needs_embedded = options.db_crashes or options.postmaster_kills or options.weaken_durability
    if needs_embedded and not database.crashable:
        database.close()
        raise ValueError("crashes and weakened durability need the embedded server")
    name = f"chaos_{uuid.uuid4().hex[:10]}"
    url = with_database(to_asyncpg_url(database.server_url), name)
    server: ServerProcess | None = None
    try:
        started = time.monotonic()
        with console.status("setting up: migrations, demo data, supermarkets, funded households"):
            fixture, baseline = _set_up(url, settings)
        if options.weaken_durability:
            asyncio.run(database.weaken_durability())
        server_url, database_env = server_database(options, database, name, url)
        server = ServerProcess(
            server_url, free_port(), options.workers,
            server_env(str(database.workdir)) | database_env, database.workdir / "server.log",
        )  # fmt: skip
        server.start()
        setup_seconds = time.monotonic() - started
        result = _exercise(options, fixture, server, database, console)
        result.setup_seconds = setup_seconds
        server.stop()
        with console.status("checking the database against the history"):
            state = asyncio.run(_read_state(url))
        result.violations = [
            *check(result.history, state, baseline),
            *check_availability(result.server_errors, result.recovery_seconds_max),
        ]
        return result
    finally:
        if server is not None:
            server.stop()
        try:
            if not database.crashable:
                asyncio.run(_drop(url))
        finally:
            database.close()


def _set_up(url: str, settings: Settings) -> tuple[ChaosFixture, Baseline]:
    asyncio.run(ensure_database_exists(url))
    upgrade_to_head(url)
    fixture = asyncio.run(prepare(url, settings))
    return fixture, asyncio.run(_baseline(url))


def _exercise(
    options: ChaosOptions,
    fixture: ChaosFixture,
    server: ServerProcess,
    database: ChaosDatabase,
    console: Console,
) -> ChaosResult:
    config = WorkloadConfig(
        port=server.port, operations=options.operations, clients=options.clients,
        unsafe_no_idempotency=options.unsafe_no_idempotency, lose_every=options.lose_every,
        seed=options.seed,
    )  # fmt: skip
    workload = Workload(config, fixture)
    workload.sign_in()
    started = time.monotonic()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("operations", total=options.operations)
        faults = Faults(server, database, progress, task)
        asyncio.run(_drive(workload, faults, options))
    asyncio.run(workload.announce_all())  # approved awards onto the notice board, faults over
    return ChaosResult(
        workload.history, [], server.kills, database.crashes, database.postmaster_kills,
        max(faults.recovery_seconds, default=0.0), workload.server_errors,
        workload.unavailable_answers, workload.lost_answers,
        workload_seconds=time.monotonic() - started,
    )  # fmt: skip


@dataclass
class Faults:
    """What the fault injector acts on, and where it says what it is doing."""

    server: ServerProcess
    database: ChaosDatabase
    progress: Progress
    task: TaskID
    recovery_seconds: list[float] = field(default_factory=list)

    def show(self, doing: str | None) -> None:
        suffix = f" ({doing})" if doing else ""
        self.progress.update(self.task, description=f"operations{suffix}")


async def _drive(workload: Workload, faults: Faults, options: ChaosOptions) -> None:
    injector = asyncio.create_task(_inject(workload, faults, options))
    await workload.run(lambda: faults.progress.advance(faults.task))
    await injector


async def _inject(workload: Workload, faults: Faults, options: ChaosOptions) -> None:
    for threshold, fault in fault_schedule(options):
        await workload.wait_completed(threshold)
        if fault == "kill":
            faults.show("killing the server")
            await asyncio.to_thread(_kill_and_restart, faults.server)
        elif fault == "crash":
            faults.show("crashing PostgreSQL")
            await asyncio.to_thread(faults.database.crash, DATABASE_DOWN_SECONDS)
        else:
            faults.show("killing the postmaster; the server restarts it")
            faults.database.kill_postmaster()
            faults.recovery_seconds.append(await asyncio.to_thread(faults.server.wait_ready))
        faults.show(None)


def _kill_and_restart(server: ServerProcess) -> None:
    server.kill()
    time.sleep(SERVER_DOWN_SECONDS)
    server.start()


async def _baseline(url: str) -> Baseline:
    connection = await asyncpg.connect(to_libpq_url(url))
    try:
        return await read_baseline(connection)
    finally:
        await connection.close()


async def _read_state(url: str) -> DatabaseState:
    """Seal and verify the ledger in-process (as ``grassroots ledger verify``), then read."""
    engine = create_engine(url, get_settings().model_copy(update={"statement_timeout_ms": 0}))
    try:
        factory = create_session_factory(engine)
        while True:
            async with session_scope(factory) as session:
                if (await ledger.seal(session)).linked == 0:
                    break
        async with session_scope(factory) as session:
            report = await ledger.verify(session)
    finally:
        await engine.dispose()
    connection = await asyncpg.connect(to_libpq_url(url))
    try:
        state = await read_state(connection)
    finally:
        await connection.close()
    state.verify_violations = [str(violation) for violation in report.violations]
    return state


async def _drop(url: str) -> None:
    async with admin_connection(url) as admin:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database_of(url)}" WITH (FORCE)')
