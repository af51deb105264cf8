"""Goal: the ratio chart draws a bar proportional to × bare, marks the target where it lies,
and colours a bar by whether its target is met."""

from __future__ import annotations

from bench.ratio_chart import BAR_WIDTH, bar


def test_a_missed_target_is_marked_and_yellow() -> None:
    drawn = bar(0.1, 0.4)
    assert drawn.plain.count("█") == round(0.1 * BAR_WIDTH)
    assert drawn.plain.index("│") == round(0.4 * BAR_WIDTH)
    assert len(drawn.plain) == BAR_WIDTH
    assert drawn.style == "yellow"


def test_a_met_target_is_green_and_ratios_are_clamped() -> None:
    assert bar(0.75, 0.7).style == "green"
    assert bar(1.8, None).plain == "█" * BAR_WIDTH
    assert bar(-0.1, None).plain == "·" * BAR_WIDTH
