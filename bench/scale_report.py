"""The table, chart and JSON figures of ``grassroots bench scale``.

Every size is compared with the first (the reference); a ratio above ``BOUND`` (1.5 ×) or a
statement count that differs from the reference's is marked in the table and in the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bench.scale_databases import Loaded
from bench.scale_figures import BOUND, Comparison, Sample, compare, extrapolate, ratio

CHART_WIDTH = 40
TABLE_WIDTH_MIN = 240  # the table is wide: never fold it into a narrow terminal's width
CHART_FULL = 2 * BOUND  # the bar's full width: 3 × the reference


@dataclass(frozen=True)
class Extrapolation:
    persons: int
    median_ms: dict[str, float]
    median_ratio: dict[str, float]


@dataclass(frozen=True)
class Report:
    sizes: list[Loaded]
    samples: list[dict[str, Sample]]
    titles: dict[str, str]
    done_when: set[str]
    comparisons: list[dict[str, Comparison]]  # one per size after the reference
    extrapolation: Extrapolation | None

    @classmethod
    def of(
        cls,
        measured: list[tuple[Loaded, dict[str, Sample]]],
        titles: dict[str, str],
        done_when: set[str],
        extrapolate_to: int | None,
    ) -> Report:
        sizes = [loaded for loaded, _ in measured]
        samples = [found for _, found in measured]
        reference = samples[0]
        comparisons = [
            {name: compare(sample, reference[name]) for name, sample in found.items()}
            for found in samples[1:]
        ]
        return cls(
            sizes, samples, titles, done_when, comparisons,
            _extrapolation(sizes, samples, extrapolate_to),
        )  # fmt: skip

    def figures(self) -> dict[str, Any]:
        reference = self.sizes[0].size.label
        out: dict[str, Any] = {"reference": reference, "bound": BOUND, "sizes": []}
        for index, (loaded, samples) in enumerate(zip(self.sizes, self.samples, strict=True)):
            entry: dict[str, Any] = {
                "size": loaded.size.label, "persons": loaded.persons,
                "households": loaded.households, "top_region": loaded.top_code, "requests": {},
            }  # fmt: skip
            for name, sample in samples.items():
                row: dict[str, Any] = {
                    "median_ms": round(sample.median_ms, 2),
                    "p95_ms": round(sample.p95_ms, 2),
                    "statements": sorted(sample.statement_counts),
                    "failures": sample.failures,
                    "requests": len(sample.latencies_ms),
                }
                if index > 0:
                    found = self.comparisons[index - 1][name]
                    row |= {
                        "median_ratio": round(found.median_ratio, 3),
                        "p95_ratio": round(found.p95_ratio, 3),
                        "within_bound": found.within_bound,
                        "statements_equal": found.statements_equal,
                    }
                entry["requests"][name] = row
            out["sizes"].append(entry)
        if self.extrapolation is not None:
            out["extrapolated"] = {
                "persons": self.extrapolation.persons,
                "method": "least-squares line of median ms against persons, over the sizes "
                "after the reference of the largest size's divisions",
                "median_ms": {k: round(v, 2) for k, v in self.extrapolation.median_ms.items()},
                "median_ratio": {
                    k: round(v, 3) for k, v in self.extrapolation.median_ratio.items()
                },
            }
        return out


def _extrapolation(
    sizes: list[Loaded], samples: list[dict[str, Sample]], persons: int | None
) -> Extrapolation | None:
    """Along the largest size's series: the sizes after the reference of its divisions."""
    divisions = sizes[-1].size.divisions
    series = [
        (loaded.persons, found)
        for loaded, found in zip(sizes[1:], samples[1:], strict=True)
        if loaded.size.divisions == divisions
    ]
    if persons is None or len({count for count, _ in series}) < 2:
        return None
    reference = samples[0]
    predicted = {
        name: extrapolate([(count, found[name].median_ms) for count, found in series], persons)
        for name in reference
    }
    ratios = {name: ratio(ms, reference[name].median_ms) for name, ms in predicted.items()}
    return Extrapolation(persons, predicted, ratios)


def _ratio_text(value: float) -> Text:
    return Text(f"{value:.2f}", style="green" if value <= BOUND else "bold red")


