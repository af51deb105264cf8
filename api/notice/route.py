"""``GET /notice/announcements/{id}`` (the printable notice) and ``GET /notice/verify?code=…``
(checking a notice code): public, server-rendered, no script.

No sign-in: 公示 is public notice, and these pages show only what the printed board shows
(names as the scheme allows). Each request draws from its address's rate-limit bucket, the one
anonymous GraphQL requests use, and reads as an anonymous viewer under row-level security.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from api.auth.rate_limit import RateLimiter, bucket_key
from api.global_ids import database_id
from api.notice.page import notice_page, verify_page
from governance.access.principal import ANONYMOUS
from governance.access.service import open_request
from governance.bank import notice
from governance.bank.notice_codes import CODE_TEXT_LENGTH_MAX
from kit.database import session_scope

SECURITY = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
}
NOTICE_HEADERS = {"Cache-Control": "public, max-age=60", **SECURITY}
# A typed code is the visitor's business: no cache keeps the answer.
VERIFY_HEADERS = {"Cache-Control": "no-store", **SECURITY}
Handler = Callable[[Request], Awaitable[Response]]


class NoticeBoard:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        rate_limiter: RateLimiter,
        *,
        row_security: bool,
    ) -> None:
        self.session_factory = session_factory
        self.rate_limiter = rate_limiter
        self.row_security = row_security

    async def announcement(self, request: Request) -> Response:
        limited = self._limited(request)
        if limited is not None:
            return limited
        announcement_id = database_id(str(request.path_params["id"]))
        found = None
        if announcement_id is not None:
            async with session_scope(self.session_factory) as session:
                await open_request(session, ANONYMOUS, row_security=self.row_security)
                found = await notice.notice(session, ANONYMOUS, announcement_id)
        if found is None:
            return HTMLResponse("<p>没有这个公示 (no such announcement).</p>", 404, NOTICE_HEADERS)
        html = notice_page(found, str(request.url_for("notice_verify")))
        return HTMLResponse(html, headers=NOTICE_HEADERS)

    async def verify(self, request: Request) -> Response:
        limited = self._limited(request)
        if limited is not None:
            return limited
        typed = request.query_params.get("code")
        typed = typed[: CODE_TEXT_LENGTH_MAX + 1] if typed is not None else None  # echoed back
        verification = None
        if typed is not None and typed.strip():
            async with session_scope(self.session_factory) as session:
                await open_request(session, ANONYMOUS, row_security=self.row_security)
                verification = await notice.verify(session, ANONYMOUS, typed)
        html = verify_page(str(request.url_for("notice_verify")), typed, verification)
        return HTMLResponse(html, headers=VERIFY_HEADERS)

    def _limited(self, request: Request) -> Response | None:
        address = request.client.host if request.client else "unknown"
        retry_after_seconds = self.rate_limiter.acquire(bucket_key(ANONYMOUS, address))
        if not retry_after_seconds:
            return None
        headers = {"Retry-After": str(retry_after_seconds), **VERIFY_HEADERS}
        message = f"<p>请求过多，请 {retry_after_seconds} 秒后再试 (too many requests).</p>"
        return HTMLResponse(message, 429, headers)
