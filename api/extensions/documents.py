"""Parsed and validated documents, kept per process by their text (in place of strawberry's
``ParserCache`` and ``ValidationCache``).

Strawberry skips its own parsing when an extension has set ``graphql_document`` and its own
validation when one has set ``pre_execution_errors`` (``strawberry.schema.schema``: public
extension hooks, no private API). Keyed by text, a hit costs a dictionary look-up: the
``ValidationCache`` keys on the parsed document, whose hash walks the whole tree on every
request. Trusted documents (``api.http.documents``) are kept apart from the bounded LRU of
other texts, so a flood of distinct query texts cannot evict them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

# Bounded so unique query texts cannot grow memory without limit.
RECENT_DOCUMENTS_MAX = 1_000
TRUSTED_DOCUMENTS_MAX = 10_000

Rules = tuple[type[ASTValidationRule], ...]


@dataclass(slots=True)
class Prepared:
    """A parsed document and its validation errors under each rule set met (production or not)."""

    document: DocumentNode
    errors: dict[Rules, list[GraphQLError]] = field(default_factory=dict)

    def validate(self, schema: GraphQLSchema, rules: Rules) -> list[GraphQLError]:
        errors = self.errors.get(rules)
        if errors is None:
            errors = self.errors[rules] = validate_document(schema, self.document, rules)
        return list(errors)


class Documents:
    def __init__(self) -> None:
        self._trusted_texts: set[str] = set()
        self._trusted: dict[str, Prepared] = {}
        self._recent: OrderedDict[str, Prepared] = OrderedDict()

    def prepared(self, text: str, parse_options: Any) -> Prepared:
        """The document of ``text``, parsed once (a syntax error raises ``GraphQLError``)."""
        found = self.find(text)
        if found is not None:
            return found
        found = Prepared(parse(text, **parse_options))
        if text in self._trusted_texts:
            self._trusted[text] = found
            return found
        self._recent[text] = found
        if len(self._recent) > RECENT_DOCUMENTS_MAX:
            self._recent.popitem(last=False)
        return found

    def find(self, text: str) -> Prepared | None:
        found = self._trusted.get(text)
        if found is None:
            found = self._recent.get(text)
            if found is not None:
                self._recent.move_to_end(text)
        return found

    def trust(self, text: str) -> None:
        """Keep ``text`` (a registered document) out of the LRU's reach once parsed."""
        if text in self._trusted_texts or len(self._trusted_texts) >= TRUSTED_DOCUMENTS_MAX:
            return
        self._trusted_texts.add(text)
        prepared = self._recent.pop(text, None)
        if prepared is not None:
            self._trusted[text] = prepared

    def is_trusted(self, text: str) -> bool:
        return text in self._trusted


DOCUMENTS = Documents()


class DocumentCache(SchemaExtension):
    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query:
            prepared = DOCUMENTS.prepared(context.query, context.parse_options)
            context.graphql_document = prepared.document
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        prepared = DOCUMENTS.find(context.query) if context.query else None
        if prepared is not None and prepared.document is context.graphql_document:
            rules = tuple(context.validation_rules)
            context.pre_execution_errors = prepared.validate(context.schema._schema, rules)
        yield
