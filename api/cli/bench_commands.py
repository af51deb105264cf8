"""``grassroots bench …``: benchmarks against the configured (or embedded) PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli.bench_api_command import bench_api, bench_profile
from api.cli.bench_lists_command import bench_lists
from api.cli.bench_scale_command import bench_scale
from bench import rate_limit, replicas
from bench.api import FULL, QUICK
from bench.ledger import run
from kit.database import resolve_database_url
from kit.settings import get_settings

bench_app = typer.Typer(help="Benchmarks (each on its own scratch database, dropped after).")
console = Console()

TARGETS = {
    "single_vs_pgbench": "≥ 0.5",
    "batched_vs_pgbench": "≥ 4",
    "balance_read_large_vs_small": "≤ 1.2",
}


@bench_app.command("ledger")
def ledger_bench(
    quick: Annotated[bool, typer.Option(help="Smaller sizes: under a minute.")] = False,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write figures here.")] = None,
) -> None:
    """pgbench tpcb-like vs ledger posting (single, batched) and read latencies."""
    settings = get_settings()
    results = run(resolve_database_url(settings, create=True), settings, quick, console)
    table = Table(title="ledger benchmark" + (" (quick)" if quick else ""))
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("target", justify="right")
    for key, value in results.figures.items():
        table.add_row(key, f"{value:,.3f}", TARGETS.get(key, ""))
    console.print(table)
    if json_path is not None:
        json_path.write_text(json.dumps(results.figures, indent=2) + "\n")
        console.print(f"[green]wrote {json_path}[/green]")


bench_app.command("api")(bench_api)
bench_app.command("profile")(bench_profile)
bench_app.command("scale")(bench_scale)
bench_app.command("lists")(bench_lists)


@bench_app.command("replicas")
def replicas_bench(
    full: bool = typer.Option(False, "--full", help="More requests and connections."),
) -> None:
    """The region query on one API process, without and with a local streaming standby."""
    replicas.run_replica_bench(get_settings(), FULL if full else QUICK)


@bench_app.command("rate-limit")
def rate_limit_bench() -> None:
    """The shared rate limit: in-memory decision per request, and the once-a-second exchange."""
    settings = get_settings()
    figures = rate_limit.run(settings)
    table = Table(title="shared rate limit")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        table.add_row(key, f"{value:,.3f}")
    console.print(table)
