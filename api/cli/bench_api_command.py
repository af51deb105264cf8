"""``grassroots bench api``."""

from __future__ import annotations

import asyncio
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from bench.api import FULL, QUICK, REGION, console, run_api_bench
from bench.bank import BankFixture, prepare_bank
from bench.bank_scenarios import balance_scenario, logins, redeem_scenario
from bench.scratch import scratch_database
from governance.demo import load_demo
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings, get_settings


class ScenarioSet(StrEnum):
    ALL = "all"
    OWN = "own"
    PEER = "peer"


def bench_api(
    quick: Annotated[bool, typer.Option(help="A smaller run, under a minute.")] = False,
    json_file: Annotated[Path | None, typer.Option("--json", help="Write figures here.")] = None,
    scenario_set: Annotated[
        ScenarioSet,
        typer.Option(
            "--set",
            help="own: ratios to the bare endpoint; peer: ours next to PostGraphile 4 "
            "(needs Node.js; installed with npm into DATA_DIR/bench/postgraphile); all: both.",
        ),
    ] = ScenarioSet.ALL,
) -> None:
    """GraphQL requests per second and latency, as ratios to a bare Strawberry endpoint and to
    PostGraphile."""
    settings = get_settings()
    figures: dict[str, Any] = {}
    with scratch_database(settings, "bench_api") as url:
        fixture = asyncio.run(_prepare(url, settings))
        if scenario_set != ScenarioSet.PEER:
            tokens: dict[str, str] = {}
            scenarios = [
                REGION,
                redeem_scenario(fixture, tokens),
                balance_scenario(fixture, tokens),
            ]
            sizes = QUICK if quick else FULL
            figures |= run_api_bench(
                url, scenarios, sizes, None, logins=logins(fixture), tokens=tokens
            )
        if scenario_set != ScenarioSet.OWN:
            # Imported here: `serve` workers import the whole CLI when they start.
            from bench.peer import PEER_FULL, PEER_QUICK, run_peer_bench  # noqa: PLC0415

            scratch = settings.data_dir / "bench" / "postgraphile"
            peer_sizes = PEER_QUICK if quick else PEER_FULL
            figures |= run_peer_bench(url, fixture, peer_sizes, scratch, console)
    if json_file is not None:
        json_file.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


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


def bench_profile(
    seconds: Annotated[float, typer.Option(help="Sampling time per query and format.")] = 5.0,
    out: Annotated[Path, typer.Option(help="Where the profiles go.")] = Path("artifacts/profiles"),
) -> None:
    """Where our server's time goes on the peer queries (region, nested, balance): py-spy
    flame graphs and top lists of one uvicorn worker under load."""
    from bench.profile import run_profile  # noqa: PLC0415 (as above)

    settings = get_settings()
    with scratch_database(settings, "bench_profile") as url:
        fixture = asyncio.run(_prepare(url, settings))
        for path in run_profile(url, fixture, out, seconds, console):
            console.print(f"wrote {path}")
