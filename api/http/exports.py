"""Downloads: the notice board's ``/exports/announcements/{id}.csv`` and ``.xlsx``, volunteer
certificates ``/exports/certificates/{number}.pdf``, and the till's day-end report
``/exports/supermarkets/{id}/day-reports/{YYYY-MM-DD}.xlsx``.

Authenticated and rate-limited like ``/graphql`` (``Authorization: Bearer``, 429 with
``Retry-After``), the sign-in session checked before anything is read, and scoped like the
announcement: 404 when it does not exist or the viewer may not see it. A download is a read: it
never seals the ledger (the background task does), so the printed chain head is the last sealed
one, with its sealing time.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.auth.authentication import Authentication
from api.global_ids import database_id
from api.http.gate import SESSION_ENDED, Gate, unauthenticated
from governance.access.principal import Viewer
from governance.access.service import open_request
from governance.bank import exports
from governance.supermarkets import day_report, day_report_sheet
from governance.volunteering.certificate import certificate_pdf
from kit.replicas import DatabaseRouter, StaleRead

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# Exports name people and their points: no cache may keep a copy.
NO_STORE = {"Cache-Control": "no-store"}


class Exports:
    def __init__(
        self,
        router: DatabaseRouter,
        authentication: Authentication,
        *,
        row_security: bool,
    ) -> None:
        self.router = router
        self.gate = Gate(authentication)
        self.row_security = row_security

    async def announcement(self, request: Request) -> Response:
        file_format = request.path_params["format"]
        # An id no bigint holds names nothing (the driver would refuse it: a 500).
        if file_format not in MEDIA_TYPES or database_id(str(request.path_params["id"])) is None:
            return JSONResponse(
                {"error": "No such export; use <announcement id>.csv or .xlsx."}, 404
            )
        viewer = self.gate.viewer(request)
        if isinstance(viewer, Response):
            return viewer

        async def read(session: AsyncSession) -> exports.Sheet | None:
            await self._open(session, viewer)
            return await exports.announcement_sheet(session, viewer, request.path_params["id"])

        try:
            sheet = await self.router.read(read, user_id=viewer.user_id)
        except StaleRead:
            return unauthenticated(SESSION_ENDED)
        if sheet is None:
            return JSONResponse({"error": "No such announcement."}, 404)
        body = exports.to_csv(sheet) if file_format == "csv" else exports.to_xlsx(sheet)
        filename = f"announcement-{request.path_params['id']}.{file_format}"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"', **NO_STORE}
        return Response(body, media_type=MEDIA_TYPES[file_format], headers=headers)

    async def certificate(self, request: Request) -> Response:
        """``/exports/certificates/{number}.pdf``: the volunteer's certificate."""
        viewer = self.gate.viewer(request)
        if isinstance(viewer, Response):
            return viewer
        number = request.path_params["number"]

        async def read(session: AsyncSession) -> bytes | None:
            await self._open(session, viewer)
            return await certificate_pdf(session, viewer, number)

        try:
            document = await self.router.read(read, user_id=viewer.user_id)
        except StaleRead:
            return unauthenticated(SESSION_ENDED)
        if document is None:
            return JSONResponse({"error": "No such certificate."}, 404)
        headers = {"Content-Disposition": f'attachment; filename="{number}.pdf"', **NO_STORE}
        return Response(document, media_type="application/pdf", headers=headers)

    async def day_report(self, request: Request) -> Response:
        """``/exports/supermarkets/{id}/day-reports/{YYYY-MM-DD}.xlsx``: the till's day-end
        report, for the supermarket's cashiers and the administrators over its region (404 for
        anyone else, as for a supermarket that does not exist)."""
        day = _day(str(request.path_params["day"]))
        supermarket_id = database_id(str(request.path_params["id"]))
        if day is None or supermarket_id is None:
            return JSONResponse(
                {"error": "No such export; use <supermarket id>/day-reports/YYYY-MM-DD.xlsx."},
                404,
            )
        viewer = self.gate.viewer(request)
        if isinstance(viewer, Response):
            return viewer

        async def read(session: AsyncSession) -> day_report.DayReport | None:
            await self._open(session, viewer)
            return await day_report.day_report(session, viewer, supermarket_id, day)

        try:
            report = await self.router.read(read, user_id=viewer.user_id)
        except StaleRead:
            return unauthenticated(SESSION_ENDED)
        if report is None:
            return JSONResponse({"error": "No such supermarket."}, 404)
        filename = f"day-report-{supermarket_id}-{day.isoformat()}.xlsx"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"', **NO_STORE}
        return Response(
            day_report_sheet.to_xlsx(report), media_type=MEDIA_TYPES["xlsx"], headers=headers
        )

    async def _open(self, session: AsyncSession, viewer: Viewer) -> None:
        """Enter the viewer's scope; ``StaleRead`` when their sign-in session is not live (on a
        replica: maybe not replayed yet, so the primary decides)."""
        if not await open_request(session, viewer, row_security=self.row_security):
            raise StaleRead


def _day(text: str) -> dt.date | None:
    """A county day written YYYY-MM-DD, or None."""
    try:
        day = dt.date.fromisoformat(text) if len(text) == len("YYYY-MM-DD") else None
    except ValueError:
        return None
    return day if day is not None and day_report.reportable(day) else None
