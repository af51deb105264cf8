"""``grassroots bench lists``: persons and households lists at two (or more) demo scales."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bench.lists import Measured, load, ratios, run_measure
from bench.scratch import scratch_database
from kit.settings import get_settings

console = Console()


def bench_lists(
    scale: Annotated[
        list[float] | None,
        typer.Option(help="Demo scales, smallest first (default 0.01 and 1.0, ~3 min to load)."),
    ] = None,
    url: Annotated[
        list[str] | None,
        typer.Option(help="Measure these loaded databases instead (smallest first)."),
    ] = None,
    repeats: Annotated[int, typer.Option(min=1, help="Runs of each request (median).")] = 30,
) -> None:
    """Lists of persons and households as the county admin: median ms and statements per
    request, at each scale, and the ratio of the largest to the smallest."""
    settings = get_settings()
    runs: list[tuple[str, list[Measured]]] = []
    if url:
        for database_url in url:
            console.print(f"measuring {database_url.rsplit('/', 1)[-1]}")
            runs.append(
                (database_url.rsplit("/", 1)[-1], run_measure(database_url, settings, repeats))
            )
    else:
        for each in scale or [0.01, 1.0]:
            with scratch_database(settings, "bench_lists") as scratch:
                console.print(f"loading the demo at scale {each:g}")
                asyncio.run(load(scratch, settings, each))
                runs.append((f"scale {each:g}", run_measure(scratch, settings, repeats)))
    table = Table(title=f"lists as the county admin (median of {repeats}, ms; statements)")
    table.add_column("request")
    for label, _ in runs:
        table.add_column(label, justify="right")
    if len(runs) > 1:
        table.add_column("ratio", justify="right")
    ratio = ratios(runs[0][1], runs[-1][1]) if len(runs) > 1 else []
    for index, measured in enumerate(runs[0][1]):
        cells = [f"{run[index].median_ms:.1f} ({run[index].statements})" for _, run in runs]
        extra = [f"{ratio[index]:.2f}"] if ratio else []
        table.add_row(measured.name, *cells, *extra)
    console.print(table)
