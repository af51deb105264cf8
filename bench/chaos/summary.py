"""The printed summary of a chaos run; its last line is exactly ``violations: N``."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.chaos.history import Kind, Outcome
from bench.chaos.run import ChaosOptions, ChaosResult

VIOLATIONS_SHOWN_MAX = 20


def figures(options: ChaosOptions, result: ChaosResult) -> dict[str, object]:
    history = result.history
    return {
        "clients": options.clients,
        "workers": options.workers,
        "operations": len(history.operations),
        **{f"operations_{kind}": len(history.of_kind(kind)) for kind in Kind},
        "acknowledged": history.count(Outcome.OK) + history.count(Outcome.REFUSED),
        "refused": history.count(Outcome.REFUSED),
        "refusal_codes": _refusal_codes(result),
        "unacknowledged": history.count(Outcome.UNKNOWN),
        "retries": history.retries,
        "answers_lost_on_purpose": result.lost_answers,
        "server_kills": result.server_kills,
        "db_crashes": result.db_crashes,
        "postmaster_kills": result.postmaster_kills,
        "recovery_seconds_max": round(result.recovery_seconds_max, 1),
        "answers_503": result.unavailable_answers,
        "answers_5xx_other": result.server_errors,
        "unsafe_no_idempotency": options.unsafe_no_idempotency,
        "weaken_durability": options.weaken_durability,
        "setup_seconds": round(result.setup_seconds, 1),
        "workload_seconds": round(result.workload_seconds, 1),
        "violations": len(result.violations),
        "violation_kinds": sorted({violation.kind for violation in result.violations}),
    }


def _refusal_codes(result: ChaosResult) -> str:
    codes = Counter(str(op.answer.get("code")) for op in result.history.operations
                    if op.outcome is Outcome.REFUSED)  # fmt: skip
    return ", ".join(f"{code} {count}" for code, count in codes.most_common()) or "-"


def _shown(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def print_summary(
    options: ChaosOptions, result: ChaosResult, console: Console, json_path: Path | None
) -> None:
    values = figures(options, result)
    table = Table(title="chaos run")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for name, value in values.items():
        if name not in ("violations", "violation_kinds"):
            table.add_row(name.replace("_", " "), _shown(value))
    console.print(table)
    for violation in result.violations[:VIOLATIONS_SHOWN_MAX]:
        console.print(f"[red]{violation}[/red]", highlight=False)
    hidden = len(result.violations) - VIOLATIONS_SHOWN_MAX
    if hidden > 0:
        console.print(f"[red]… and {hidden} more[/red]")
    if json_path is not None:
        json_path.write_text(json.dumps(values, indent=2) + "\n", encoding="utf-8")
    console.print(f"violations: {len(result.violations)}", highlight=False, markup=False)
