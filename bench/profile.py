"""``grassroots bench profile``: where our server's time goes under load, with py-spy.

Our server (one uvicorn worker, as ``bench api`` runs it) answers one peer query at a time from
the load generator while py-spy samples it: once for a flame graph (``<query>.svg``) and once
for the collapsed stacks, from which ``<query>.txt`` lists the functions by own (self) time and
by inclusive time, with their share of the samples. Only busy samples are kept (py-spy leaves
idle threads out), so the shares are of the server's CPU time.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from rich.console import Console

from bench.api import HOST, REAL_SERVER_ENV, sign_in
from bench.bank import RESIDENT, BankFixture
from bench.http_load import run_load
from bench.peer import peer_queries
from bench.servers import uvicorn_server

PROFILED = ("region", "nested", "balance")
SAMPLES_PER_SECOND = 250
TOP = 40
LINE_NUMBER = re.compile(r":\d+\)$")


def run_profile(
    database_url: str, fixture: BankFixture, out: Path, seconds: float, console: Console
) -> list[Path]:
    """Profile each of ``PROFILED`` for ``seconds`` (twice: flame graph, then stacks)."""
    beside = Path(sys.executable).parent / "py-spy"  # the venv's, when PATH lacks it
    py_spy = str(beside) if beside.is_file() else shutil.which("py-spy")
    if py_spy is None:
        raise RuntimeError("py-spy is not installed: pip install -e '.[dev]'")
    out.mkdir(parents=True, exist_ok=True)
    tokens: dict[str, str] = {}
    queries = {query.name: query.ours for query in peer_queries(fixture, tokens)}
    env = {"GRASSROOTS_DATABASE_URL": database_url, **REAL_SERVER_ENV}
    written = []
    with uvicorn_server("api.http.app:app_from_environment", env, "/readyz") as server:
        sign_in(server.port, {RESIDENT[0]: RESIDENT[1]}, tokens)
        for name in PROFILED:
            make = queries[name].request(server.port)
            asyncio.run(run_load(HOST, server.port, make, connections=16, seconds=1.0))
            for kind, suffix in (("flamegraph", "svg"), ("raw", "stacks")):
                console.print(f"profiling {name} ({kind}, {seconds:g} s)")
                target = out / f"{name}.{suffix}"
                command = [
                    py_spy, "record", "--pid", str(server.pid), "--rate",
                    str(SAMPLES_PER_SECOND), "--duration", str(int(seconds)), "--nonblocking",
                    "--format", kind, "--output", str(target),
                ]  # fmt: skip
                sampler = subprocess.Popen(command, stdout=subprocess.DEVNULL)
                asyncio.run(run_load(HOST, server.port, make, connections=16, seconds=seconds + 1))
                sampler.wait(timeout=60)
                written.append(target)
            top = out / f"{name}.txt"
            top.write_text(top_list(name, (out / f"{name}.stacks").read_text()))
            written.append(top)
    return written


def top_list(name: str, collapsed: str) -> str:
    """Functions by self and inclusive share of the samples, from py-spy's collapsed stacks."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [LINE_NUMBER.sub(")", frame) for frame in stack.split(";")]
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    lines = [f"# {name}: {total} samples of the busy server", "", "## self", ""]
    lines += [f"{100 * n / total:5.1f}%  {frame}" for frame, n in own.most_common(TOP)]
    lines += ["", "## inclusive", ""]
    lines += [f"{100 * n / total:5.1f}%  {frame}" for frame, n in inclusive.most_common(TOP)]
    return "\n".join(lines) + "\n"
