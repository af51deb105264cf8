"""Commands that manage the database itself."""

from __future__ import annotations

import asyncio

from rich.console import Console

from governance.regions.service import load_fengning
from kit.database import create_engine, create_session_factory, resolve_database_url, session_scope
from kit.settings import Settings, get_settings
from migrations import upgrade_to_head

console = Console()


def migrate() -> None:
    """Apply pending migrations to the configured (or embedded) database."""
    url = resolve_database_url(get_settings(), create=True)
    upgrade_to_head(url)
    console.print("[green]database at migration head[/green]")


def load_regions() -> None:
    """Load Fengning's official divisions (county, townships, villages) and its 797 grids.

    Reference data, not demo data: the first step of a real deployment, before the first
    administrator is created. Re-running adds nothing.
    """
    settings = get_settings()
    url = resolve_database_url(settings, create=True)
    upgrade_to_head(url)
    inserted = asyncio.run(_load_regions(url, settings))
    console.print(f"[green]regions loaded[/green]: {inserted} new")


async def _load_regions(url: str, settings: Settings) -> int:
    engine = create_engine(url, settings)
    try:
        async with session_scope(create_session_factory(engine)) as session:
            return await load_fengning(session)
    finally:
        await engine.dispose()