def print_report(console: Console, report: Report) -> None:
    reference = report.sizes[0].size.label
    table = Table(title=f"median / p95 ms per request; × {reference}: ratio of medians")
    table.add_column("request", no_wrap=True)
    for loaded in report.sizes:
        header = f"{loaded.size.label}\n{loaded.persons:,} persons"
        table.add_column(header, justify="right", no_wrap=True)
        table.add_column("stmts", justify="right", no_wrap=True)
        if loaded is not report.sizes[0]:
            table.add_column(f"× {reference}", justify="right", no_wrap=True)
    if report.extrapolation is not None:
        header = f"× at {report.extrapolation.persons:,}\n(extrapolated)"
        table.add_column(header, justify="right", no_wrap=True)
    most = max(len(s.latencies_ms) for samples in report.samples for s in samples.values())
    for name, title in report.titles.items():
        table.add_row(*_row(report, name, title, most))
    # Console.print never widens past the console: a terminal or pipe of 80 columns would fold it.
    wide = Console(file=console.file, width=max(console.width, TABLE_WIDTH_MIN))
    wide.print(table)
    console.print(
        f'● issue 20\'s "Done when" requests; red: above {BOUND} ×, statements ≠, ✗ failed; '
        "n=: fewer timed requests (a slow kind, within its time budget)"
    )
    for index, samples in enumerate(report.samples):
        for name, sample in samples.items():
            if sample.first_error is not None:
                label = report.sizes[index].size.label
                console.print(f"[red]{label} {name}: {sample.failures} failed[/red], first: "
                              f"{sample.first_error}", markup=True, highlight=False)  # fmt: skip
    _chart(console, report)


def _row(report: Report, name: str, title: str, most: int) -> list[str | Text]:
    cells: list[str | Text] = [("● " if name in report.done_when else "  ") + title]
    for index, samples in enumerate(report.samples):
        sample = samples[name]
        latency = f"{sample.median_ms:.1f} / {sample.p95_ms:.1f}"
        failed = f" ✗{sample.failures}" if sample.failures else ""
        fewer = f" n={len(sample.latencies_ms)}" if len(sample.latencies_ms) < most else ""
        cells.append(Text(latency + fewer + failed, "bold red" if failed else ""))
        counts = ", ".join(str(count) for count in sorted(sample.statement_counts)) or "—"
        if index == 0:
            cells.append(counts)
            continue
        found = report.comparisons[index - 1][name]
        cells.append(Text(counts) if found.statements_equal else Text(counts + " ≠", "bold red"))
        cells.append(_ratio_text(found.median_ratio))
    if report.extrapolation is not None:
        cells.append(_ratio_text(report.extrapolation.median_ratio[name]))
    return cells


def _chart(console: Console, report: Report) -> None:
    """The largest size's ratios (and the extrapolated ones) as bars; ``│`` marks the bound."""
    if len(report.sizes) < 2:
        return
    series = {
        report.sizes[-1].size.label: {n: c.median_ratio for n, c in report.comparisons[-1].items()}
    }
    if report.extrapolation is not None:
        label = f"{report.extrapolation.persons:,} persons (extrapolated)"
        series[label] = report.extrapolation.median_ratio
    for label, ratios in series.items():
        chart = Table(title=f"{label}: median × {report.sizes[0].size.label} (│ = {BOUND} ×)",
                      show_header=False, box=None)  # fmt: skip
        chart.add_column("request", justify="right", no_wrap=True)
        chart.add_column("bar", no_wrap=True)
        chart.add_column("ratio", justify="right")
        for name, value in ratios.items():
            chart.add_row(name, ratio_bar(value), f"{value:.2f}")
        console.print(chart)


def ratio_bar(value: float) -> Text:
    """A bar of ``value`` (full width: ``CHART_FULL`` ×, longer ones end in ``▶``), the bound
    marked; green within the bound, red beyond."""
    filled = round(min(max(value, 0.0), CHART_FULL) / CHART_FULL * CHART_WIDTH)
    cells = ["█"] * filled + ["·"] * (CHART_WIDTH - filled)
    cells[round(BOUND / CHART_FULL * CHART_WIDTH)] = "│"
    if value > CHART_FULL:
        cells[-1] = "▶"
    return Text("".join(cells), style="green" if value <= BOUND else "red")
