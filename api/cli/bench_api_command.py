"""``grassroots bench api``."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from bench.api import FULL, QUICK, REGION, run_api_bench
from bench.bank import BankFixture, prepare_bank
from bench.bank_scenarios import balance_scenario, logins, redeem_scenario
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
        fixture = asyncio.run(_prepare(url, settings))
        tokens: dict[str, str] = {}
        scenarios = [
            REGION,
            redeem_scenario(fixture, tokens),
            balance_scenario(fixture, tokens),
        ]
        sizes = QUICK if quick else FULL
        run_api_bench(url, scenarios, sizes, json_file, logins=logins(fixture), tokens=tokens)


async def _prepare(url: str, settings: Settings) -> BankFixture:
    """The demo, then the bank's tills and funded households (see ``bench.bank``)."""
    engine = create_engine(url, settings)
    try:
        async with session_scope(create_session_factory(engine)) as session:
            await load_demo(session)
        async with session_scope(create_session_factory(engine)) as session:
            return await prepare_bank(session, settings)
    finally:
        await engine.dispose()
