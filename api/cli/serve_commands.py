"""``serve``, ``load-demo`` and ``export-schema``."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.progress import Progress

from api.schema import schema
from governance.demo import DEMO_SCALE_DEFAULT, SCALE_MIN, load_demo
from governance.people.generator import COUNTY_RESIDENTS
from kit.database import create_engine, create_session_factory, resolve_database_url, session_scope
from kit.settings import Settings, get_settings
from migrations import upgrade_to_head

console = Console(stderr=True)
# Past the statement timeout, so a request in flight at SIGTERM ends by itself, not cut off.
GRACEFUL_SHUTDOWN_MARGIN_SECONDS = 5


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
    settings = get_settings()
    url = prepare_database(settings, demo=demo)
    # Workers are separate processes: hand them the resolved URL (embedded server included).
    os.environ["GRASSROOTS_DATABASE_URL"] = url
    elapsed = time.monotonic() - started
    console.print(f"database ready in {elapsed:.2f} s; serving http://{host}:{port}/graphql")
    uvicorn.run(
        "api.http.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        access_log=access_log,
        timeout_graceful_shutdown=graceful_shutdown_seconds(settings),
    )


def graceful_shutdown_seconds(settings: Settings) -> int:
    return settings.statement_timeout_ms // 1000 + GRACEFUL_SHUTDOWN_MARGIN_SECONDS


def prepare_database(settings: Settings, *, demo: bool) -> str:
    url = resolve_database_url(settings)
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
            help=f"Fraction of the county's ~{COUNTY_RESIDENTS:,} residents to generate.",
        ),
    ] = DEMO_SCALE_DEFAULT,
) -> None:
    """Load the Fengning demo data (idempotent: a second run adds nothing)."""
    settings = get_settings()
    url = prepare_database(settings, demo=False)
    started = time.monotonic()
    counts = asyncio.run(_load_demo(url, settings, scale))
    elapsed = time.monotonic() - started
    console.print(f"[green]demo data loaded[/green] in {elapsed:.1f} s: {counts}")


async def _load_demo(url: str, settings: Settings, scale: float) -> dict[str, int]:
    engine = create_engine(url, settings)
    expected = round(COUNTY_RESIDENTS * scale)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("residents", total=expected)
            async with session_scope(create_session_factory(engine)) as session:
                return await load_demo(session, scale, lambda rows: progress.advance(task, rows))
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
