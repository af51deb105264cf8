"""Goal: ``grassroots bench api`` keeps working and writes the figures issue 5 asks for
(``bare_rps``, ``redeem_rps``, ``balance_rps``, ratios), with every request answered as the
scenario expects: a sale with no ``userErrors``, a balance without errors.

Method: the benchmark's own preparation (``bench.bank``) on the tiny demo, then the same
``run_api_bench`` with very small sizes: real uvicorn servers, the real load generator.
Speed itself is the benchmark's business, not a test's.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bench.api import Sizes, run_api_bench
from bench.bank import prepare_bank
from bench.bank_scenarios import balance_scenario, logins, redeem_scenario
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings

TINY = Sizes(connections=4, requests=60, warmup=10)


async def test_bench_api_writes_its_figures(people_database_url: str, tmp_path: Path) -> None:
    settings = Settings()
    engine = create_engine(people_database_url, settings)
    async with session_scope(create_session_factory(engine)) as session:
        fixture = await prepare_bank(session, settings)
    await engine.dispose()
    assert fixture.tills
    assert all(till.account_ids for till in fixture.tills)

    tokens: dict[str, str] = {}
    scenarios = [redeem_scenario(fixture, tokens), balance_scenario(fixture, tokens)]
    out = tmp_path / "api.json"
    # run_api_bench starts its own servers and event loops: run it off the test's loop.
    figures = await asyncio.to_thread(
        run_api_bench, people_database_url, scenarios, TINY, out,
        logins=logins(fixture), tokens=tokens,
    )  # fmt: skip

    assert json.loads(out.read_text()) == figures
    for name in ("bare", "bare_db", "bare_write", "typename", "redeem", "balance"):
        assert figures[f"{name}_rps"] > 0, name
        assert figures[f"{name}_failures"] == 0, name
        assert figures[f"{name}_ratio"] > 0, name
    assert figures["bare_ratio"] == 1.0
