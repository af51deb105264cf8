"""``grassroots bench api``."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from bench.api import FULL, QUICK, REGION, run_api_bench
from bench.scratch import scratch_database
from governance.demo import load_demo
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings, get_settings


def bench_api(
    quick: Annotated[bool, typer.Option(help="A smaller run, under a minute.")] = False,
    json_file: Annotated[Path | None, typer.Option("--json", help="Write figures here.")] = None,
) -> None:
    """GraphQL requests per second and latency, as ratios to a bare Strawberry endpoint."""
    settings = get_settings()
    with scratch_database(settings, "bench_api") as url:
        asyncio.run(_prepare(url, settings))
        run_api_bench(url, [REGION], QUICK if quick else FULL, json_file)


async def _prepare(url: str, settings: Settings) -> None:
    engine = create_engine(url, settings)
    try:
        async with session_scope(create_session_factory(engine)) as session:
            await load_demo(session)
    finally:
        await engine.dispose()
