"""Inline SVG charts drawn on the server: no script, no frontend build, readable on a phone.

Charts scale with their container (``viewBox`` and ``width: 100%``); text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

BAR_HEIGHT_PX = 18
BAR_GAP_PX = 6
LABEL_WIDTH_PX = 120
PLOT_WIDTH_PX = 220
VALUE_WIDTH_PX = 60
CHART_WIDTH_PX = LABEL_WIDTH_PX + PLOT_WIDTH_PX + VALUE_WIDTH_PX
MARGIN_TOP_PX = 18
MET_COLOR = "#2e7d32"
UNMET_COLOR = "#c62828"
TARGET_COLOR = "#1565c0"
SERIES_COLORS = ("#2e7d32", "#f9a825", "#6d4c41", "#1565c0", "#8e24aa", "#c62828", "#757575")
# The column chart: a value axis on the left, month labels and a legend below.
AXIS_WIDTH_PX = 48
AXIS_COLOR = "#757575"
GRID_COLOR = "#e0e0e0"
VALUE_TICKS_MAX = 5
PLOT_TOP_PX = 22
PLOT_BOTTOM_PX = 182
GROUP_LABEL_WIDTH_PX = 44
GROUP_LABEL_HEIGHT_PX = 30
LEGEND_ROW_PX = 16


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float | None
    met: bool | None


def _scale_max(values: Sequence[float | None], target: float, share: bool) -> float:
    largest = max([v for v in values if v is not None] + [target, 1.0 if share else 0.0])
    return largest if share else largest * 1.1 or 1.0


def _format(value: float | None, share: bool) -> str:
    if value is None:
        return "无数据"
    return f"{value:.0%}" if share else f"{value:.2f}"


def bar_chart(title: str, bars: Sequence[Bar], target: float, *, share: bool) -> str:
    """Horizontal bars, one per region, with the target as a vertical line."""
    top = _scale_max([bar.value for bar in bars], target, share)
    height = MARGIN_TOP_PX + len(bars) * (BAR_HEIGHT_PX + BAR_GAP_PX) + BAR_GAP_PX
    target_x = LABEL_WIDTH_PX + PLOT_WIDTH_PX * target / top
    rows = [_bar_row(index, bar, top, share) for index, bar in enumerate(bars)]
    target_label = f"目标 {_format(target, share)}"
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {CHART_WIDTH_PX} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(rows)
        + f'<line x1="{target_x:.1f}" y1="{MARGIN_TOP_PX - 4}" x2="{target_x:.1f}" '
        f'y2="{height}" stroke="{TARGET_COLOR}" stroke-width="2" stroke-dasharray="4 2"/>'
        f'<text x="{target_x:.1f}" y="12" font-size="11" text-anchor="middle" '
        f'fill="{TARGET_COLOR}">{escape(target_label)}</text></svg>'
    )


def _bar_row(index: int, bar: Bar, top: float, share: bool) -> str:
    y = MARGIN_TOP_PX + index * (BAR_HEIGHT_PX + BAR_GAP_PX)
    width = PLOT_WIDTH_PX * (bar.value or 0.0) / top
    color = MET_COLOR if bar.met else UNMET_COLOR
    text_y = y + BAR_HEIGHT_PX - 5
    return (
        f'<text x="{LABEL_WIDTH_PX - 4}" y="{text_y}" font-size="11" text-anchor="end">'
        f"{escape(bar.label)}</text>"
        f'<rect x="{LABEL_WIDTH_PX}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT_PX}" '
        f'fill="{color}"><title>{escape(bar.label)}: {_format(bar.value, share)}</title></rect>'
        f'<text x="{LABEL_WIDTH_PX + PLOT_WIDTH_PX + 4}" y="{text_y}" font-size="11">'
        f"{_format(bar.value, share)}</text>"
    )


def value_ticks(largest: int) -> list[int]:
    """0 and equal round steps (1, 2 or 5 times a power of ten) up to the first tick at or above
    ``largest``: at most ``VALUE_TICKS_MAX`` steps, so the axis reads at a glance."""
    step = 1
    while step * VALUE_TICKS_MAX < largest:
        step = _next_round_step(step)
    top = max(-(-largest // step) * step, step)
    return list(range(0, top + 1, step))


def _next_round_step(step: int) -> int:
    leading = int(str(step)[0])
    return step * 5 // 2 if leading == 2 else step * 2


def grouped_columns(
    title: str,
    groups: Sequence[str],
    series: Sequence[str],
    values: dict[tuple[str, str], int],
    *,
    unit: str,
) -> str:
    """Columns per group (month), one colour per series (kind), on a labelled value axis, with a
    legend. Group labels are thinned out so they never overlap."""
    ticks = value_ticks(max([*values.values(), 0]))
    group_width = max((CHART_WIDTH_PX - AXIS_WIDTH_PX) / max(len(groups), 1), 12.0)
    width = AXIS_WIDTH_PX + group_width * len(groups)
    label_every = math.ceil(GROUP_LABEL_WIDTH_PX / group_width)
    parts = [_value_axis(ticks, width, unit)]
    for index, group in enumerate(groups):
        x0 = AXIS_WIDTH_PX + index * group_width
        parts.extend(_columns(group, series, values, x0=x0, group_width=group_width, top=ticks[-1]))
        if index % label_every == 0:
            parts.append(
                f'<text x="{x0 + group_width / 2:.1f}" y="{PLOT_BOTTOM_PX + 14}" font-size="10" '
                f'text-anchor="middle">{escape(group)}</text>'
            )
    parts.extend(_legend(series))
    height = PLOT_BOTTOM_PX + GROUP_LABEL_HEIGHT_PX + LEGEND_ROW_PX * len(series)
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {width:.0f} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )


def _value_y(amount: int, top: int) -> float:
    return PLOT_BOTTOM_PX - (PLOT_BOTTOM_PX - PLOT_TOP_PX) * amount / top


def _value_axis(ticks: Sequence[int], width: float, unit: str) -> str:
    """Gridlines and labels at each tick, the axis line, and the unit above the labels."""
    parts = [
        f'<text x="0" y="{PLOT_TOP_PX - 8}" font-size="10" fill="{AXIS_COLOR}">'
        f"{escape(unit)}</text>"
    ]
    for tick in ticks:
        y = _value_y(tick, ticks[-1])
        parts.append(
            f'<line x1="{AXIS_WIDTH_PX}" y1="{y:.1f}" x2="{width:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOR}" stroke-width="1"/>'
            f'<text class="tick" x="{AXIS_WIDTH_PX - 4}" y="{y + 3:.1f}" font-size="10" '
            f'text-anchor="end" fill="{AXIS_COLOR}">{tick:,}</text>'
        )
    parts.append(
        f'<line x1="{AXIS_WIDTH_PX}" y1="{PLOT_TOP_PX}" x2="{AXIS_WIDTH_PX}" '
        f'y2="{PLOT_BOTTOM_PX}" stroke="{AXIS_COLOR}" stroke-width="1"/>'
    )
    return "".join(parts)


def _columns(
    group: str,
    series: Sequence[str],
    values: dict[tuple[str, str], int],
    *,
    x0: float,
    group_width: float,
    top: int,
) -> list[str]:
    column_width = group_width * 0.8 / max(len(series), 1)
    parts = []
    for index, name in enumerate(series):
        amount = values.get((group, name), 0)
        y = _value_y(amount, top)
        x = x0 + group_width * 0.1 + index * column_width
        color = SERIES_COLORS[index % len(SERIES_COLORS)]
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{column_width:.1f}" '
            f'height="{PLOT_BOTTOM_PX - y:.1f}" fill="{color}">'
            f"<title>{escape(group)} {escape(name)}: {amount}</title></rect>"
        )
    return parts


def _legend(series: Sequence[str]) -> list[str]:
    parts = []
    for index, name in enumerate(series):
        y = PLOT_BOTTOM_PX + GROUP_LABEL_HEIGHT_PX + index * LEGEND_ROW_PX
        color = SERIES_COLORS[index % len(SERIES_COLORS)]
        parts.append(
            f'<rect x="{AXIS_WIDTH_PX}" y="{y - 10}" width="10" height="10" fill="{color}"/>'
            f'<text x="{AXIS_WIDTH_PX + 14}" y="{y}" font-size="11">{escape(name)}</text>'
        )
    return parts
