"""The Starlette application: routes, lifespan (engine and pool), body limits."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route

from api.auth.authentication import Authentication
from api.auth.rate_limit import RateLimiter
from api.dashboard.route import dashboard
from api.http import background, graphiql
from api.http.exports import Exports
from api.http.graphql_view import READ_AFTER_HEADER as READ_AFTER
from api.http.graphql_view import GraphQLView
from api.http.health import healthz, readyz
from api.http.imports import Imports
from api.http.outage import DatabaseOutage
from api.http.rate_limit_sync import SharedRateLimit
from api.http.settlement import SETTLE_INTERVAL_SECONDS, settle_once
from api.http.sweeper import sweep_once
from api.notice.route import NoticeBoard
from api.schema import schema
from governance import data_versions
from kit import statement_counter
from kit.clock import Clock, SystemClock
from kit.database import create_engine, create_session_factory
from kit.replicas import DatabaseRouter
from kit.settings import Settings, get_settings
from migrations import head_revisions

# How long a browser may reuse a preflight answer.
CORS_PREFLIGHT_MAX_AGE_SECONDS = 600


def create_app(settings: Settings, database_url: str, clock: Clock | None = None) -> Starlette:
    """An app bound to one database; the engine opens at startup and closes at shutdown.

    ``clock`` (default: the system's) is what deadlines read; tests pass a ``ManualClock``.
    """
    engine = create_engine(database_url, settings)
    if settings.debug_sql:
        statement_counter.install(engine)
    authentication = Authentication.from_settings(settings)
    clock = clock or SystemClock()
    session_factory = create_session_factory(engine)
    router = DatabaseRouter.from_settings(session_factory, settings)
    if settings.debug_sql:
        for replica in router.replicas:
            statement_counter.install(replica.engine)
    view = GraphQLView(schema, router, settings, authentication, clock)
    tasks = background_tasks(settings, clock, authentication.rate_limiter)
    exports = Exports(router, authentication, row_security=settings.row_security)
    board = NoticeBoard(
        session_factory, authentication.rate_limiter, row_security=settings.row_security
    )
    imports = Imports(session_factory, authentication, clock, row_security=settings.row_security)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.engine = engine
        app.state.migration_heads = head_revisions()
        await router.check_all()
        async with background.running(tasks, session_factory):
            yield
        await router.dispose()
        await engine.dispose()

    routes = [
        Route("/graphql", view.handle, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        # Public: aggregates only (see api.dashboard.route).
        Route("/dashboard", dashboard(router, clock), methods=["GET"]),
        Route("/exports/announcements/{id:int}.{format:str}", exports.announcement),
        Route("/exports/certificates/{number:str}.pdf", exports.certificate),
        Route("/exports/supermarkets/{id:int}/day-reports/{day:str}.xlsx", exports.day_report),
        # Public notice board (公示): what the printed board shows, rate-limited per address.
        Route("/notice/announcements/{id:int}", board.announcement, methods=["GET"]),
        Route("/notice/verify", board.verify, methods=["GET"], name="notice_verify"),
        Route("/imports/{table:str}/template.xlsx", imports.template, methods=["GET"]),
        Route("/imports/{table:str}", imports.upload, methods=["POST"]),
    ]
    if settings.graphiql and not settings.production:
        # GraphiQL's scripts and styles, shipped with the package: it works offline.
        routes.append(Route(f"{graphiql.ASSETS_PATH}/{{name:str}}", graphiql.asset))
        graphiql.graphiql_html()  # a strawberry that loads other files fails here, not later
    middleware = [*cors(settings), Middleware(DatabaseOutage)]
    application = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    # The process's limiter, for the exchange with other processes (and tests that drive it).
    application.state.rate_limiter = authentication.rate_limiter
    application.state.router = router  # where reads went (tests, benchmarks)
    return application


def cors(settings: Settings) -> list[Middleware]:
    """Browser apps of the listed origins may call the API; with none listed, no CORS headers
    (a browser then refuses other origins' calls, the safe default). Outermost, so refusals
    (429, 503) carry the headers too and the browser shows them."""
    if not settings.cors_origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type", "accept", "x-request-id", READ_AFTER],
            expose_headers=["x-request-id", "retry-after", "www-authenticate", READ_AFTER],
            max_age=CORS_PREFLIGHT_MAX_AGE_SECONDS,
        )
    ]


def background_tasks(
    settings: Settings, clock: Clock, limiter: RateLimiter
) -> list[background.PeriodicTask]:
    """The ledger sealer, the bank's settlement of announcements and clearing, the data
    version's compaction, the grid-event escalation sweep and the rate limiter's exchange with
    the other processes (interval 0 turns either of the last two off)."""
    if not settings.background_tasks:
        return []

    async def settle(factory: async_sessionmaker[AsyncSession]) -> None:
        await settle_once(factory, clock)

    tasks = [
        background.PeriodicTask(
            "seal-ledger", settings.seal_interval_seconds, background.seal_ledger
        ),
        background.PeriodicTask("settle-bank", SETTLE_INTERVAL_SECONDS, settle),
        background.PeriodicTask(
            "compact-data-versions",
            data_versions.COMPACT_INTERVAL_SECONDS,
            background.compact_data_versions,
        ),
    ]
    if settings.rate_limit_sync_interval_seconds > 0:
        share = SharedRateLimit(limiter, clock)
        interval = settings.rate_limit_sync_interval_seconds
        tasks.append(background.PeriodicTask("share-rate-limits", interval, share))
    if settings.escalation_sweep_interval_seconds > 0:

        async def escalate(factory: async_sessionmaker[AsyncSession]) -> None:
            await sweep_once(factory, clock)

        tasks.append(
            background.PeriodicTask(
                "escalate-grid-events", settings.escalation_sweep_interval_seconds, escalate
            )
        )
    return tasks


def app_from_environment() -> Starlette:
    """Factory for uvicorn workers: ``serve`` resolved the database URL into the environment."""
    settings = get_settings()
    url = settings.database_url or os.environ["GRASSROOTS_DATABASE_URL"]
    app = create_app(settings, url)
    # The schema and modules are ~200k long-lived objects: every full collection walked them
    # all (~100 ms, a latency spike under load). Frozen, collections skip them.
    gc.collect()
    gc.freeze()
    return app
