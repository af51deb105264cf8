"""The volunteer service certificate (志愿服务证明) as a PDF: number, volunteer, hours, each
activity with its organizer, issuer and date, on A4 inside its margins (long cells wrap).

The text is set in WenQuanYi Zen Hei (Debian's ``fonts-wqy-zenhei``, which ``.ci/run`` installs
and the README lists), embedded as a subset so every viewer prints it as shown. Without that
file the built-in CID font ``STSong-Light`` is used and a warning logged: that PDF is not
embedded and relies on the viewer's Chinese fonts.

The ID-card number is never printed: the certificate names the person and their village.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import User
from governance.access.principal import Viewer
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, ancestor
from governance.volunteering.models import Certificate
from governance.volunteering.service import MINUTES_PER_HOUR, ServiceRecord, service_record
from kit.clock import local_day

EMBEDDED_FONT = "WenQuanYiZenHei"
EMBEDDED_FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FALLBACK_FONT = "STSong-Light"
MARGIN = 20 * mm
# Shares of the text width: date, activity, category, organizer, hours.
COLUMN_SHARES = (0.15, 0.35, 0.16, 0.22, 0.12)
CATEGORY_NAMES = {
    "NEIGHBOURHOOD_WATCH": "邻里守望",
    "EMPTY_NEST_ELDERS": "关爱空巢老人",
    "LEFT_BEHIND_CHILDREN": "关爱留守儿童",
    "ORPHANS_AND_DISABLED": "关爱孤残",
    "POVERTY_RELIEF": "扶贫帮困",
    "OTHER": "其他",
}


@dataclass(frozen=True, slots=True)
class CertificateText:
    number: str
    issuer: str
    issued_on: str
    village: str


@cache
def font_name() -> str:
    """The embedded TrueType font if its file is there, else the (not embedded) CID font."""
    if EMBEDDED_FONT_FILE.is_file():
        pdfmetrics.registerFont(TTFont(EMBEDDED_FONT, str(EMBEDDED_FONT_FILE), subfontIndex=0))
        return EMBEDDED_FONT
    logging.getLogger(__name__).warning(
        "%s missing (Debian: fonts-wqy-zenhei): certificates use %s, not embedded",
        EMBEDDED_FONT_FILE,
        FALLBACK_FONT,
    )
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    font = font_name()
    title = ParagraphStyle("title", fontName=font, fontSize=20, leading=28, alignment=1)
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=18)
    cell = ParagraphStyle("cell", fontName=font, fontSize=10, leading=13, wordWrap="CJK")
    return title, body, cell


def hours(minutes: int) -> str:
    return f"{minutes / MINUTES_PER_HOUR:.1f}"


def service_table(record: ServiceRecord, width: float, cell: ParagraphStyle) -> Table:
    """The activities as a table exactly ``width`` wide; long texts wrap inside their cells,
    and the header row repeats on every page."""
    rows = [["日期", "活动", "类别", "组织者", "时长（小时）"]]
    rows += [
        [local_day(entry.starts_at).isoformat(), entry.activity_title,
         CATEGORY_NAMES.get(entry.category.value, entry.category.value), entry.organizer,
         hours(entry.service_minutes)]
        for entry in record.entries
    ]  # fmt: skip
    cells = [[Paragraph(escape(value), cell) for value in row] for row in rows]
    table = Table(cells, colWidths=[share * width for share in COLUMN_SHARES], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    return table


def render(record: ServiceRecord, text: CertificateText) -> bytes:
    title, body, cell = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"志愿服务证明 {text.number}",
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
    )  # fmt: skip
    table = service_table(record, document.width, cell)
    story = [
        Paragraph("志愿服务证明", title),
        Spacer(1, 6 * mm),
        Paragraph(f"证书编号：{escape(text.number)}", body),
        Paragraph(
            f"兹证明 {escape(record.person_name)}（{escape(text.village)}）累计参加志愿服务 "
            f"{len(record.entries)} 次，服务时长 {hours(record.service_minutes)} 小时"
            "（不含往返路途时间），服务内容如下：",
            body,
        ),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 8 * mm),
        Paragraph(f"出具人：{escape(text.issuer)}", body),
        Paragraph(f"出具日期：{text.issued_on}", body),
        Paragraph("本证明依据《志愿服务条例》免费出具，内容真实。", body),
    ]
    document.build(story)
    return buffer.getvalue()


async def certificate_pdf(session: AsyncSession, viewer: Viewer, number: str) -> bytes | None:
    """The certificate's PDF if the viewer may see the person (staff of their region, or the
    volunteer and their household); the record as it stood when the certificate was issued."""
    found = await session.execute(select(Certificate).where(Certificate.number == number))
    certificate = found.scalar_one_or_none()
    if certificate is None:
        return None
    record = await service_record(
        session, viewer, certificate.person_id, confirmed_by=certificate.issued_at
    )
    if record is None:
        return None
    issuer = await session.get(User, certificate.issued_by_user_id)
    [village] = await regions_repository.by_codes(
        session, [ancestor(certificate.region_code, RegionLevel.VILLAGE)]
    )
    text = CertificateText(
        certificate.number,
        issuer.display_name if issuer else "",
        local_day(certificate.issued_at).isoformat(),
        village.name,
    )
    return render(record, text)
