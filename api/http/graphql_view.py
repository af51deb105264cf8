"""``/graphql``: GraphQL over HTTP, following the specification's status-code rules.

With ``application/graphql-response+json``, a request error (unparseable document, failed
validation, variables that do not coerce) answers 400 with no ``data`` entry; with
``application/json`` it answers 200, also without ``data``. A well-formed request always
reaches execution; execution errors answer 200 with ``data``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError, OperationDefinitionNode, parse
from graphql.error import GraphQLFormattedError
from graphql.language import OperationType as AstOperationType
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry import Schema
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.execution import ExecutionResult, PreExecutionError
from strawberry.types.graphql import OperationType

from api.auth.authentication import Authentication, Unauthenticated
from api.auth.rate_limit import bucket_key
from api.context import Context
from api.http.graphiql import graphiql_html
from api.http.negotiation import (
    APPLICATION_JSON,
    GRAPHQL_RESPONSE_JSON,
    GraphQLParams,
    RequestProblem,
    choose_media_type,
    params_from_body,
    params_from_query_string,
)
from api.http.outage import raise_if_unavailable
from governance.access import personal_data
from governance.access.audit import record_mutations
from governance.access.principal import Viewer
from governance.access.service import open_request
from kit.clock import Clock
from kit.database import session_scope
from kit.replicas import DatabaseRouter, StaleRead, Target, format_lsn, parse_lsn
from kit.settings import Settings
from kit.statement_counter import StatementCounter, current_counter

NO_STORE = "no-store"
GET_OPERATIONS = frozenset({OperationType.QUERY})
POST_OPERATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})
# The primary's WAL position after a request's write (response), and the position a read must
# see (request): a client that sends back what it was given reads its own writes on any process.
READ_AFTER_HEADER = "x-read-after"
OPERATION_KINDS_KEPT = 1024  # documents whose operation kind is remembered…
KEPT_DOCUMENT_CHARS_MAX = 20_000  # …if no longer than this


class GraphQLView:
    def __init__(
        self,
        schema: Schema,
        router: DatabaseRouter,
        settings: Settings,
        authentication: Authentication,
        clock: Clock,
    ) -> None:
        self.clock = clock
        self.schema = schema
        self.router = router
        self.settings = settings
        self.authentication = authentication

    async def handle(self, request: Request) -> Response:
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        if self._wants_ide(request):
            return HTMLResponse(graphiql_html())
        try:
            media_type = choose_media_type(request.headers.get("accept"))
        except RequestProblem as problem:
            return _problem_response(problem, APPLICATION_JSON)
        try:
            viewer = self._identify(request)
            params, allowed = await self._read_params(request)
            return await self._execute(
                request, params, allowed, media_type, request_id, viewer=viewer
            )
        except RequestProblem as problem:
            return _problem_response(problem, media_type)

    def _wants_ide(self, request: Request) -> bool:
        return (
            self.settings.graphiql
            and not self.settings.production
            and request.method == "GET"
            and "query" not in request.query_params
            and "text/html" in request.headers.get("accept", "")
        )

    def _identify(self, request: Request) -> Viewer:
        """The viewer of a request, after its rate limit (per user, or per address if anonymous)."""
        try:
            viewer = self.authentication.viewer_from_header(request.headers.get("authorization"))
        except Unauthenticated as problem:
            # Guessed tokens draw from the address's bucket: guessing is limited like the rest.
            self._limit(f"address:{_address(request)}")
            raise _unauthenticated(problem) from None
        key = bucket_key(viewer, _address(request))
        self._limit(key)
        return viewer

    def _limit(self, key: str) -> None:
        retry_after_seconds = self.authentication.rate_limiter.acquire(key)
        if retry_after_seconds:
            message = f"Too many requests; retry in {retry_after_seconds} s."
            headers = {"Retry-After": str(retry_after_seconds)}
            raise RequestProblem(429, message, headers, code="RATE_LIMITED")

    async def _read_params(self, request: Request) -> tuple[GraphQLParams, frozenset[Any]]:
        if request.method == "GET":
            return params_from_query_string(dict(request.query_params)), GET_OPERATIONS
        body = await _read_body(request, self.settings.request_body_bytes_max)
        return params_from_body(body, request.headers.get("content-type")), POST_OPERATIONS

    async def _execute(
        self,
        request: Request,
        params: GraphQLParams,
        allowed: frozenset[Any],
        media_type: str,
        request_id: str,
        *,
        viewer: Viewer,
    ) -> Response:
        counter = StatementCounter() if self.settings.debug_sql else None
        token = current_counter.set(counter)
        position = None
        try:
            # With no replica there is nothing to choose: no parse, no position to keep.
            read_only = bool(self.router.replicas) and _is_read_only(request, params)
            target = self.router.primary
            if read_only:
                after = _read_after(request)
                target = await self.router.for_read(user_id=viewer.user_id, after=after)
            work = UnitOfWork(self, request, params, allowed, request_id, viewer, counter)
            result, context, committed = await work.run_with_fallback(target)
            if committed and not read_only:
                position = await self.router.wrote(viewer.user_id)
        finally:
            current_counter.reset(token)
        if counter is not None and not is_request_error(result):
            result.extensions = {**(result.extensions or {}), "sql": {"statements": counter.count}}
        headers = {"x-request-id": request_id}
        if position is not None:
            headers[READ_AFTER_HEADER] = format_lsn(position)
        if viewer.authenticated or context.disclosures.rows:
            # What a signed-in viewer sees is scoped to them, unmasked personal data included:
            # no shared or browser cache may keep it.
            headers["Cache-Control"] = NO_STORE
        return _result_response(result, media_type, headers)

    async def _run(
        self, params: GraphQLParams, allowed: frozenset[Any], context: Context
    ) -> ExecutionResult:
        try:
            return await self.schema.execute(
                params.query,
                variable_values=params.variables,
                context_value=context,
                operation_name=params.operation_name,
                allowed_operation_types=allowed,
            )
        except InvalidOperationTypeError:
            raise RequestProblem(
                405, "Only queries may be sent with GET; use POST.", {"Allow": "POST"}
            ) from None
        except MissingQueryError:
            raise RequestProblem(400, "`query` must be a non-empty string.") from None
        except CannotGetOperationTypeError:
            message = "`operationName` must name exactly one operation of the document."
            raise RequestProblem(400, message) from None


@dataclass
class UnitOfWork:
    """One request's transaction on its target: a replica that fails or does not know the
    viewer's session yet hands the request to the primary (reads are safe to run again)."""

    view: GraphQLView
    request: Request
    params: GraphQLParams
    allowed: frozenset[Any]
    request_id: str
    viewer: Viewer
    counter: StatementCounter | None

    async def run_with_fallback(self, target: Target) -> tuple[ExecutionResult, Context, bool]:
        try:
            return await self.run(target)
        except Exception as error:
            if target.replica is None or not self.view.router.falls_back(target.replica, error):
                raise
            if self.counter is not None:
                self.counter.count = 0
            return await self.run(self.view.router.primary)

    async def run(self, target: Target) -> tuple[ExecutionResult, Context, bool]:
        """Execute; return the result, the context and whether the unit of work committed."""
        view, row_security = self.view, self.view.settings.row_security
        async with target.sessions() as session:
            if not await open_request(session, self.viewer, row_security=row_security):
                if target.replica is not None:
                    raise StaleRead
                raise _unauthenticated(Unauthenticated("The session has ended; sign in again."))
            context = Context(
                self.request,
                session,
                view.settings,
                self.request_id,
                self.counter,
                viewer=self.viewer,
                authentication=view.authentication,
                client_address=_address(self.request),
                clock=view.clock,
            )
            try:
                result = await view._run(self.params, self.allowed, context)
            finally:
                await context.settle()
            raise_if_unavailable(result)  # 503 (api.http.outage), connection dropped
            if not _has_work(self.request, context, session) or isinstance(
                result, PreExecutionError
            ):
                return result, context, False
            await _finish(context, on_replica=target.replica is not None)
        if target.replica is not None and context.disclosures.rows:
            await _log_disclosures_on_primary(view.router, context, row_security)
        return result, context, True


