"""``grassroots logs …``: prune audit and personal-data access logs past their retention."""

from __future__ import annotations

import asyncio
import datetime as dt

import typer
from rich.console import Console

from governance.access.retention import RetentionViolation, prune_logs
from kit.clock import SystemClock, local_day
from kit.database import create_engine, create_session_factory, resolve_database_url, session_scope
from kit.settings import get_settings
from migrations import upgrade_to_head

logs_app = typer.Typer(help="Audit and personal-data access logs: retention.")
console = Console()


@logs_app.command("prune")
def prune(
    before: str = typer.Option(
        ..., "--before", help="Delete log rows from before this day (YYYY-MM-DD, CST)."
    ),
) -> None:
    """Delete log rows older than BEFORE; refused unless BEFORE is at least the retention
    period (GRASSROOTS_LOG_RETENTION_DAYS, at least 180 days) in the past."""
    day = dt.date.fromisoformat(before)
    url = resolve_database_url(get_settings())
    upgrade_to_head(url)
    try:
        deleted = asyncio.run(_prune(url, day))
    except RetentionViolation as refusal:
        console.print(f"[red]refused[/red]: {refusal}")
        raise typer.Exit(code=1) from refusal
    for table, rows in deleted.items():
        console.print(f"{table}: {rows:,} rows deleted")


async def _prune(url: str, before: dt.date) -> dict[str, int]:
    settings = get_settings()
    engine = create_engine(url, settings)
    today = local_day(SystemClock().now())
    try:
        async with session_scope(create_session_factory(engine)) as session:
            return await prune_logs(
                session, before=before, today=today, retention_days=settings.log_retention_days
            )
    finally:
        await engine.dispose()
