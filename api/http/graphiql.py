"""GraphiQL served whole by the app, so it works with no internet (village offices, closed
county networks): strawberry's GraphiQL page with its seven CDN files replaced by pinned copies
shipped in ``graphiql_assets/`` (package data) and served at ``/graphiql/<file>``.

The page is strawberry's own template (``strawberry.http.ides.get_graphql_ide_html``, public:
this app answers ``/graphql`` with its own view, not strawberry's, so that function, not the
views' ``render_graphql_ide`` hook, is where the HTML comes from). Each CDN address is replaced
by the local file's; the template's subresource-integrity hashes stay, so the browser itself
checks the copies are byte for byte what unpkg serves. A strawberry release that loads other
versions fails at startup (``graphiql_html``), naming the address to vendor: re-run
``npm pack`` for the versions its template names and update ``ASSETS``.

The copies come from ``npm pack graphiql@3.8.3 react@18.2.0 react-dom@18.2.0 js-cookie@3.0.5
@graphiql/plugin-explorer@1.0.2`` (MIT licences in ``graphiql_assets/LICENSES.txt``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from strawberry.http.ides import get_graphql_ide_html

ASSETS_DIRECTORY = Path(__file__).parent / "graphiql_assets"
ASSETS_PATH = "/graphiql"
_UNPKG = "https://unpkg.com"
# The template's CDN address → the shipped copy (version in the name: cached for good).
ASSETS = {
    f"{_UNPKG}/react@18.2.0/umd/react.production.min.js": "react@18.2.0.production.min.js",
    f"{_UNPKG}/react-dom@18.2.0/umd/react-dom.production.min.js": (
        "react-dom@18.2.0.production.min.js"
    ),
    f"{_UNPKG}/js-cookie@3.0.5/dist/js.cookie.min.js": "js-cookie@3.0.5.min.js",
    f"{_UNPKG}/graphiql@3.8.3/graphiql.min.css": "graphiql@3.8.3.min.css",
    f"{_UNPKG}/@graphiql/plugin-explorer@1.0.2/dist/style.css": "plugin-explorer@1.0.2.css",
    f"{_UNPKG}/graphiql@3.8.3/graphiql.min.js": "graphiql@3.8.3.min.js",
    f"{_UNPKG}/@graphiql/plugin-explorer@1.0.2/dist/index.umd.js": "plugin-explorer@1.0.2.umd.js",
}
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
ASSET_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}


class TemplateChanged(RuntimeError):
    """Strawberry's GraphiQL template loads a file this app does not ship."""


@cache
def graphiql_html() -> str:
    """Strawberry's GraphiQL page, every file loaded from this app."""
    html = get_graphql_ide_html(graphql_ide="graphiql")
    for address, name in ASSETS.items():
        if address not in html:
            raise TemplateChanged(f"strawberry's GraphiQL no longer loads {address}: re-vendor")
        html = html.replace(address, f"{ASSETS_PATH}/{name}")
    if _UNPKG in html:
        start = html.index(_UNPKG)
        raise TemplateChanged(f"strawberry's GraphiQL loads {html[start : start + 80]}: vendor it")
    return html


async def asset(request: Request) -> Response:
    """``GET /graphiql/<file>``: one of the shipped copies, nothing else."""
    name = request.path_params["name"]
    if name not in ASSETS.values():
        return PlainTextResponse("No such file.", 404)
    path = ASSETS_DIRECTORY / name
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix], headers=ASSET_HEADERS)
