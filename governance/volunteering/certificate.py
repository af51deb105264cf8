"""The volunteer service certificate (志愿服务证明) as a PDF: number, volunteer, hours, each
activity with its organizer, issuer and date. ReportLab's built-in CID font ``STSong-Light``
renders Chinese with no font file to ship.

The ID-card number is never printed: the certificate names the person and their village.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from governance.access.models import User
from governance.access.principal import Viewer
from governance.regions import repository as regions_repository
from governance.regions.codes import RegionLevel, ancestor
from governance.volunteering.models import Certificate
from governance.volunteering.service import MINUTES_PER_HOUR, ServiceRecord, service_record

FONT = "STSong-Light"
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


def _styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    title = ParagraphStyle("title", fontName=FONT, fontSize=20, leading=28, alignment=1)
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18)
    return title, body


def hours(minutes: int) -> str:
    return f"{minutes / MINUTES_PER_HOUR:.1f}"


def render(record: ServiceRecord, text: CertificateText) -> bytes:
    title, body = _styles()
    rows = [["日期", "活动", "类别", "组织者", "时长（小时）"]]
    rows += [
        [entry.starts_at.date().isoformat(), entry.activity_title,
         CATEGORY_NAMES.get(entry.category.value, entry.category.value), entry.organizer,
         hours(entry.service_minutes)]
        for entry in record.entries
    ]  # fmt: skip
    table = Table(rows, colWidths=[25 * mm, 60 * mm, 30 * mm, 40 * mm, 25 * mm])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 10),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
    ]))  # fmt: skip
    story = [
        Paragraph("志愿服务证明", title),
        Spacer(1, 6 * mm),
        Paragraph(f"证书编号：{text.number}", body),
        Paragraph(
            f"兹证明 {record.person_name}（{text.village}）累计参加志愿服务 "
            f"{len(record.entries)} 次，服务时长 {hours(record.service_minutes)} 小时"
            "（不含往返路途时间），服务内容如下：",
            body,
        ),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 8 * mm),
        Paragraph(f"出具人：{text.issuer}", body),
        Paragraph(f"出具日期：{text.issued_on}", body),
        Paragraph("本证明依据《志愿服务条例》免费出具，内容真实。", body),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=f"志愿服务证明 {text.number}")
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
        certificate.issued_at.date().isoformat(),
        village.name,
    )
    return render(record, text)
