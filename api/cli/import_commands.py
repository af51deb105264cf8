"""``grassroots import …``: bulk imports of the rosters village offices keep."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from governance.people.roster import RosterRejected
from governance.people.roster_files import RosterUnreadable, Row, read_roster
from governance.people.service import WriteCounts, import_roster
from kit.clock import SystemClock, local_day
from kit.database import create_engine, create_session_factory, resolve_database_url, session_scope
from kit.settings import Settings, get_settings
from migrations import upgrade_to_head

import_app = typer.Typer(
    help="Import rosters (CSV or .xlsx). A file with any bad row is rejected whole.",
    no_args_is_help=True,
)
console = Console(stderr=True)


@import_app.command("people")
def import_people(
    path: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            help=(
                "Roster (.csv in UTF-8 or GBK/GB18030, or .xlsx), one person per row. "
                "Columns (English or Chinese): "
                "household_number/户号, village_code/村代码, grid_code/网格代码 (optional), "
                "address/地址 (optional), name/姓名, gender/性别, birth_date/出生日期, "
                "id_card_number/身份证号, phone/电话 (optional), relation_to_head/与户主关系, "
                "tags/标签 (optional, separated by ; or 、)."
            ),
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option(help="Validate every row against the database, then write nothing.")
    ] = False,
) -> None:
    """Import residents and their households; validates every row before writing any."""
    started = time.monotonic()
    try:
        rows = read_roster(path)  # a file that is no roster is refused before the database
        settings = get_settings()
        url = resolve_database_url(settings)
        upgrade_to_head(url)
        counts = asyncio.run(import_rows(url, settings, path.name, rows, dry_run=dry_run))
    except RosterUnreadable as unreadable:
        typer.echo(str(unreadable), err=True)
        raise typer.Exit(code=1) from None
    except RosterRejected as rejected:
        console.print(f"[red]{rejected}[/red]")
        raise typer.Exit(code=1) from None
    elapsed = time.monotonic() - started
    verb = (
        "[yellow]valid, not written (dry run)[/yellow]:" if dry_run else "[green]imported[/green]"
    )
    console.print(
        f"{verb} {counts.persons} persons in {counts.households} new households in {elapsed:.1f} s"
    )


async def import_people_file(
    url: str, settings: Settings, path: Path, *, dry_run: bool = False
) -> WriteCounts:
    """Read, validate and write ``path`` in one transaction (nothing written on rejection).

    ``dry_run`` goes all the way (constraints included) and then rolls back.
    """
    return await import_rows(url, settings, path.name, read_roster(path), dry_run=dry_run)


async def import_rows(
    url: str, settings: Settings, name: str, rows: list[Row], *, dry_run: bool = False
) -> WriteCounts:
    """Validate and write rows already read from the file called ``name``."""
    today = local_day(SystemClock().now())
    engine = create_engine(url, settings)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task(f"importing {name}", total=len(rows))
            async with session_scope(create_session_factory(engine)) as session:
                counts = await import_roster(
                    session, rows, today, lambda done: progress.advance(task, done)
                )
                if dry_run:
                    await session.rollback()
                return counts
    finally:
        await engine.dispose()
