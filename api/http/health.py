"""``/healthz`` (the process answers) and ``/readyz`` (database reachable, migrations at head)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import JSONResponse

from migrations import current_revisions


async def healthz(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    engine: AsyncEngine = request.app.state.engine
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            current = await connection.run_sync(current_revisions)
    except (SQLAlchemyError, OSError) as error:
        return JSONResponse({"status": "database unreachable", "error": type(error).__name__}, 503)
    heads = request.app.state.migration_heads
    if current != heads:
        body = {"status": "migrations pending", "current": sorted(current), "head": sorted(heads)}
        return JSONResponse(body, 503)
    return JSONResponse({"status": "ready", "revision": sorted(current)})
