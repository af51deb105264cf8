"""The dashboard's HTML: one section per indicator, a chart of the ledger's points activity.

Aggregates only (shares, counts per township): no person is named, so the page is public.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from api.dashboard.charts import Bar, bar_chart, grouped_columns
from governance.indicators.activity import Flow, MonthActivity
from governance.indicators.models import FormulaKind
from governance.indicators.service import Evaluation, RegionValue
from governance.regions.models import Region

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;background:#f5f5f5;color:#212121}
header{background:#b71c1c;color:#fff;padding:12px 16px}
header h1{font-size:1.25rem;margin:0}
header p{margin:4px 0 0;font-size:.85rem}
main{display:grid;gap:12px;padding:12px;grid-template-columns:repeat(auto-fill,minmax(340px,1fr))}
section{background:#fff;border-radius:8px;padding:12px;box-shadow:0 1px 2px rgba(0,0,0,.15)}
section h2{font-size:1rem;margin:0 0 4px}
blockquote{margin:4px 0;padding-left:8px;border-left:3px solid #bdbdbd;font-size:.8rem;color:#555}
.figure{font-size:1.4rem;font-weight:600}
.met{color:#2e7d32}.unmet{color:#c62828}.none{color:#757575}
.meta{font-size:.8rem;color:#555}
svg.chart{width:100%;height:auto;display:block;margin-top:8px}
footer{font-size:.8rem;color:#555;padding:0 16px 16px}
@media (max-width:400px){main{padding:6px;grid-template-columns:1fr}}
"""
FLOW_LABELS = {
    Flow.ISSUED: "发放 ISSUED",
    Flow.PENDING: "公示中 PENDING",
    Flow.DEDUCTED: "扣减 DEDUCTED",
    Flow.REDEEMED: "兑换 REDEEMED",
    Flow.RETURNED: "退货 RETURNED",
    Flow.EXPIRED: "清零 EXPIRED",
    Flow.OTHER: "其他 OTHER",
}


def _is_share(evaluation: Evaluation) -> bool:
    return evaluation.definition.formula_kind is not FormulaKind.COUNT_PER_UNIT


def _figure(value: RegionValue, share: bool) -> str:
    if value.tally is None:
        return '<span class="figure none">无数据 (no data yet)</span>'
    number = value.value
    shown = "—" if number is None else (f"{number:.1%}" if share else f"{number:.2f}")
    css = "met" if value.met else "unmet" if value.met is False else "none"
    status = "达标" if value.met else "未达标" if value.met is False else "—"
    counts = f"{value.tally.numerator} / {value.tally.denominator}"
    return (
        f'<span class="figure {css}">{shown}</span> <span class="{css}">{status}</span> ({counts})'
    )


def indicator_section(evaluation: Evaluation) -> str:
    definition = evaluation.definition
    share = _is_share(evaluation)
    target = float(definition.target)
    target_text = f"{target:.0%}" if share else f"{target:g}"
    deadline = f" · 期限 {definition.deadline:%Y-%m-%d}" if definition.deadline else ""
    chart = ""
    # Children with nothing to count (a township without communities) are left off the chart.
    bars = [
        Bar(child.region.name, float(child.value) if child.value is not None else None, child.met)
        for child in evaluation.children
        if child.tally is None or child.tally.units > 0
    ]
    if bars:
        chart = bar_chart(definition.name, bars, target, share=share)
    return (
        f'<section class="indicator" data-indicator-key="{escape(definition.key)}">'
        f"<h2>{escape(definition.name)}</h2>"
        f"<blockquote>{escape(definition.plan_sentence)}</blockquote>"
        f"<div>{_figure(evaluation.region, share)}</div>"
        f'<div class="meta">目标 ≥ {target_text}{deadline} · {escape(definition.key)}</div>'
        f"{chart}</section>"
    )


def activity_section(region: Region, activity: Sequence[MonthActivity]) -> str:
    note = (
        f"{region.name}的住户与个人在积分账本（ledger）中的 POINTS 转账，每月按流向汇总："
        "发放（含公示期满入账）、公示中、扣减、兑换、退货、清零。"
        f" Ledger POINTS transfers of holders in {region.name} per month by flow: issued"
        " (posted, including announced awards at their deadline), pending (still announced),"
        " deducted, redeemed, returned, expired."
    )
    if not activity:
        body = '<p class="meta">暂无积分转账 (no points transfers yet).</p>'
    else:
        months = sorted({f"{row.month:%Y-%m}" for row in activity})
        flows = [
            label for flow, label in FLOW_LABELS.items() if any(r.flow is flow for r in activity)
        ]
        values = {(f"{r.month:%Y-%m}", FLOW_LABELS[r.flow]): r.amount_points for r in activity}
        body = grouped_columns("道德银行积分（每月）", months, flows, values, unit="积分 points")
    return (
        '<section class="activity" id="morality-bank">'
        "<h2>道德银行积分活动 · Morality-bank points</h2>"
        f'<p class="meta">{escape(note)}</p>{body}</section>'
    )


def render(
    region: Region,
    evaluations: Sequence[Evaluation],
    activity: Sequence[MonthActivity],
    as_of: dt.date,
) -> str:
    sections = "".join(indicator_section(evaluation) for evaluation in evaluations)
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(region.name)} · 市域社会治理指标</title>"
        f"<style>{STYLE}</style></head><body>"
        f"<header><h1>{escape(region.name)} 市域社会治理现代化指标</h1>"
        f"<p>按下级区域排名，截至 {as_of:%Y-%m-%d}（实时计算）· 仅汇总数据，公开页面 "
        "(aggregates only, public)</p></header>"
        f"<main>{sections}{activity_section(region, activity)}</main>"
        "<footer>数据来源：本系统记录；指标定义见 GraphQL <code>indicators</code>。</footer>"
        "</body></html>"
    )
