"""Internal errors are masked behind a stable code and the request id; the original is logged.

Parse, validation and variable errors, and our ``PublicError``s, pass through unchanged: they
describe the client's request, not the server.
"""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from api.http.outage import unavailable_error
from governance.access.row_security import SessionEnded
from kit.outage import is_connection_failure

logger = logging.getLogger("grassroots.errors")

INTERNAL_ERROR_CODE = "INTERNAL_SERVER_ERROR"
INTERNAL_ERROR_MESSAGE = "Internal server error. Quote the request id when reporting it."


def is_internal(error: GraphQLError) -> bool:
    original = error.original_error
    # An ended sign-in session is no server fault: the view answers 401 instead of the result.
    return original is not None and not isinstance(original, GraphQLError | SessionEnded)


class MaskInternalErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=is_internal, error_message=INTERNAL_ERROR_MESSAGE)

    def _process_result(self, result: object) -> None:
        # The base class tests a runtime Protocol, slower than the whole of a small request.
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = getattr(self.execution_context.context, "request_id", None)
        if error.original_error is not None and is_connection_failure(error.original_error):
            return unavailable_error(error, request_id)
        logger.error(
            "internal error in %s (request %s)",
            error.path,
            request_id,
            exc_info=error.original_error,
        )
        return GraphQLError(
            message=self.error_message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": INTERNAL_ERROR_CODE, "requestId": request_id},
        )
