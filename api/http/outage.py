"""503 while the database is unavailable, for every route (``/graphql``, exports, dashboard).

A handler caught in an outage raises (its session then discards the connection, see
``kit.database.Session``); this middleware answers for it with 503, ``Retry-After`` and the
code ``DATABASE_UNAVAILABLE``, instead of a plain-text 500 and a traceback. Anything else
propagates as before.
"""

from __future__ import annotations

from graphql import GraphQLError
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.types.execution import ExecutionResult

from kit.outage import (
    DATABASE_UNAVAILABLE,
    RETRY_AFTER_SECONDS,
    UNAVAILABLE_MESSAGE,
    DatabaseUnavailable,
    is_connection_failure,
    outage_log,
)


class DatabaseOutage:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as error:
            if started or not is_connection_failure(error):
                raise
            outage_log.failed(error)
            await unavailable_response()(scope, receive, send)


def unavailable_response() -> JSONResponse:
    body = {
        "errors": [{"message": UNAVAILABLE_MESSAGE, "extensions": {"code": DATABASE_UNAVAILABLE}}]
    }
    return JSONResponse(body, 503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


def unavailable_error(error: GraphQLError, request_id: str | None) -> GraphQLError:
    """A resolver's error masked as the outage it was (no traceback: the outage is logged once)."""
    outage_log.failed(error.original_error or error)
    return GraphQLError(
        message=UNAVAILABLE_MESSAGE,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": DATABASE_UNAVAILABLE, "requestId": request_id},
    )


def raise_if_unavailable(result: ExecutionResult) -> None:
    """A result that met an outage is answered 503 as a whole (and its connection dropped)."""
    for error in result.errors or []:
        if (error.extensions or {}).get("code") == DATABASE_UNAVAILABLE:
            raise DatabaseUnavailable(error.message)
