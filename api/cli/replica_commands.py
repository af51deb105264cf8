"""``grassroots replica …``: a local hot standby of the database, for demos and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kit.database import resolve_database_url, to_libpq_url
from kit.settings import get_settings
from kit.standby import create_standby, remove_standby, start_standby, stop_standby

replica_app = typer.Typer(help="Read replicas: a local streaming standby of the database.")
console = Console()
NewDirectory = Annotated[Path, typer.Argument(help="A new, empty directory.")]
StandbyDirectory = Annotated[Path, typer.Argument(help="A standby made by `replica create`.")]


@replica_app.command("create")
def create(directory: NewDirectory) -> None:
    """Copy the database's server into DIRECTORY with pg_basebackup and start it as a hot
    standby streaming from it; print the URL to put in GRASSROOTS_REPLICA_URLS. Keep the
    primary running (`grassroots serve`): an embedded primary stops with its last user."""
    url = create_standby(to_libpq_url(resolve_database_url(get_settings())), directory)
    console.print("standby running; serve with:")
    console.print(f"GRASSROOTS_REPLICA_URLS='{url}'", soft_wrap=True, highlight=False)


@replica_app.command("start")
def start(directory: StandbyDirectory) -> None:
    """Start the standby in DIRECTORY again."""
    start_standby(directory)


@replica_app.command("stop")
def stop(directory: StandbyDirectory) -> None:
    """Stop the standby in DIRECTORY."""
    stop_standby(directory)


@replica_app.command("remove")
def remove(directory: StandbyDirectory) -> None:
    """Stop the standby in DIRECTORY, drop its replication slot on the primary, delete it."""
    remove_standby(directory, to_libpq_url(resolve_database_url(get_settings())))
