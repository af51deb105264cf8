"""The arithmetic of ``grassroots bench scale``: sizes, latency summaries, ratios to the
reference size, the statement-count check and the linear extrapolation to a target size.

Pure functions, kept apart from servers and databases so a test can check them directly.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

BOUND = 1.5  # issue 20: times within 1.5 × of county scale
SIZE_PATTERN = re.compile(r"^(?P<divisions>[a-z]+):(?P<scale>[0-9]*\.?[0-9]+)$")


@dataclass(frozen=True)
class Size:
    """A demo database: ``load-demo --divisions DIVISIONS --scale SCALE``, loaded into a copy of
    ``base``'s database if given (a province around a county loaded before: the loader keeps
    that county's residents, so the county's own data is the same at both sizes)."""

    divisions: str
    scale: float
    base: Size | None = None

    @property
    def label(self) -> str:
        own = f"{self.divisions}:{self.scale:g}"
        return own if self.base is None else f"{own} on {self.base.label}"

    @property
    def database(self) -> str:
        """The database's name, the same for the same size on every run (so it can be kept)."""
        own = f"bench_scale_{self.divisions}_{self.scale:g}".replace(".", "_")
        return own if self.base is None else f"{own}_on{self.base.database[len('bench_scale') :]}"


def built_on_reference(sizes: list[Size], county: str) -> list[Size]:
    """Each size of other divisions than a ``county`` reference, built on the reference."""
    reference = sizes[0]
    if reference.divisions != county:
        return sizes
    return [reference] + [
        size if size.divisions == county else Size(size.divisions, size.scale, reference)
        for size in sizes[1:]
    ]


def parse_size(text: str) -> Size:
    """``fengning:0.01`` → ``Size("fengning", 0.01)``; a scale outside (0, 1] is refused."""
    match = SIZE_PATTERN.match(text.strip().lower())
    if match is None:
        raise ValueError(f"size {text!r}: expected DIVISIONS:SCALE, e.g. fengning:0.01")
    scale = float(match["scale"])
    if not 0 < scale <= 1:
        raise ValueError(f"size {text!r}: the scale must lie in (0, 1]")
    return Size(match["divisions"], scale)


@dataclass(frozen=True)
class Sample:
    """One request kind at one size: latencies in ms and the SQL statements of each request
    (``None`` where the response does not report them, e.g. the HTML dashboard)."""

    latencies_ms: tuple[float, ...]
    statements: tuple[int | None, ...]
    failures: int = 0
    first_error: str | None = None  # the start of the first failed answer

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies_ms, 0.95)

    @property
    def statement_counts(self) -> frozenset[int]:
        """The distinct counts seen (one, for a request whose cost does not vary)."""
        return frozenset(count for count in self.statements if count is not None)


def percentile(values: tuple[float, ...] | list[float], fraction: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceil(n × fraction), at least 1
    return ordered[int(rank) - 1]


@dataclass(frozen=True)
class Comparison:
    """A request kind at one size against the reference size."""

    median_ratio: float
    p95_ratio: float
    statements_equal: bool

    @property
    def within_bound(self) -> bool:
        return self.median_ratio <= BOUND


def ratio(value: float, reference: float) -> float:
    return value / reference if reference > 0 else float("inf") if value > 0 else 1.0


def compare(sample: Sample, reference: Sample) -> Comparison:
    """Ratios of median and p95 latency; statement counts equal means the same single count at
    both sizes (a count that varies between requests of one size is flagged too)."""
    counts, reference_counts = sample.statement_counts, reference.statement_counts
    equal = counts == reference_counts and len(counts) <= 1
    return Comparison(
        ratio(sample.median_ms, reference.median_ms),
        ratio(sample.p95_ms, reference.p95_ms),
        equal,
    )


def extrapolate(points: list[tuple[float, float]], at: float) -> float:
    """The least-squares line through ``(x, y)`` points, evaluated at ``at`` (at least two
    distinct x; with exactly two, the line through both)."""
    xs = [x for x, _ in points]
    if len(set(xs)) < 2:
        raise ValueError("extrapolation needs two sizes with different person counts")
    slope, intercept = statistics.linear_regression(xs, [y for _, y in points])
    return slope * at + intercept
