"""``grassroots bench scale``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bench.api import console
from kit.settings import get_settings

DEFAULT_SIZES = ["fengning:0.01", "fengning:0.1"]


def bench_scale(  # noqa: PLR0917 (typer: one parameter per option)
    size: Annotated[
        list[str] | None,
        typer.Option(
            help="DIVISIONS:SCALE, repeated; the first is the reference "
            f"(default: {' '.join(DEFAULT_SIZES)}).",
        ),
    ] = None,
    database: Annotated[
        list[str] | None,
        typer.Option(
            help="Database names, in the order of --size (default: bench_scale_DIVISIONS_SCALE). "
            "One holding residents is used as it is, never reloaded.",
        ),
    ] = None,
    keep: Annotated[
        bool, typer.Option(help="Keep the databases this run loads (for the next run).")
    ] = False,
    requests: Annotated[int, typer.Option(min=1, help="Timed requests per kind and size.")] = 100,
    warmup: Annotated[int, typer.Option(min=0, help="Untimed requests first.")] = 10,
    rounds: Annotated[
        int, typer.Option(min=1, help="Rounds over all sizes (spreads machine noise).")
    ] = 2,
    budget: Annotated[
        float,
        typer.Option(
            min=1,
            help="Seconds per request kind and size: a kind too slow for --requests within it "
            "gets fewer (at least 2 per round, no warm-up).",
        ),
    ] = 60.0,
    extrapolate_to: Annotated[
        int | None,
        typer.Option(
            help="Persons: extrapolate each median linearly from the sizes after the "
            "reference (at least two) to this many."
        ),
    ] = None,
    on_reference: Annotated[
        bool,
        typer.Option(
            help="With a fengning reference, load each province size into a copy of the "
            "reference's database: the county keeps its residents (the same county data at "
            "every size) and the province is loaded around it.",
        ),
    ] = True,
    json_file: Annotated[Path | None, typer.Option("--json", help="Write figures here.")] = None,
) -> None:
    """Latency and SQL statements per request at several data sizes, as ratios to the first
    (issue 20: within 1.5 ×, the same statements)."""
    # Imported here: `serve` workers import the whole CLI when they start.
    from bench.scale import Plan, run_scale_bench  # noqa: PLC0415
    from bench.scale_databases import FENGNING  # noqa: PLC0415
    from bench.scale_figures import built_on_reference, parse_size  # noqa: PLC0415

    try:
        sizes = [parse_size(text) for text in size or DEFAULT_SIZES]
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--size") from error
    if on_reference:
        sizes = built_on_reference(sizes, FENGNING)
    names = list(database or [])
    if len(names) > len(sizes):
        raise typer.BadParameter("more databases than sizes", param_hint="--database")
    names += [found.database for found in sizes[len(names) :]]
    plan = Plan(sizes, names, requests, warmup, rounds, keep, extrapolate_to, budget)
    run_scale_bench(get_settings(), plan, json_file, console)
