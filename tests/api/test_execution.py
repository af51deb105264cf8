"""Goal: the executor's shortcut for plain-attribute selections (``api.execution``) answers
exactly what graphql-core's own path answers: the same data, the same errors at the same paths.

Method: one small schema built twice, with and without ``PlainFieldsExecutor``; generated data
(nulls where the schema forbids them, enum values the enum lacks, wrong objects in a list)
and a set of documents (aliases, fragments, ``@include``/``@skip``, ``__typename``, a resolver
inside a plain subtree) run on both, compared whole; and a check that the shortcut is taken.
"""

from __future__ import annotations

import enum
from typing import Any, Generic, TypeVar

import strawberry
from hypothesis import given, settings
from hypothesis import strategies as st

from api.execution import PlainFieldsExecutor

T = TypeVar("T")


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Leaf:
    code: str
    label: str | None
    colour: Colour
    count: int

    @strawberry.field
    def shout(self) -> str:
        return self.code.upper()


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Page(Generic[T]):
    edges: list[Edge[T]]
    items: list[T | None]
    first: T | None


@strawberry.type
class Query:
    page: Page[Leaf]

    @strawberry.field
    async def later(self) -> Page[Leaf]:
        return self.page


plain = strawberry.Schema(query=Query, execution_context_class=PlainFieldsExecutor)
reference = strawberry.Schema(query=Query)

DOCUMENTS = [
    "{ page { edges { node { code label colour count } } } }",
    "{ page { edges { cursor node { __typename code } } first { code } } }",
    "{ page { items { code label } first { colour } } }",
    "{ page { edges { node { a: code b: code label } } } }",
    "{ page { edges { node { ...L } } } } fragment L on Leaf { code colour }",
    "{ page { edges { node { code label @include(if: false) count @skip(if: true) } } } }",
    "{ page { edges { node { code shout } } } }",
    "{ later { edges { node { code count } } items { label } } }",
]

texts = st.one_of(st.none(), st.text(max_size=3))
colours = st.one_of(st.sampled_from(list(Colour)), st.sampled_from(["red", None, 3]))
leaves = st.builds(
    Leaf, code=texts, label=texts, colour=colours, count=st.one_of(st.integers(), st.none())
)
# A wrong object where a Leaf belongs must be refused on both paths.
nodes = st.one_of(leaves, leaves, st.builds(lambda: Edge(cursor="c", node=None)))
pages = st.builds(
    Page,
    edges=st.lists(st.builds(Edge, cursor=texts, node=nodes), max_size=4),
    items=st.lists(st.one_of(st.none(), nodes), max_size=3),
    first=st.one_of(st.none(), nodes),
)


def outcome(result: Any) -> tuple[Any, list[tuple[str, list[Any] | None]]]:
    errors = sorted((error.message, error.path) for error in result.errors or [])
    return result.data, errors


@settings(max_examples=60, deadline=None)
@given(page=pages, document=st.sampled_from(DOCUMENTS))
async def test_same_answers_as_graphql_core(page: Page[Leaf], document: str) -> None:
    root = Query(page=page)
    ours = await plain.execute(document, root_value=root)
    theirs = await reference.execute(document, root_value=root)
    assert outcome(ours) == outcome(theirs)


async def test_the_shortcut_is_taken(monkeypatch: Any) -> None:
    """Without it, each leaf would pass through graphql-core's ``execute_field``."""
    calls: list[str] = []
    original = PlainFieldsExecutor.execute_field

    def counted(self: Any, parent_type: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(parent_type.name)
        return original(self, parent_type, *args, **kwargs)

    monkeypatch.setattr(PlainFieldsExecutor, "execute_field", counted)
    leaves = [Leaf(code=str(n), label=None, colour=Colour.RED, count=n) for n in range(50)]
    page = Page(edges=[Edge(cursor="c", node=leaf) for leaf in leaves], items=[], first=None)
    result = await plain.execute(DOCUMENTS[0], root_value=Query(page=page))
    assert result.errors is None
    assert len(result.data["page"]["edges"]) == 50  # type: ignore[index]
    assert calls == ["Query"]  # the page itself; its whole plain subtree in one step
