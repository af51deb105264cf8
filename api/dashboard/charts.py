"""Inline SVG charts drawn on the server: no script, no frontend build, readable on a phone.

Charts scale with their container (``viewBox`` and ``width: 100%``); text is escaped.
"""

from __future__ import annotations

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
SERIES_COLORS = ("#2e7d32", "#f9a825", "#1565c0", "#8e24aa", "#757575")


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


def grouped_columns(
    title: str, groups: Sequence[str], series: Sequence[str], values: dict[tuple[str, str], int]
) -> str:
    """Columns per group (month), one colour per series (kind), with a legend."""
    top = max([*values.values(), 1])
    plot_height, legend_height, label_height = 160, 16 * len(series), 30
    group_width = max(CHART_WIDTH_PX / max(len(groups), 1), 12.0)
    column_width = group_width * 0.8 / max(len(series), 1)
    width = max(CHART_WIDTH_PX, group_width * len(groups))
    parts = []
    for group_index, group in enumerate(groups):
        x0 = group_index * group_width + group_width * 0.1
        for series_index, name in enumerate(series):
            amount = values.get((group, name), 0)
            column_height = plot_height * amount / top
            x = x0 + series_index * column_width
            color = SERIES_COLORS[series_index % len(SERIES_COLORS)]
            parts.append(
                f'<rect x="{x:.1f}" y="{plot_height - column_height:.1f}" '
                f'width="{column_width:.1f}" height="{column_height:.1f}" fill="{color}">'
                f"<title>{escape(group)} {escape(name)}: {amount}</title></rect>"
            )
        parts.append(
            f'<text x="{x0:.1f}" y="{plot_height + 14}" font-size="10">{escape(group)}</text>'
        )
    for series_index, name in enumerate(series):
        y = plot_height + label_height + series_index * 16
        color = SERIES_COLORS[series_index % len(SERIES_COLORS)]
        parts.append(
            f'<rect x="0" y="{y - 10}" width="10" height="10" fill="{color}"/>'
            f'<text x="14" y="{y}" font-size="11">{escape(name)}</text>'
        )
    height = plot_height + label_height + legend_height
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {width:.0f} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )
