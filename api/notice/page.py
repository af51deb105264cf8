"""The HTML of the public notice board: the printable notice (A4, no script) and the page where
a villager checks a notice code. Everything shown is escaped; QR codes are inline SVG (segno),
sized in millimetres so they print at a size phones scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import segno

from governance.bank.exports import local_time
from governance.bank.models import NameDisplay
from governance.bank.notice import Notice, NoticeLine, Verification
from governance.bank.print_layout import status_word

QR_MODULE_MM = 0.5  # a version-4 code with its quiet zone: about 20 mm square
NAME_POLICY = {
    NameDisplay.FULL: "公示全名",
    NameDisplay.MASKED: "姓名部分隐藏",
    NameDisplay.NONE: "仅公示户号",
}
NOTICE_STYLE = """
@page{size:A4 portrait;margin:15mm 12mm}
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei",system-ui,sans-serif;color:#000;
margin:0 auto;max-width:186mm;font-size:10.5pt}
h1{font-size:16pt;text-align:center;margin:0 0 4mm}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:1mm 4mm;margin:0 0 4mm}
dl.meta dt{font-weight:bold}dl.meta dd{margin:0;word-break:break-all}
table{width:100%;border-collapse:collapse;margin-bottom:5mm}
th,td{border:0.3mm solid #666;padding:1mm 1.5mm;text-align:left;vertical-align:top}
thead{display:table-header-group}th{background:#ddd}tr{break-inside:avoid}
td.points{text-align:right}
h2{font-size:12pt;margin:4mm 0 2mm}
.codes{display:grid;grid-template-columns:repeat(3,1fr);gap:3mm}
.holder{border:0.3mm solid #666;padding:2mm;break-inside:avoid;text-align:center}
.holder .code{font-family:monospace;font-size:11pt;font-weight:bold;letter-spacing:.05em}
.holder svg{display:block;margin:1mm auto}
p.note{font-size:9pt;color:#333}
"""
VERIFY_STYLE = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei",system-ui,sans-serif;margin:0 auto;
max-width:40rem;padding:1rem;color:#212121}
h1{font-size:1.3rem}
form{display:flex;gap:.5rem;flex-wrap:wrap}
input{font-size:1.2rem;padding:.4rem;flex:1 1 12rem;font-family:monospace}
button{font-size:1.1rem;padding:.4rem 1rem}
.result{margin-top:1rem;padding:.8rem;border-radius:6px}
.valid{background:#e8f5e9;border:2px solid #2e7d32}
.invalid{background:#ffebee;border:2px solid #c62828}
.verdict{font-size:1.3rem;font-weight:bold;margin:0 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3rem;text-align:left}
"""
_HEAD = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
)


def notice_page(notice: Notice, verify_url: str) -> str:
    """The printable notice; ``verify_url`` is the absolute address of the verification page
    (the QR codes carry it with each holder's code)."""
    announcement, village = notice.announcement, notice.village
    title = f"{village.name} 积分公示"
    return (
        f"{_HEAD}<title>{escape(title)} #{announcement.id}</title>"
        f"<style>{NOTICE_STYLE}</style></head><body>"
        f"<h1>{escape(title)}（道德银行）</h1>{_notice_meta(notice)}"
        f"{_lines_table(notice.lines)}"
        "<h2>各户核对码 · Notice codes</h2>"
        '<p class="note">扫描二维码或在核对页输入核对码，可核对本户在本次公示中的记录；'
        "核对码只涵盖本次公示的记录，日后兑换积分不影响核对。"
        f"核对页：{escape(verify_url)}</p>"
        f'<div class="codes">{_holder_cards(notice.lines, verify_url)}</div>'
        "</body></html>"
    )


def _notice_meta(notice: Notice) -> str:
    announcement, head = notice.announcement, notice.chain_head
    sealed = local_time(head.sealed_at) if head.sealed_at else "尚未封存"
    rows = [
        ("公示编号", str(announcement.id)),
        ("方案", notice.scheme.name),
        ("村（社区）", f"{notice.village.name} {notice.village.code}"),
        ("公示期", f"{local_time(announcement.opens_at)} — {local_time(announcement.closes_at)}"),
        ("异议", "公示期内可向村委会或在应用中提出异议"),
        ("姓名显示", NAME_POLICY[notice.scheme.name_display]),
        ("账本链头序号", str(head.sequence)),
        ("账本链头哈希", head.hash_hex),
        ("链头封存时间", sealed),
    ]
    items = "".join(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in rows)
    return f'<dl class="meta" id="chain-head" data-hash="{head.hash_hex}">{items}</dl>'


def _lines_table(lines: Sequence[NoticeLine]) -> str:
    header = "".join(
        f"<th>{name}</th>"
        for name in ("序号", "户/姓名", "户号", "细则", "事项", "积分", "状态", "异议")
    )
    body = "".join(
        "<tr>"
        f"<td>{number}</td><td>{escape(line.display_name)}</td>"
        f"<td>{escape(line.household_number)}</td><td>{escape(line.rule_code)}</td>"
        f'<td>{escape(line.rule_title)}</td><td class="points">{line.points}</td>'
        f"<td>{escape(str(status_word(line.status)))}</td><td>{'有' if line.objected else ''}</td>"
        "</tr>"
        for number, line in enumerate(lines, start=1)
    )
    return f'<table class="lines"><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>'


def holders(lines: Sequence[NoticeLine]) -> list[NoticeLine]:
    """The first line of each holder, in board order (a holder's code is on all its lines)."""
    first: dict[int, NoticeLine] = {}
    for line in lines:
        first.setdefault(line.holder_id, line)
    return list(first.values())


def _holder_cards(lines: Sequence[NoticeLine], verify_url: str) -> str:
    cards = []
    for line in holders(lines):
        link = f"{verify_url}?code={line.code}"
        qr = segno.make(link, error="m").svg_inline(scale=QR_MODULE_MM, unit="mm")
        cards.append(
            f'<div class="holder" data-code="{escape(line.code)}">'
            f"<div>{escape(line.display_name)} · 户号 {escape(line.household_number)}</div>"
            f'{qr}<div class="code">{escape(line.code)}</div></div>'
        )
    return "".join(cards)


def verify_page(verify_url: str, typed: str | None, verification: Verification | None) -> str:
    """The form, and when a code was typed, the verdict: valid (and what it covers) or not."""
    value = escape(typed or "", quote=True)
    result = "" if verification is None else _verdict(verification)
    return (
        f"{_HEAD}<title>积分公示核对 · Check a notice code</title>"
        f"<style>{VERIFY_STYLE}</style></head><body>"
        "<h1>积分公示核对 · Check a notice code</h1>"
        "<p>输入公示表上本户的核对码（如 12-K7QZP-M3XA2）。</p>"
        f'<form method="get" action="{escape(verify_url, quote=True)}">'
        f'<input name="code" value="{value}" maxlength="40" autocomplete="off" '
        'aria-label="核对码 code" required><button type="submit">核对</button></form>'
        f"{result}</body></html>"
    )


def _verdict(verification: Verification) -> str:
    if not verification.valid:
        return (
            '<div class="result invalid" data-result="invalid">'
            '<p class="verdict">无效 · INVALID</p>'
            f"<p>{escape(_invalid_reason(verification))}</p></div>"
        )
    assert verification.notice is not None
    notice, first = verification.notice, verification.lines[0]
    announcement = notice.announcement
    rows = "".join(
        f"<tr><td>{escape(line.rule_code)} {escape(line.rule_title)}</td>"
        f"<td>{line.points}</td><td>{escape(str(status_word(line.status)))}</td></tr>"
        for line in verification.lines
    )
    return (
        '<div class="result valid" data-result="valid">'
        '<p class="verdict">有效 · VALID</p>'
        f"<p>核对码 {escape(verification.code or '')} 与记录一致：{escape(notice.village.name)}"
        f"「{escape(notice.scheme.name)}」第 {announcement.id} 号公示"
        f"（{local_time(announcement.opens_at)} — {local_time(announcement.closes_at)}）中"
        f" {escape(first.display_name)}（户号 {escape(first.household_number)}）的"
        f" {len(verification.lines)} 条记录：</p>"
        "<table><thead><tr><th>事项</th><th>积分</th><th>现状</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        "<p>只涵盖本次公示的记录；此后的兑换与其他公示不在其内。</p></div>"
    )


def _invalid_reason(verification: Verification) -> str:
    if verification.code is None:
        return "这不是核对码：核对码形如 12-K7QZP-M3XA2（公示编号-十位字母数字）。"
    if verification.notice is None:
        return f"没有编号为 {verification.code.split('-')[0]} 的公示。"
    return "该公示中没有与此核对码一致的记录：请核对输入；若无误，请向村委会反映。"
