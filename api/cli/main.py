"""Entry point of the ``grassroots`` command: one sub-command module per concern."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli import (
    backup_commands,
    database_commands,
    serve_commands,
    sheet_import_commands,
    user_commands,
)
from api.cli.bench_commands import bench_app
from api.cli.chaos_command import chaos
from api.cli.command_group import CommandGroup, set_debug
from api.cli.document_commands import documents_app
from api.cli.import_commands import import_app
from api.cli.indicator_commands import indicators_app
from api.cli.ledger_commands import ledger_app
from api.cli.log_commands import logs_app
from api.cli.replica_commands import replica_app

app = typer.Typer(
    name="grassroots",
    cls=CommandGroup,
    help="Grassroots governance and the morality bank: serve, migrate, load data, verify.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
app.command("serve")(serve_commands.serve)
app.command("load-demo")(serve_commands.load_demo_command)
app.command("export-schema")(serve_commands.export_schema)
app.command("migrate")(database_commands.migrate)
app.command("load-regions")(database_commands.load_regions)
app.command("backup")(backup_commands.backup_command)
app.command("restore")(backup_commands.restore_command)
import_app.command("sheet")(sheet_import_commands.sheet_command)
import_app.command("template")(sheet_import_commands.template_command)
app.add_typer(import_app, name="import")
app.command("create-user")(user_commands.create_user_command)
app.add_typer(ledger_app, name="ledger")
app.add_typer(bench_app, name="bench")
app.command("chaos")(chaos)
app.add_typer(indicators_app, name="indicators")
app.add_typer(logs_app, name="logs")
app.add_typer(replica_app, name="replica")
app.add_typer(documents_app, name="documents")


@app.callback()
def main(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of operator errors.")
    ] = False,
) -> None:
    """Grassroots governance and the morality bank."""
    set_debug(ctx, debug)
