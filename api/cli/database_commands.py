"""Commands that manage the database itself."""

from __future__ import annotations

from rich.console import Console

from kit.database import resolve_database_url
from kit.settings import get_settings
from migrations import upgrade_to_head

console = Console()


def migrate() -> None:
    """Apply pending migrations to the configured (or embedded) database."""
    url = resolve_database_url(get_settings(), create=True)
    upgrade_to_head(url)
    console.print("[green]database at migration head[/green]")
