"""The door of the plain HTTP routes (downloads, uploads): a signed-in viewer, rate-limited.

Authenticated and rate-limited like ``/graphql`` (``Authorization: Bearer``, 429 with
``Retry-After``); guessed tokens draw from the address's bucket.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.auth.authentication import Authentication, Unauthenticated
from api.auth.rate_limit import bucket_key
from governance.access.principal import Viewer


class Gate:
    def __init__(self, authentication: Authentication) -> None:
        self.authentication = authentication

    def viewer(self, request: Request) -> Viewer | Response:
        """The signed-in viewer, after the rate limit; else the response refusing the request."""
        address = request.client.host if request.client else "unknown"
        try:
            viewer = self.authentication.viewer_from_header(request.headers.get("authorization"))
        except Unauthenticated as problem:
            return self._limited(f"address:{address}") or unauthenticated(problem)
        if not viewer.authenticated:
            return unauthenticated(Unauthenticated("Sign in first.", "invalid_request"))
        return self._limited(bucket_key(viewer, address)) or viewer

    def _limited(self, key: str) -> Response | None:
        """The 429 answer if ``key``'s bucket is empty, else None (a request taken from it)."""
        retry_after_seconds = self.authentication.rate_limiter.acquire(key)
        if not retry_after_seconds:
            return None
        message = f"Too many requests; retry in {retry_after_seconds} s."
        headers = {"Retry-After": str(retry_after_seconds)}
        return JSONResponse({"error": message}, 429, headers=headers)


def unauthenticated(problem: Unauthenticated) -> Response:
    headers = {"WWW-Authenticate": problem.challenge}
    return JSONResponse({"error": problem.message}, 401, headers=headers)


SESSION_ENDED = Unauthenticated("The session has ended.")
