"""The Starlette application: routes, lifespan (engine and pool), body limits."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import Route

from api.auth.authentication import Authentication
from api.dashboard.route import dashboard
from api.http.graphql_view import GraphQLView
from api.http.health import healthz, readyz
from api.schema import schema
from kit import statement_counter
from kit.database import create_engine, create_session_factory
from kit.settings import Settings, get_settings
from migrations import head_revisions


def create_app(settings: Settings, database_url: str) -> Starlette:
    """An app bound to one database; the engine opens at startup and closes at shutdown."""
    engine = create_engine(database_url, settings)
    if settings.debug_sql:
        statement_counter.install(engine)
    authentication = Authentication.from_settings(settings)
    session_factory = create_session_factory(engine)
    view = GraphQLView(schema, session_factory, settings, authentication)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.engine = engine
        app.state.migration_heads = head_revisions()
        yield
        await engine.dispose()

    routes = [
        Route("/graphql", view.handle, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        # Public: aggregates only (see api.dashboard.route).
        Route("/dashboard", dashboard(session_factory), methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def app_from_environment() -> Starlette:
    """Factory for uvicorn workers: ``serve`` resolved the database URL into the environment."""
    settings = get_settings()
    url = settings.database_url or os.environ["GRASSROOTS_DATABASE_URL"]
    return create_app(settings, url)
