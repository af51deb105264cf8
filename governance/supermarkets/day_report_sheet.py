"""The day-end report on paper: one A4 sheet (``print_layout``), totals and cashiers above,
goods out in the table."""

from __future__ import annotations

from governance.bank.print_layout import workbook_bytes
from governance.supermarkets.day_report import DayReport, Tally

HEADER = ("商品", "单位", "售出", "退回", "净出库", "售出积分", "退回积分")


def _tally_text(tally: Tally) -> str:
    return (
        f"销售 {tally.sales_count} 笔 {tally.sales_points} 分；"
        f"退货 {tally.returns_count} 笔 {tally.returns_points} 分；"
        f"净收 {tally.net_points} 分"
    )


def to_xlsx(report: DayReport) -> bytes:
    preamble = [
        ("超市", report.supermarket_name),
        ("区划代码", report.region_code),
        ("日期", report.day.isoformat()),
        ("合计", _tally_text(report.totals)),
    ]
    preamble += [
        (f"收银员 {cashier.display_name}（{cashier.username}）", _tally_text(cashier.tally))
        for cashier in report.cashiers
    ]
    rows = [
        (line.name, line.unit_label, line.sold_quantity, line.returned_quantity,
         line.net_quantity, line.sold_points, line.returned_points)
        for line in report.goods
    ]  # fmt: skip
    title = f"{report.supermarket_name} 日结报表 {report.day.isoformat()}"
    return workbook_bytes(title, preamble, HEADER, rows, sheet_name="日结")
