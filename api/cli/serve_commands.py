"""``serve``, ``load-demo`` and ``export-schema``."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.progress import Progress

from api.schema import schema
from governance.demo import (
    DEMO_SCALE_DEFAULT,
    HEBEI_RESIDENTS,
    SCALE_MIN,
    Divisions,
    expected_residents,
    load_demo,
)
from governance.people.generator import COUNTY_RESIDENTS
from kit.database import create_engine, create_session_factory, resolve_database_url, session_scope
from kit.embedded import release_embedded, socket_dir_of
from kit.embedded_supervisor import EmbeddedSupervisor
from kit.operator_errors import OperatorError
from kit.settings import Settings, get_settings
from migrations import upgrade_to_head

console = Console(stderr=True)
# Past the statement timeout, so a request in flight at SIGTERM ends by itself, not cut off.
GRACEFUL_SHUTDOWN_MARGIN_SECONDS = 5


# uvicorn kills a worker that does not answer its supervisor's ping in time (default 5 s) and
# starts another. A worker importing the app holds the interpreter for ~2 s of CPU; on a busy
# machine that exceeded 5 s and workers were killed and restarted without end.
WORKER_HEALTHCHECK_SECONDS = 30


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    demo: Annotated[bool, typer.Option(help="Load the Fengning demo data first.")] = False,
    access_log: Annotated[
        bool, typer.Option(help="Log every request (uvicorn's access log).")
    ] = True,
) -> None:
    """Serve GraphQL at /graphql (migrations are applied first)."""
    started = time.monotonic()
    check_port_free(host, port)
    settings = get_settings()
    embedded = settings.database_url is None
    with _stop_signals_end_serving() as received, _embedded_lifetime(settings, embedded):
        url = prepare_database(settings, demo=demo)
        # Workers are separate processes: hand them the resolved URL (embedded server included).
        os.environ["GRASSROOTS_DATABASE_URL"] = url
        elapsed = time.monotonic() - started
        console.print(f"database ready in {elapsed:.2f} s; serving http://{host}:{port}/graphql")
        with _supervised(settings, url, embedded):
            uvicorn.run(
                "api.http.app:app_from_environment",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                log_level="info",
                access_log=access_log,
                timeout_graceful_shutdown=graceful_shutdown_seconds(settings),
                timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
            )
    if received:  # end as the signal would have, now that the embedded server is stopped
        signal.signal(received[0], signal.SIG_DFL)
        signal.raise_signal(received[0])


class _StopSignal(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _stop_signals_end_serving() -> Iterator[list[int]]:
    """SIGTERM and SIGINT end ``serve`` by an exception, so cleanup runs.

    While uvicorn serves, its own handlers drain requests; afterwards it restores these and
    re-raises the signal, which here becomes ``_StopSignal`` instead of the default action
    (an immediate end that skips every cleanup: defect 7 of issue 14). The signal received is
    yielded back for the caller to re-raise once cleanup is done.
    """
    received: list[int] = []

    def handle(signum: int, _frame: FrameType | None) -> None:
        raise _StopSignal(signum)

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield received
    except _StopSignal as stop:
        received.append(stop.signum)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _embedded_lifetime(settings: Settings, embedded: bool) -> Iterator[None]:
    """The embedded server this process uses is released (stopped if last) on the way out."""
    try:
        yield
    finally:
        if embedded:
            release_embedded(settings.pgdata_path)


@contextlib.contextmanager
def _supervised(settings: Settings, url: str, embedded: bool) -> Iterator[None]:
    """While serving, the embedded server is restarted after a crash (kit.embedded_supervisor)."""
    socket_dir = socket_dir_of(url) if embedded else None
    if socket_dir is None:
        yield
        return
    supervisor = EmbeddedSupervisor(settings.pgdata_path, socket_dir)
    supervisor.start()
    try:
        yield
    finally:
        supervisor.stop()


def check_port_free(host: str, port: int) -> None:
    """``OperatorError`` now if uvicorn could not listen there, before the database is started
    and "serving" printed. Bound as uvicorn binds (``SO_REUSEADDR``), then released."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            reason = error.strerror or str(error)
            raise OperatorError(
                f"cannot listen on {host}:{port}: {reason} (another server running there? "
                "choose another with --port)"
            ) from error


def graceful_shutdown_seconds(settings: Settings) -> int:
    return settings.statement_timeout_ms // 1000 + GRACEFUL_SHUTDOWN_MARGIN_SECONDS


def prepare_database(settings: Settings, *, demo: bool, create: bool = True) -> str:
    url = resolve_database_url(settings, create=create)
    upgrade_to_head(url)
    if demo:
        counts = asyncio.run(_load_demo(url, settings, DEMO_SCALE_DEFAULT))
        console.print(f"demo data: {counts}")
    return url


def load_demo_command(
    scale: Annotated[
        float,
        typer.Option(
            min=SCALE_MIN,
            max=1.0,
            help=(
                f"Fraction of the population to generate: the county's ~{COUNTY_RESIDENTS:,}"
                f" residents, or with --divisions hebei the province's ~{HEBEI_RESIDENTS:,}"
                " (every village gets at least two households)."
            ),
        ),
    ] = DEMO_SCALE_DEFAULT,
    divisions: Annotated[
        Divisions,
        typer.Option(
            help=(
                "fengning: the county alone. hebei: every division of Hebei (province, 11"
                " cities, 190 counties, 2,365 townships, 54,145 villages, their grids) with"
                " residents in every village, and the rest of the demo in Fengning."
            ),
        ),
    ] = Divisions.FENGNING,
) -> None:
    """Load the Fengning demo data (idempotent: a second run adds nothing)."""
    settings = get_settings()
    url = prepare_database(settings, demo=False, create=False)
    started = time.monotonic()
    counts = asyncio.run(_load_demo(url, settings, scale, divisions))
    elapsed = time.monotonic() - started
    console.print(f"[green]demo data loaded[/green] in {elapsed:.1f} s: {counts}")


async def _load_demo(
    url: str, settings: Settings, scale: float, divisions: Divisions = Divisions.FENGNING
) -> dict[str, int]:
    engine = create_engine(url, settings)
    expected = expected_residents(divisions, scale)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("residents", total=expected)
            async with session_scope(create_session_factory(engine)) as session:
                return await load_demo(
                    session, scale, lambda rows: progress.advance(task, rows), divisions
                )
    finally:
        await engine.dispose()


def export_schema(
    output: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Print the GraphQL schema (SDL), as committed in schema.graphql."""
    sdl = schema.as_str() + "\n"
    if output is None:
        typer.echo(sdl, nl=False)
    else:
        output.write_text(sdl, encoding="utf-8")