def _has_work(request: Request, context: Context, session: AsyncSession) -> bool:
    """Whether the unit of work must be committed. A GET writes nothing but the log of the
    personal data it unmasked; a request that never touched the database and has no audit
    rows (``{ __typename }``, a refusal decided from the token alone) has nothing to commit."""
    if request.method != "POST":
        return bool(context.disclosures.rows)
    recorded = bool(context.audit.records) or bool(context.disclosures.rows)
    return recorded or session.in_transaction()


async def _finish(context: Context, *, on_replica: bool) -> None:
    """End the unit of work: a mutation that failed leaves nothing behind but its audit rows
    and the personal-data access log (what was shown must stay recorded; written by the
    caller on the primary when ``on_replica``)."""
    session, trail = context.session, context.audit
    if trail.failed:
        await session.rollback()
        trail.rolled_back()
    if trail.records:
        await record_mutations(
            session,
            context.viewer,
            trail.records,
            request_id=context.request_id,
            client_address=context.client_address,
        )
    if context.disclosures.rows and not on_replica:
        await personal_data.record(session, context.disclosures.rows)
    await session.commit()


async def _log_disclosures_on_primary(
    router: DatabaseRouter, context: Context, row_security: bool
) -> None:
    """A read served by a replica writes its personal-data access log on the primary (a hot
    standby takes no writes), before the response with the unmasked values leaves."""
    async with session_scope(router.primary.sessions) as session:
        await open_request(session, context.viewer, row_security=row_security)
        await personal_data.record(session, context.disclosures.rows)


