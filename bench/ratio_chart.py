"""``bench api``'s figures as a chart: each scenario's throughput as a bar against bare (1.0),
with the issue's targets marked, so a glance shows how far each is from bare and from its goal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

BAR_WIDTH = 40
# Issue 5: redemption ≥ 0.4 × bare, balance query ≥ 0.7 × bare.
TARGETS = {"redeem": 0.4, "balance": 0.7}


def bar(ratio: float, target: float | None) -> Text:
    """A bar of ``ratio`` (full width = 1.0 × bare); ``│`` marks the target if there is one."""
    filled = round(min(max(ratio, 0.0), 1.0) * BAR_WIDTH)
    cells = ["█"] * filled + ["·"] * (BAR_WIDTH - filled)
    if target is not None:
        mark = min(round(target * BAR_WIDTH), BAR_WIDTH - 1)
        cells[mark] = "│"
    met = target is None or ratio >= target
    return Text("".join(cells), style="green" if met else "yellow")


def print_ratio_chart(console: Console, ratios: dict[str, float]) -> None:
    table = Table(title="Throughput × bare (│ marks a target)", show_header=False, box=None)
    table.add_column("scenario", justify="right", no_wrap=True)
    table.add_column("bar", no_wrap=True)
    table.add_column("ratio", justify="right", no_wrap=True)
    for name, ratio in ratios.items():
        target = TARGETS.get(name)
        goal = "" if target is None else f"  target {target:.1f}"
        table.add_row(name, bar(ratio, target), f"{ratio:.2f}{goal}")
    console.print(table)
