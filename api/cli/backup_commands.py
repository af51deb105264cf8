"""``grassroots backup FILE`` and ``grassroots restore FILE`` (see ``kit.backup``)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from kit import backup as backups
from kit.database import database_of, resolve_database_url
from kit.settings import get_settings

console = Console()
RESTORE_STEPS = ("creating ", "processing data", "finished item", "processing item")


def _program(name: str, url: str) -> Path:
    embedded = get_settings().database_url is None
    major = asyncio.run(backups.server_major_version(url))
    return backups.client_program(name, major, embedded=embedded)


def backup_command(
    file: Annotated[Path, typer.Argument(help="Archive to write (pg_dump custom format).")],
) -> None:
    """Dump the configured (or embedded) database into FILE."""
    url = resolve_database_url(get_settings())
    program = _program("pg_dump", url)
    started = time.monotonic()
    try:
        with console.status(f"pg_dump {database_of(url)} → {file}"):
            backups.backup(url, file, program)
    except backups.BackupError as problem:
        console.print(f"[red]{problem}[/red]", highlight=False)
        raise typer.Exit(code=1) from problem
    size_kib = file.stat().st_size / 1024
    elapsed = time.monotonic() - started
    name = database_of(url)
    console.print(
        f"[green]backed up[/green] {name} to {file}: {size_kib:,.0f} KiB in {elapsed:.1f} s"
    )


def restore_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A `backup` archive.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Drop the database and its data first.")
    ] = False,
) -> None:
    """Restore FILE into the configured (or embedded) database, which must be empty."""
    url = resolve_database_url(get_settings(), create=True)
    tables = asyncio.run(backups.table_count(url))
    if tables and not replace:
        message = (
            f"database {database_of(url)} holds {tables} tables: restore refuses to mix them "
            "with the archive (--replace drops it first)"
        )
        console.print(f"[red]{message}[/red]", highlight=False)
        raise typer.Exit(code=1)
    if tables:
        asyncio.run(backups.recreate_database(url))
    program = _program("pg_restore", url)
    try:
        _restore(url, file, program)
    except backups.BackupError as problem:
        console.print(f"[red]{problem}[/red]", highlight=False)
        raise typer.Exit(code=1) from problem
    restored = asyncio.run(backups.table_count(url))
    console.print(
        f"[green]restored[/green] {file} into {database_of(url)}: {restored} tables; "
        "check it with `grassroots ledger verify`"
    )


def _restore(url: str, file: Path, program: Path) -> None:
    total = backups.toc_entries(file, program)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"pg_restore → {database_of(url)}", total=total)

        def on_item(line: str) -> None:
            if any(step in line for step in RESTORE_STEPS):
                progress.advance(task)

        backups.restore(url, file, program, on_item)
