"""Goal: ``grassroots bench scale`` reads its sizes right, names their databases the same on
every run, compares each size with the reference as issue 20 asks (ratios of medians, the
1.5 × bound, statement counts equal and constant), and extrapolates along a line.

Method: the pure parts (``bench.scale_figures``, the report's bars, the answers' statement
counts) on made-up samples whose ratios are known."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.scale import _share
from bench.scale_databases import Loaded, needs_load
from bench.scale_figures import (
    BOUND,
    Sample,
    Size,
    built_on_reference,
    compare,
    extrapolate,
    parse_size,
    percentile,
)
from bench.scale_report import CHART_FULL, CHART_WIDTH, Report, ratio_bar
from bench.scale_requests import statements_of


def sample(latencies: list[float], statements: list[int | None]) -> Sample:
    return Sample(tuple(latencies), tuple(statements))


def test_sizes_are_parsed_and_named_for_their_database() -> None:
    size = parse_size(" Fengning:0.01 ")
    assert size == Size("fengning", 0.01)
    assert size.label == "fengning:0.01"
    assert size.database == "bench_scale_fengning_0_01"
    assert parse_size("hebei:1").database == "bench_scale_hebei_1"
    assert parse_size("hebei:.05") == Size("hebei", 0.05)


@pytest.mark.parametrize("text", ["fengning", "fengning:", ":0.1", "hebei:0", "hebei:1.5",
                                  "hebei:-0.1", "hebei:0.1:2", "he bei:0.1"])  # fmt: skip
def test_a_malformed_size_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="size"):
        parse_size(text)


def test_province_sizes_are_built_on_a_county_reference() -> None:
    county, province = parse_size("fengning:1.0"), parse_size("hebei:0.135")
    sizes = built_on_reference([county, province, parse_size("fengning:0.1")], "fengning")
    assert sizes[0] == county
    assert sizes[1] == Size("hebei", 0.135, county)
    assert sizes[1].label == "hebei:0.135 on fengning:1"
    assert sizes[1].database == "bench_scale_hebei_0_135_on_fengning_1"
    assert sizes[2].base is None  # a county size stays a county alone
    # A province reference: nothing to build on.
    assert built_on_reference([province, county], "fengning") == [province, county]


def test_a_database_is_loaded_only_when_it_lacks_what_the_size_needs() -> None:
    county, province = Size("fengning", 1.0), Size("hebei", 0.1, Size("fengning", 1.0))
    assert needs_load(county, "")
    assert not needs_load(county, "130826")
    assert needs_load(province, "130826")  # the copy of the county, before the province
    assert not needs_load(province, "13")


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.5) == 50.0
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.95) == 0.0


def test_ratios_compare_medians_and_p95_with_the_reference() -> None:
    reference = sample([10.0, 10.0, 10.0, 20.0], [3, 3, 3, 3])
    slower = sample([16.0, 16.0, 16.0, 40.0], [3, 3, 3, 3])
    found = compare(slower, reference)
    assert found.median_ratio == pytest.approx(1.6)
    assert found.p95_ratio == pytest.approx(2.0)
    assert found.statements_equal
    assert not found.within_bound  # 1.6 > 1.5
    assert compare(sample([15.0], [3]), sample([10.0], [3])).within_bound  # 1.5 is within


def test_statement_counts_must_be_the_same_single_count_at_both_sizes() -> None:
    reference = sample([1.0, 1.0], [3, 3])
    assert not compare(sample([1.0, 1.0], [4, 4]), reference).statements_equal
    assert not compare(sample([1.0, 1.0], [3, 4]), reference).statements_equal  # varies
    assert not compare(sample([1.0, 1.0], [3, 3]), sample([1.0, 1.0], [3, 5])).statements_equal
    # Requests that report no count (the HTML dashboard) compare equal: nothing to compare.
    assert compare(sample([1.0], [None]), sample([1.0], [None])).statements_equal


def test_a_zero_reference_gives_an_infinite_ratio_not_an_error() -> None:
    assert math.isinf(compare(sample([1.0], [1]), sample([0.0], [1])).median_ratio)


@given(
    slope=st.floats(-100, 100, allow_nan=False),
    intercept=st.floats(-1000, 1000, allow_nan=False),
    xs=st.lists(st.integers(1, 10_000_000), min_size=2, max_size=5, unique=True),
    at=st.integers(1, 100_000_000),
)
def test_extrapolation_follows_points_on_a_line(
    slope: float, intercept: float, xs: list[int], at: int
) -> None:
    points = [(float(x), slope * x + intercept) for x in xs]
    expected = slope * at + intercept
    assert extrapolate(points, at) == pytest.approx(expected, rel=1e-6, abs=1e-3)


def test_extrapolation_needs_two_sizes() -> None:
    with pytest.raises(ValueError, match="two sizes"):
        extrapolate([(100.0, 1.0), (100.0, 2.0)], 1000)


@given(total=st.integers(1, 10_000), rounds=st.integers(1, 20))
def test_rounds_share_the_requests_exactly(total: int, rounds: int) -> None:
    shares = [_share(total, rounds, turn) for turn in range(rounds)]
    assert sum(shares) == total
    assert max(shares) - min(shares) <= 1


def test_the_bar_marks_the_bound_and_colours_by_it() -> None:
    within, beyond = ratio_bar(1.2), ratio_bar(2.0)
    mark = round(BOUND / CHART_FULL * CHART_WIDTH)
    assert within.plain.index("│") == mark == beyond.plain.index("│")
    assert within.plain.count("█") == round(1.2 / CHART_FULL * CHART_WIDTH)
    assert (within.style, beyond.style) == ("green", "red")
    assert ratio_bar(10.0).plain.endswith("▶")  # beyond the chart: clamped, marked


def test_statements_are_read_from_the_answer() -> None:
    assert statements_of(b'{"data":{},"extensions":{"sql":{"statements":7}}}') == 7
    assert statements_of(b'{"data":{}}') is None
    assert statements_of(b"<html></html>") is None


def _loaded(text: str, persons: int) -> Loaded:
    return Loaded(parse_size(text), "postgresql://unused", False, persons, persons // 3, "13")


def test_the_report_extrapolates_along_the_largest_sizes_series() -> None:
    sizes = [
        _loaded("fengning:1", 400_000),
        _loaded("fengning:0.01", 4_000),  # another series: left out of the line
        _loaded("hebei:0.01", 1_000_000),
        _loaded("hebei:0.04", 3_000_000),
    ]
    # 10 ms at the reference; the province's series grows 1 ms per million persons.
    medians = [10.0, 99.0, 11.0, 13.0]
    samples = [{"persons": sample([ms, ms, ms], [3, 3, 3])} for ms in medians]
    report = Report.of(list(zip(sizes, samples, strict=True)), {"persons": "p"}, set(), 10_000_000)
    assert report.extrapolation is not None
    assert report.extrapolation.median_ms["persons"] == pytest.approx(20.0)
    assert report.extrapolation.median_ratio["persons"] == pytest.approx(2.0)
    figures = report.figures()
    assert figures["extrapolated"]["median_ratio"] == {"persons": 2.0}
    assert figures["sizes"][3]["requests"]["persons"]["median_ratio"] == 1.3
    assert figures["sizes"][3]["requests"]["persons"]["within_bound"] is True
    # Without a target, or with one size of the series only, nothing is extrapolated.
    assert Report.of(list(zip(sizes, samples, strict=True)), {}, set(), None).extrapolation is None
    two = list(zip(sizes[:3], samples[:3], strict=True))
    assert Report.of(two, {}, set(), 10_000_000).extrapolation is None
