"""GraphQL-over-HTTP request parsing and content negotiation (pure functions).

Spec: https://graphql.github.io/graphql-over-http/draft/ — the server speaks
``application/graphql-response+json`` (preferred) and ``application/json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from governance.documents import DOCUMENT_ID_PATTERN

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
APPLICATION_JSON = "application/json"
SUPPORTED_MEDIA_TYPES = (GRAPHQL_RESPONSE_JSON, APPLICATION_JSON)
# No input type of the schema nests this deep; checked before anything recurses over values.
JSON_DEPTH_MAX = 32


class RequestProblem(Exception):
    """A request the server cannot treat as GraphQL: answered with ``status`` and ``message``."""

    def __init__(
        self,
        status: int,
        message: str,
        headers: dict[str, str] | None = None,
        code: str = "BAD_REQUEST",
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.code = code


@dataclass(frozen=True, slots=True)
class GraphQLParams:
    """A request's parameters; with ``document_id`` (a persisted-document request) ``query`` is
    empty until ``api.http.documents`` puts the registered document there."""

    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None
    document_id: str | None = None


WILDCARDS = ("*/*", "application/*")


def choose_media_type(accept: str | None) -> str:
    """The response media type for an ``Accept`` header, by q-value then server preference.

    No header, or only a wildcard, gets ``application/json``: the specification asks it of
    servers while clients may predate ``application/graphql-response+json``, which is answered
    only to clients that name it.
    """
    if not accept or not accept.strip():
        return APPLICATION_JSON
    ranked: list[tuple[float, int, str]] = []
    for part in accept.split(","):
        media, quality = _media_and_quality(part)
        for preference, supported in enumerate(SUPPORTED_MEDIA_TYPES):
            named = media == supported or (media in WILDCARDS and supported == APPLICATION_JSON)
            if quality > 0 and named:
                ranked.append((-quality, preference, supported))
    if not ranked:
        raise RequestProblem(406, f"Accept must allow {' or '.join(SUPPORTED_MEDIA_TYPES)}.")
    return min(ranked)[2]


def _media_and_quality(part: str) -> tuple[str, float]:
    media, *parameters = (piece.strip() for piece in part.split(";"))
    quality = 1.0
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
    return media.lower(), quality


def params_from_body(body: bytes, content_type: str | None) -> GraphQLParams:
    media = (content_type or "").split(";")[0].strip().lower()
    if media != APPLICATION_JSON:
        raise RequestProblem(415, "POST bodies must be application/json.")
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise RequestProblem(400, "The body is not valid JSON.") from None
    except RecursionError:
        raise _too_deep("The body") from None
    if not isinstance(payload, dict):
        raise RequestProblem(400, "The body must be a JSON object.")
    return params_from_mapping(payload)


def params_from_query_string(values: dict[str, str]) -> GraphQLParams:
    mapping: dict[str, Any] = dict(values)
    for key in ("variables", "extensions"):
        if key in mapping:
            try:
                mapping[key] = json.loads(mapping[key])
            except json.JSONDecodeError:
                raise RequestProblem(400, f"`{key}` must be JSON-encoded.") from None
            except RecursionError:
                raise _too_deep(f"`{key}`") from None
    return params_from_mapping(mapping)


def _too_deep(what: str) -> RequestProblem:
    # The JSON decoder recurses once per level; Python's stack ends it near 1,000 levels.
    return RequestProblem(400, f"{what} nests JSON deeper than {JSON_DEPTH_MAX} levels.")


def json_depth(value: Any) -> int:
    """How deep arrays and objects nest in a decoded JSON value (iterative: no recursion)."""
    depth_max = 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            depth_max = max(depth_max, depth + 1)
            if depth_max > JSON_DEPTH_MAX:
                return depth_max
            pending.extend((child, depth + 1) for child in item)
    return depth_max


def params_from_mapping(mapping: dict[str, Any]) -> GraphQLParams:
    document_id = _document_id(mapping)
    query = mapping.get("query")
    if document_id is not None:
        query = ""
    elif not isinstance(query, str) or not query.strip():
        raise RequestProblem(400, "`query` must be a non-empty string (or send `documentId`).")
    variables = mapping.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise RequestProblem(400, "`variables` must be an object.")
    for key in ("variables", "extensions"):
        if json_depth(mapping.get(key)) > JSON_DEPTH_MAX:
            raise _too_deep(f"`{key}`")
    operation_name = mapping.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestProblem(400, "`operationName` must be a string.")
    if operation_name == "" and document_id is not None:
        operation_name = None  # the appendix: an empty operationName is no operationName
    extensions = mapping.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise RequestProblem(400, "`extensions` must be an object.")
    return GraphQLParams(query, variables, operation_name, extensions, document_id)


def _document_id(mapping: dict[str, Any]) -> str | None:
    """The persisted document a request names (GraphQL-over-HTTP, persisted-documents appendix),
    checked for form only: whether it is registered is ``api.http.documents``' question."""
    document_id = mapping.get("documentId")
    if document_id is None:
        return None
    if mapping.get("query") is not None:
        raise RequestProblem(400, "Send either `query` or `documentId`, not both.")
    if not isinstance(document_id, str) or not DOCUMENT_ID_PATTERN.fullmatch(document_id):
        message = "`documentId` must be sha256: and the 64 lower-case hex digits of a SHA-256."
        raise RequestProblem(400, message)
    return document_id
