"""Goal: ``grassroots bench scale`` runs end to end: each size's database is loaded by
``load-demo``, the sale and balance are prepared, every request kind is answered as expected
(no errors, no refused sale) with its statement count reported, the JSON holds the ratios to
the reference, and the databases the run created are gone afterwards.

Method: two tiny Fengning sizes on the tests' PostgreSQL, a few requests each: the reference
a copy of the tests' demo (already loaded: the bench must use it as it is and leave it), the
other loaded by a real ``load-demo`` process; real uvicorn servers. Speed itself is the
benchmark's business."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import pytest
from rich.console import Console

from bench.scale import Plan, run_scale_bench
from bench.scale_figures import parse_size
from kit.database import admin_connection
from kit.settings import Settings
from tests.conftest import PEOPLE_SCALE
from tests.support import databases

GRAPHQL_KINDS = ("region", "persons", "indicators", "balance", "sale", "persons_page",
                 "persons_count", "households", "persons_village", "walk", "grid_events")  # fmt: skip


async def _names(url: str) -> set[str]:
    async with admin_connection(url) as admin:
        return {row[0] for row in await admin.fetch("SELECT datname FROM pg_database")}


@pytest.mark.slow
async def test_the_bench_measures_every_request_at_every_size(
    pg_url: str, people_template: str, tmp_path: Path
) -> None:
    kept = await databases.create_database_from_async(pg_url, people_template)
    loaded = f"bench_scale_test_{uuid.uuid4().hex[:8]}"
    sizes = [parse_size(f"fengning:{PEOPLE_SCALE}"), parse_size("fengning:0.001")]
    plan = Plan(sizes, [kept, loaded], requests=3, warmup=1, rounds=1)
    out = tmp_path / "scale.json"
    try:
        with (tmp_path / "console.txt").open("w") as shown:
            # The bench starts its own servers and event loops: run it off the test's loop.
            figures = await asyncio.to_thread(
                run_scale_bench, Settings(database_url=pg_url), plan, out,
                Console(file=shown, width=200),
            )  # fmt: skip
        left = await _names(pg_url)
    finally:
        await databases.drop_database_async(pg_url, kept)

    assert json.loads(out.read_text()) == figures
    assert figures["reference"] == f"fengning:{PEOPLE_SCALE}"
    reference, small = figures["sizes"]
    assert 0 < small["persons"] < reference["persons"]
    assert reference["top_region"] == small["top_region"] == "130826"
    for name, row in small["requests"].items():
        assert row["failures"] == 0, (name, row)
        assert row["requests"] == 3
        assert row["median_ratio"] > 0
        assert isinstance(row["within_bound"], bool)
    for name in GRAPHQL_KINDS:
        assert small["requests"][name]["statements"], name  # each answer reported its count
    assert small["requests"]["dashboard"]["statements"] == []  # HTML: no count to report
    assert kept in left  # found loaded: used as it was, and left
    assert loaded not in left  # created by the run: dropped after it