def _is_read_only(request: Request, params: GraphQLParams) -> bool:
    """Whether the request runs a query (a replica may serve it). GET only runs queries; a
    document that does not parse or name its operation is left to the primary to refuse."""
    if request.method == "GET":
        return True
    query, name = params.query, params.operation_name
    if len(query) > KEPT_DOCUMENT_CHARS_MAX:
        return _runs_a_query(query, name)
    return bool(query) and _runs_a_known_query(query, name)


@lru_cache(maxsize=OPERATION_KINDS_KEPT)
def _runs_a_known_query(query: str, operation_name: str | None) -> bool:
    """Parsed once per distinct document (clients send the same few again and again)."""
    return _runs_a_query(query, operation_name)


def _runs_a_query(query: str, operation_name: str | None) -> bool:
    try:
        document = parse(query)
    except GraphQLSyntaxError:
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    return len(operations) == 1 and operations[0].operation == AstOperationType.QUERY


def _read_after(request: Request) -> int | None:
    value = request.headers.get(READ_AFTER_HEADER)
    if value is None:
        return None
    try:
        return parse_lsn(value.strip())
    except ValueError:
        message = (
            f"`{READ_AFTER_HEADER}` must be a WAL position as this API sent it, e.g. 0/1A2B3C."
        )
        raise RequestProblem(400, message) from None


def _address(request: Request) -> str:
    # The peer address; behind a proxy, configure it to pass the real client (uvicorn's
    # --proxy-headers with --forwarded-allow-ips) so this is not the proxy's address.
    return request.client.host if request.client else "unknown"


def _unauthenticated(problem: Unauthenticated) -> RequestProblem:
    headers = {"WWW-Authenticate": problem.challenge}
    return RequestProblem(401, problem.message, headers, code="UNAUTHENTICATED")


async def _read_body(request: Request, size_max: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > size_max:
        raise RequestProblem(413, f"Request bodies are limited to {size_max} bytes.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > size_max:
            raise RequestProblem(413, f"Request bodies are limited to {size_max} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def is_request_error(result: ExecutionResult) -> bool:
    """Parse, validation and variable-coercion failures: execution never started.

    Strawberry marks the first two as ``PreExecutionError``; graphql-core reports variable
    coercion as ``data=None`` with errors that carry no ``path`` (field errors always do).
    """
    if isinstance(result, PreExecutionError):
        return True
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors or [])
    )


def _result_response(result: ExecutionResult, media_type: str, headers: dict[str, str]) -> Response:
    body: dict[str, Any] = {}
    status = 200
    if is_request_error(result):
        status = 400 if media_type == GRAPHQL_RESPONSE_JSON else 200
    else:
        body["data"] = result.data
    if result.errors:
        body["errors"] = [_format_error(error) for error in result.errors]
    if result.extensions:
        body["extensions"] = result.extensions
    return _json_response(body, status, media_type, headers)


def _format_error(error: GraphQLError) -> GraphQLFormattedError:
    return error.formatted


def _problem_response(problem: RequestProblem, media_type: str) -> Response:
    body = {"errors": [{"message": problem.message, "extensions": {"code": problem.code}}]}
    return _json_response(body, problem.status, media_type, problem.headers)


def _json_response(
    body: dict[str, Any], status: int, media_type: str, headers: dict[str, str]
) -> Response:
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(
        content, status_code=status, media_type=f"{media_type}; charset=utf-8", headers=headers
    )
