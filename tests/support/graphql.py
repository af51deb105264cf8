"""A thin GraphQL client over the real ASGI app (httpx + ASGITransport)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from api.http.app import create_app
from api.http.negotiation import GRAPHQL_RESPONSE_JSON
from kit.clock import Clock
from kit.settings import Settings


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient

    async def post(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> httpx.Response:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        # As current clients do: request errors then answer 400 (application/json: 200).
        headers = {"accept": GRAPHQL_RESPONSE_JSON} | headers
        return await self.http.post("/graphql", json=body, headers=headers)

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Run an operation expected to succeed; return the whole response body."""
        response = await self.post(query, variables, **(headers or {}))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body["errors"]
        return body

    async def data(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        body = await self.execute(query, variables, headers)
        data: dict[str, Any] = body["data"]
        return data


@asynccontextmanager
async def graphql_client(
    settings: Settings, database_url: str, clock: Clock | None = None
) -> AsyncIterator[GraphQLClient]:
    app = create_app(settings, database_url, clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield GraphQLClient(http)
