"""``grassroots bench lists``: persons and households lists at two (or more) demo scales."""

from __future__ import annotations

import asyncio
from contextlib import ExitStack
from typing import Annotated
from urllib.parse import urlsplit

import typer
from rich.console import Console
from rich.table import Table

from bench.lists import load, ratios, run_measure
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
    if url:
        labels = [_name(database_url) for database_url in url]
        runs = list(zip(labels, run_measure(url, settings, repeats), strict=True))
    else:
        scales = scale or [0.01, 1.0]
        with ExitStack() as stack:
            urls = []
            for each in scales:
                scratch = stack.enter_context(scratch_database(settings, "bench_lists"))
                console.print(f"loading the demo at scale {each:g}")
                asyncio.run(load(scratch, settings, each))
                urls.append(scratch)
            labels = [f"scale {each:g}" for each in scales]
            runs = list(zip(labels, run_measure(urls, settings, repeats), strict=True))
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


def _name(url: str) -> str:
    """The database's name, for the table's header."""
    return urlsplit(url).path.lstrip("/") or url
