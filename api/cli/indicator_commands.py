"""``grassroots indicators …``: store the plan's indicators as this month's snapshot."""

from __future__ import annotations

import asyncio
import datetime as dt

import typer
from rich.console import Console

from governance.indicators import service
from kit.clock import SystemClock, local_day
from kit.database import create_engine, create_session_factory, resolve_database_url, session_scope
from kit.settings import get_settings
from migrations import upgrade_to_head

indicators_app = typer.Typer(help="The county plan's targets as indicators: snapshots.")
console = Console()


@indicators_app.command("snapshot")
def snapshot(
    as_of: str | None = typer.Option(
        None, "--as-of", help="Day to compute for, YYYY-MM-DD (default: the county's today, UTC+8)."
    ),
) -> None:
    """Compute every indicator for each county and township and store this month's values."""
    day = dt.date.fromisoformat(as_of) if as_of else local_day(SystemClock().now())
    url = resolve_database_url(get_settings())
    upgrade_to_head(url)
    rows = asyncio.run(_snapshot(url, day))
    console.print(f"[green]{rows} indicator values stored for {day:%Y-%m}[/green]")


async def _snapshot(url: str, day: dt.date) -> int:
    engine = create_engine(url, get_settings())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            return await service.take_snapshot(session, day)
    finally:
        await engine.dispose()
