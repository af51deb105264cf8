"""What request-error messages may say: never a submitted value; in production, no suggestion.

graphql-core's variable-coercion messages end with the value it could not use
(``…, found: {'password': 'hunter2'}.``) and may suggest field names (``Did you mean …?``):
the first would copy passwords and ID numbers into clients' logs, the second maps the schema
for someone production has refused introspection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graphql import GraphQLError

SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
# graphql-core's two endings: ", found: <value>." and ". Did you mean …? Found: <value>.",
# the first possibly after the error a scalar raised (which may quote the value too).
FOUND_VALUE = re.compile(r"(?:, but encountered error '.*'; found|, found): .*\Z", re.DOTALL)
FOUND_AFTER_SENTENCE = re.compile(r" Found: .*\Z", re.DOTALL)
# Scalars' own errors: "String cannot represent a non string value: <value>".
SCALAR_VALUE = re.compile(r"(cannot represent[^:]*): .*\Z", re.DOTALL)
ENUM_VALUE = re.compile(r"Value .* does not exist in '(\w+)' enum\.", re.DOTALL)
VARIABLE_ERROR_PREFIX = "Variable '$"
# Shorter submitted strings are as likely to be words of the message itself.
ECHO_LENGTH_MIN = 4


def public(error: GraphQLError, *, production: bool, submitted: Iterable[str]) -> GraphQLError:
    """``error`` with what it must not say removed (the same object when nothing is).

    ``submitted``: the strings of the request's variables. Should a message this module does
    not know still contain one, only the variable and path at fault are kept.
    """
    message = error.message
    if error.path is None and message.startswith(VARIABLE_ERROR_PREFIX):
        message = _without_values(message)
        if any(text in message for text in submitted if len(text) >= ECHO_LENGTH_MIN):
            message = message.split(":", 1)[0] + ": the value does not fit its type."
    if production:
        message = SUGGESTION.sub("", message)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


def _without_values(message: str) -> str:
    message = FOUND_AFTER_SENTENCE.sub("", FOUND_VALUE.sub(".", message))
    message = SCALAR_VALUE.sub(r"\1.", message)
    return ENUM_VALUE.sub(r"The value is not one of enum '\1'.", message)
