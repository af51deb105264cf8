"""``/graphql``: GraphQL over HTTP, following the specification's status-code rules.

With ``application/graphql-response+json``, a request error (unparseable document, failed
validation, variables that do not coerce) answers 400 with no ``data`` entry; with
``application/json`` it answers 200, also without ``data``. A well-formed request always
reaches execution; execution errors answer 200 with ``data``.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg
from graphql import GraphQLError
from graphql.error import GraphQLFormattedError
from sqlalchemy.exc import DBAPIError
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
from api.http.documents import TrustedDocuments
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
from api.http.public_answers import (
    CONSTANT,
    PUBLIC_CACHE_CONTROL,
    Answer,
    Key,
    PublicAnswers,
    WatchedClock,
    answer_key,
    etag_matches,
    is_query,
)
from governance.access import personal_data
from governance.access.audit import record_mutations
from governance.access.principal import Viewer
from governance.access.row_security import SessionEnded, deferred_session_live
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
        engine = router.primary.sessions.kw["bind"]
        self.public_answers = PublicAnswers(engine) if settings.public_answer_cache else None
        self.documents = TrustedDocuments(settings.trusted_documents, router.primary.sessions)

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
            params = await self.documents.resolve(params)
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
            and "documentId" not in request.query_params
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
        public = None if viewer.authenticated or counter else self.public_answers
        key = answer_key(params, media_type) if public is not None else None
        if public is None or key is None:
            return await self._execute_fresh(
                request, params, allowed, media_type, request_id, viewer=viewer, counter=counter
            )
        try:
            cached, version = await _look_up(public, key)
        except DATABASE_ERRORS:
            # The cache is a shortcut: without its version, answer as if there were none (the
            # execution meets the same failure and reports it masked, or as an outage).
            return await self._execute_fresh(
                request, params, allowed, media_type, request_id, viewer=viewer, counter=counter
            )
        if cached is not None:
            return _public_response(request, cached, request_id)
        with public.making(key, version):  # who asks meanwhile waits for this answer
            return await self._execute_fresh(
                request, params, allowed, media_type, request_id, viewer=viewer,
                counter=counter, public=public, key=key, version=version,
            )  # fmt: skip

    async def _execute_fresh(
        self,
        request: Request,
        params: GraphQLParams,
        allowed: frozenset[Any],
        media_type: str,
        request_id: str,
        *,
        viewer: Viewer,
        counter: StatementCounter | None,
        public: PublicAnswers | None = None,
        key: Key | None = None,
        version: str | None = None,
    ) -> Response:
        clock = WatchedClock(self.clock) if version is not None else self.clock
        token = current_counter.set(counter)
        position = None
        try:
            # With no replica there is nothing to choose: no parse, no position to keep. An
            # anonymous answer kept for everyone is computed on the primary: a lagging replica's
            # answer would be kept under the primary's data version.
            after = _read_after(request) if self.router.replicas else None
            read_only = (
                public is None and bool(self.router.replicas) and _is_read_only(request, params)
            )
            target = self.router.primary
            if read_only:
                target = await self.router.for_read(user_id=viewer.user_id, after=after)
            work = UnitOfWork(self, request, params, allowed, request_id, viewer, counter, clock)
            done = await work.run_with_fallback(target)
            result, context, read_data = done.result, done.context, done.read_data
            if done.committed and not read_only:
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
        response = _result_response(result, media_type, headers)
        if public is None or key is None or version is None:
            return response
        if not _is_public(response, result, context, params):
            return response
        made_at = version if read_data else CONSTANT
        content_type = response.headers["content-type"]
        kept = await public.keep(key, made_at, bytes(response.body), content_type)
        if kept is not None and request.method == "GET":
            return _public_response(request, kept, request_id)
        return response

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
    clock: Clock

    async def run_with_fallback(self, target: Target) -> Done:
        try:
            return await self.run(target)
        except Exception as error:
            if target.replica is None or not self.view.router.falls_back(target.replica, error):
                raise
            if self.counter is not None:
                self.counter.count = 0
            return await self.run(self.view.router.primary)

    async def run(self, target: Target) -> Done:
        view, row_security = self.view, self.view.settings.row_security
        # On the primary, a signed-in request's session check and scope switch ride on its
        # first statement (a resident's balance read is then one round trip, all told); a
        # replica is asked up front whether it knows the session yet.
        defer = row_security and self.viewer.authenticated and target.replica is None
        async with target.sessions() as session:
            viewer = self.viewer
            if not await open_request(session, viewer, row_security=row_security, defer=defer):
                if target.replica is not None:
                    raise StaleRead
                raise _session_ended()
            context = Context(
                self.request,
                session,
                view.settings,
                self.request_id,
                self.counter,
                viewer=self.viewer,
                authentication=view.authentication,
                client_address=_address(self.request),
                clock=self.clock,
            )
            try:
                result = await view._run(self.params, self.allowed, context)
            finally:
                await context.settle()
            read_data = session.in_transaction()
            raise_if_unavailable(result)  # 503 (api.http.outage), connection dropped
            if defer and not await deferred_session_live(session, self.viewer):
                raise _session_ended()  # nothing it did is committed
            if not _has_work(self.request, context, session) or isinstance(
                result, PreExecutionError
            ):
                return Done(result, context, read_data, committed=False)
            try:
                await _finish(context, on_replica=target.replica is not None)
            except SessionEnded:  # ended between the check and the commit's first statement
                raise _session_ended() from None
        if target.replica is not None and context.disclosures.rows:
            await _log_disclosures_on_primary(view.router, context, row_security)
        return Done(result, context, read_data, committed=True)


@dataclass(frozen=True)
class Done:
    """A unit of work's outcome: whether it read data (``session.in_transaction()``) and
    committed."""

    result: ExecutionResult
    context: Context
    read_data: bool
    committed: bool


# What reading the data version can raise when the database is unreachable or missing.
DATABASE_ERRORS = (DBAPIError, OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


async def _look_up(public: PublicAnswers, key: Key) -> tuple[Answer | None, str]:
    """A kept answer still true, and the data version now. An answer that read no data
    (`{ __typename }`) holds at every version: it is served without asking for one. When
    another request is computing this answer at this very version, its outcome is awaited
    (after a write, concurrent requests compute it once, not once each)."""
    constant = public.get(key, CONSTANT)
    if constant is not None:
        return constant, CONSTANT
    version = await public.version()
    found = public.get(key, version)
    being_made = public.being_made(key, version) if found is None else None
    if being_made is not None:
        await asyncio.shield(being_made)
        found = public.get(key, version) or public.get(key, CONSTANT)
    return found, version


def _is_public(
    response: Response, result: ExecutionResult, context: Context, params: GraphQLParams
) -> bool:
    """Whether an anonymous answer may be kept: a query's, with no errors, no personal data
    unmasked and no reading of the clock."""
    clock = context.clock
    return not (
        response.status_code != 200
        or result.errors
        or context.disclosures.rows
        or (isinstance(clock, WatchedClock) and clock.read)
        or not is_query(params.query or "", params.operation_name)
    )


def _public_response(request: Request, answer: Answer, request_id: str) -> Response:
    """A kept answer; to GET, with its ETag (304 when the client has it) and a public
    Cache-Control that makes shared caches revalidate every time."""
    headers = {"x-request-id": request_id}
    if request.method == "GET":
        headers |= {"ETag": answer.etag, "Cache-Control": PUBLIC_CACHE_CONTROL}
        if etag_matches(request.headers.get("if-none-match"), answer.etag):
            return Response(status_code=304, headers=headers)
    return Response(answer.content, status_code=200, headers=headers, media_type=answer.media_type)


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
    return bool(params.query) and is_query(params.query, params.operation_name)


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


def _session_ended() -> RequestProblem:
    return _unauthenticated(Unauthenticated("The session has ended; sign in again."))


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
