"""Master tables over HTTP: ``GET /imports/{table}/template.xlsx`` and ``POST /imports/{table}``.

The upload is a multipart form with one ``file`` field (.xlsx or .csv); ``?dryRun=true``
checks everything and writes nothing. The import runs as the signed-in viewer, row by row
through the same service functions (and so the same validation and scope) as the mutations,
in one transaction: all rows or none. Answers:

- 200 ``{"table", "dryRun", "counts": {"NEW": n, …}, "rows": [{"row", "outcome"}]}``;
- 422 ``{"error", "errors": [{"row", "column", "message"}], "errorsTotal"}`` — nothing written;
- 400 a file that is no sheet at all, 413 one too large, 404 an unknown table, 401/429 as
  ``/graphql``.

Each upload leaves an audit row (``import:<table>``, OK or REJECTED), written even when the
import is rolled back.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.auth.authentication import Authentication
from api.http.gate import SESSION_ENDED, Gate, unauthenticated
from governance.access.audit import MutationRecord, record_mutations
from governance.access.models import Outcome
from governance.access.principal import Viewer
from governance.access.service import open_request
from governance.imports.registry import IMPORTERS
from governance.imports.runner import Importer, ImportReport
from governance.imports.template import template_xlsx
from governance.people.roster import RosterRejected
from governance.people.roster_files import ROSTER_BYTES_MAX, RosterUnreadable, read_roster
from kit.clock import Clock
from kit.database import session_scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUFFIXES = frozenset({".xlsx", ".csv"})
TRUE_WORDS = frozenset({"1", "true", "yes"})


class Imports:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        authentication: Authentication,
        clock: Clock,
        *,
        row_security: bool,
    ) -> None:
        self.session_factory = session_factory
        self.gate = Gate(authentication)
        self.clock = clock
        self.row_security = row_security

    async def template(self, request: Request) -> Response:
        """The blank template of a table (public: it holds no data)."""
        importer = IMPORTERS.get(request.path_params["table"])
        if importer is None:
            return _unknown_table()
        filename = f"{importer.sheet.name}-template.xlsx"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        return Response(template_xlsx(importer.sheet), media_type=XLSX, headers=headers)

    async def upload(self, request: Request) -> Response:
        importer = IMPORTERS.get(request.path_params["table"])
        if importer is None:
            return _unknown_table()
        viewer = self.gate.viewer(request)
        if isinstance(viewer, Response):
            return viewer
        if int(request.headers.get("content-length") or 0) > ROSTER_BYTES_MAX + 64 * 1024:
            return _too_large()
        dry_run = request.query_params.get("dryRun", "").lower() in TRUE_WORDS
        received = await _received_file(request)
        if isinstance(received, Response):
            return received
        data, suffix = received
        return await self._run(request, importer, viewer, data, suffix, dry_run=dry_run)

    async def _run(
        self,
        request: Request,
        importer: Importer,
        viewer: Viewer,
        data: bytes,
        suffix: str,
        *,
        dry_run: bool,
    ) -> Response:
        try:
            rows = _rows(importer, data, suffix)
            async with session_scope(self.session_factory) as session:
                if not await open_request(session, viewer, row_security=self.row_security):
                    return unauthenticated(SESSION_ENDED)
                report = await importer.run(session, viewer, rows, self.clock.now())
                if dry_run:
                    await session.rollback()
        except RosterUnreadable as unreadable:
            return JSONResponse({"error": str(unreadable)}, 400)
        except RosterRejected as rejected:
            await self._audit(request, importer, viewer, Outcome.REJECTED)
            return JSONResponse(_rejection(rejected), 422)
        if not dry_run:
            await self._audit(request, importer, viewer, Outcome.OK)
        return JSONResponse(_report(report, dry_run=dry_run))

    async def _audit(
        self, request: Request, importer: Importer, viewer: Viewer, outcome: Outcome
    ) -> None:
        record = MutationRecord(f"import:{importer.sheet.name}", None, (), outcome)
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        address = request.client.host if request.client else None
        async with session_scope(self.session_factory) as session:
            await record_mutations(
                session, viewer, [record], request_id=request_id, client_address=address
            )


async def _received_file(request: Request) -> tuple[bytes, str] | Response:
    """The uploaded file's bytes and suffix, or the 400/413 answer."""
    try:
        async with request.form(max_files=1, max_fields=4) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile) or not upload.filename:
                message = "Send the sheet as a multipart form field named 'file'."
                return JSONResponse({"error": message}, 400)
            suffix = Path(upload.filename).suffix.lower()
            if suffix not in SUFFIXES:
                return JSONResponse({"error": "Send the sheet as .xlsx or .csv."}, 400)
            data = await upload.read(ROSTER_BYTES_MAX + 1)
    except HTTPException as malformed:  # Starlette's answer to a broken multipart body
        return JSONResponse({"error": f"Malformed upload: {malformed.detail}"}, 400)
    if len(data) > ROSTER_BYTES_MAX:
        return _too_large()
    return data, suffix


def _rows(importer: Importer, data: bytes, suffix: str) -> list[tuple[int, dict[str, object]]]:
    """The sheet's numbered rows, read by the same reader as the command line's imports."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            return read_roster(path, importer.sheet.check_header)
        except RosterUnreadable:
            expected = "an .xlsx workbook or a CSV file with the template's header"
            raise RosterUnreadable(Path(f"the uploaded file ({suffix})"), expected) from None


def _report(report: ImportReport, *, dry_run: bool) -> dict[str, object]:
    return {
        "table": report.table,
        "dryRun": dry_run,
        "counts": {outcome.value: count for outcome, count in report.counts().items()},
        "rows": [{"row": row, "outcome": outcome.value} for row, outcome in report.outcomes],
    }


def _rejection(rejected: RosterRejected) -> dict[str, object]:
    return {
        "error": "The file was not imported: nothing was written.",
        "errors": [
            {"row": error.row_number, "column": error.column, "message": error.reason}
            for error in rejected.errors
        ],
        "errorsTotal": rejected.errors_total,
    }


def _unknown_table() -> Response:
    names = ", ".join(sorted(IMPORTERS))
    return JSONResponse({"error": f"No such table; the tables are: {names}."}, 404)


def _too_large() -> Response:
    size_mib = ROSTER_BYTES_MAX // (1024 * 1024)
    return JSONResponse({"error": f"The file is over {size_mib} MiB: split it."}, 413)
