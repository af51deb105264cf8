"""Goal: the ``peer`` rows of ``grassroots bench api`` run: PostGraphile 4 installed with npm
serves the same scratch database, both servers give the same data for the four queries (checked
before measuring; region and nested by ``documentId`` too), and every request of the short run
is answered without errors; where Node.js is missing the rows are skipped with a message saying
so, and no figure is reported.

Method: the bench's own preparation on the tiny demo, then ``run_peer_bench`` with very short
rounds: real servers, the real load generator. Speed itself is the benchmark's business.
"""

from __future__ import annotations

import asyncio
import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from bench.bank import prepare_bank
from bench.peer import PeerSizes, run_peer_bench
from kit.database import create_engine, create_session_factory, session_scope
from kit.settings import Settings

TINY = PeerSizes(connections=4, warmup_seconds=0.2, seconds=0.5)
QUERIES = ("typename", "region", "nested", "balance", "region_id", "nested_id")


@pytest.mark.skipif(shutil.which("node") is None, reason="PostGraphile needs Node.js")
async def test_peer_rows_compare_the_same_answers(people_database_url: str) -> None:
    settings = Settings()
    engine = create_engine(people_database_url, settings)
    async with session_scope(create_session_factory(engine)) as session:
        fixture = await prepare_bank(session, settings)
    await engine.dispose()
    scratch = settings.data_dir / "bench" / "postgraphile"  # the install is kept between runs
    output = io.StringIO()

    figures = await asyncio.to_thread(
        run_peer_bench, people_database_url, fixture, TINY, scratch, Console(file=output)
    )

    assert "peer_skipped" not in figures, figures
    for name in QUERIES:
        for side in ("ours", "postgraphile"):
            assert figures[f"peer_{name}_{side}_rps"] > 0, (name, side)
            assert figures[f"peer_{name}_{side}_failures"] == 0, (name, side)
            assert figures[f"peer_{name}_{side}_server_cpu_ms"] > 0, (name, side)
        assert figures[f"peer_{name}_ratio"] > 0, name
        assert name in output.getvalue()


def test_peer_rows_are_skipped_with_a_message_without_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # neither node nor npm
    output = io.StringIO()

    figures = run_peer_bench(
        "postgresql://unused@/nowhere", None, TINY, tmp_path / "peer", Console(file=output)
    )  # type: ignore[arg-type]  # never reached: nothing runs without Node.js

    assert figures == {"peer_skipped": "node and npm are not on PATH (PostGraphile needs Node.js)"}
    assert "peer rows skipped: node and npm are not on PATH" in output.getvalue()
    assert not (tmp_path / "peer").exists()
