"""Goal: GraphiQL needs nothing from the internet: the page loads every script and style from
this app, each shipped copy is byte for byte the file strawberry's template pins (its
subresource-integrity hash matches), the copies ship as package data, nothing else is served
under /graphiql, and production serves neither the page nor the files.

Method: the real ASGI app; the page's <script src>/<link href> parsed and fetched; sha384 of each
response against the template's `integrity`; setuptools' package-data declaration read from
pyproject.toml. (The headless-browser test, network cut, is tests/api/http/test_offline_browser.py.)
"""

from __future__ import annotations

import base64
import hashlib
import re
import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from strawberry.http.ides import get_graphql_ide_html

from api.http.graphiql import ASSETS, ASSETS_DIRECTORY
from kit.settings import Settings
from tests.support.auth import TEST_JWT_SECRET
from tests.support.graphql import GraphQLClient, graphql_client

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
async def production_client(demo_database_url: str) -> AsyncIterator[GraphQLClient]:
    settings = Settings(production=True, jwt_secret=SecretStr(TEST_JWT_SECRET))
    async with graphql_client(settings, demo_database_url) as client:
        yield client


def _integrity(html: str) -> dict[str, str]:
    """Address → integrity of every file the page loads (attributes of one tag, in order)."""
    tags = re.findall(r"<(?:script|link)\b[^>]*>", html)
    found = {}
    for tag in tags:
        address = re.search(r'(?:src|href)="([^"]+)"', tag)
        integrity = re.search(r'integrity="([^"]+)"', tag)
        if address and not address.group(1).startswith("data:"):
            assert integrity is not None, tag
            found[address.group(1)] = integrity.group(1)
    return found


async def test_the_page_loads_everything_from_the_app(client: GraphQLClient) -> None:
    page = await client.http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    loaded = _integrity(page.text)
    assert len(loaded) == len(ASSETS) == 7
    assert all(address.startswith("/graphiql/") for address in loaded), loaded
    assert "unpkg.com" not in page.text
    for address, integrity in loaded.items():
        response = await client.http.get(address)
        assert response.status_code == 200, address
        assert "immutable" in response.headers["cache-control"]
        digest = base64.b64encode(hashlib.sha384(response.content).digest()).decode()
        assert integrity == f"sha384-{digest}", address


def test_the_copies_are_the_files_strawberry_pins() -> None:
    pinned = _integrity(get_graphql_ide_html(graphql_ide="graphiql"))
    assert set(pinned) == set(ASSETS), "strawberry's template changed: re-vendor"
    for address, name in ASSETS.items():
        content = (ASSETS_DIRECTORY / name).read_bytes()
        digest = base64.b64encode(hashlib.sha384(content).digest()).decode()
        assert pinned[address] == f"sha384-{digest}", name


def test_the_copies_ship_as_package_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["api.http"]
    package = ASSETS_DIRECTORY.parent
    shipped = {path.name for pattern in patterns for path in package.glob(pattern)}
    assert set(ASSETS.values()) | {"LICENSES.txt"} <= shipped


async def test_only_the_shipped_files_are_served(client: GraphQLClient) -> None:
    for path in ("/graphiql/LICENSE", "/graphiql/..%2Fgraphiql.py", "/graphiql/x.js"):
        assert (await client.http.get(path)).status_code == 404, path


async def test_production_serves_no_graphiql_files(
    production_client: GraphQLClient,
) -> None:
    name = next(iter(ASSETS.values()))
    assert (await production_client.http.get(f"/graphiql/{name}")).status_code == 404
