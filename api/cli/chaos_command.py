"""``grassroots chaos``: the fault test of the morality bank (see ``bench.chaos``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bench.chaos.run import ChaosOptions, run_chaos
from bench.chaos.summary import print_summary

console = Console()


def chaos(  # noqa: PLR0917 (typer: one parameter per option)
    clients: Annotated[int, typer.Option(min=1, help="Concurrent HTTP clients.")] = 16,
    operations: Annotated[
        int, typer.Option(min=1, help="Operations, all clients together.")
    ] = 5_000,
    server_kills: Annotated[int, typer.Option(min=0, help="SIGKILLs of the server.")] = 3,
    db_crashes: Annotated[int, typer.Option(min=0, help="Immediate-mode PostgreSQL stops.")] = 1,
    postmaster_kills: Annotated[
        int, typer.Option(min=0, help="SIGKILLs of PostgreSQL's postmaster, restarted by serve.")
    ] = 0,
    workers: Annotated[int, typer.Option(min=1, help="Server worker processes.")] = 2,
    database_url: Annotated[
        str | None,
        typer.Option(help="Run on this server (no crashes); default a fresh embedded one."),
    ] = None,
    lose_every: Annotated[
        int, typer.Option(min=0, help="Drop every n-th mutation's answer on arrival (0: never).")
    ] = 50,
    unsafe_no_idempotency: Annotated[
        bool, typer.Option(help="Retry under a fresh key: shows the checker catching doubles.")
    ] = False,
    weaken_durability: Annotated[
        bool, typer.Option(help="synchronous_commit=off: crashes lose acknowledged commits.")
    ] = False,
    seed: Annotated[int, typer.Option(help="Seed of the clients' choices.")] = 1,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write figures here.")] = None,
) -> None:
    """Clients redeem, award and read balances while the server is killed and PostgreSQL
    crashes; then check nothing was lost or doubled. Exits 1 on any violation."""
    options = ChaosOptions(
        clients=clients, operations=operations, server_kills=server_kills, db_crashes=db_crashes,
        postmaster_kills=postmaster_kills, workers=workers, database_url=database_url,
        unsafe_no_idempotency=unsafe_no_idempotency, weaken_durability=weaken_durability,
        lose_every=lose_every, seed=seed,
    )  # fmt: skip
    try:
        result = run_chaos(options, console)
    except ValueError as problem:
        console.print(f"[red]{problem}[/red]")
        raise typer.Exit(code=2) from problem
    print_summary(options, result, console, json_path)
    if result.violations:
        raise typer.Exit(code=1)
