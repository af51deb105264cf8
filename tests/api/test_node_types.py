"""Goal: every type implementing `Node` can be fetched by `node`/`nodes` (a guessed id must give
data or null, never an internal error): each has its own scoped way to find its rows.

Method: walk the schema's Node implementations and look on the Python class for `rows_by_id` and
`from_row` not inherited from `RowNode` (whose `resolve_nodes` is written once) or else its own
`resolve_nodes`; the defaults of `RowNode` and `relay.Node` only raise.
"""

from __future__ import annotations

from api.row_node import RowNode
from api.schema import schema


def _resolves_own_ids(origin: type) -> bool:
    if issubclass(origin, RowNode):
        defined = {
            name
            for base in origin.__mro__[: origin.__mro__.index(RowNode)]
            for name in base.__dict__
        }
        return {"rows_by_id", "from_row"} <= defined
    return "resolve_nodes" in origin.__dict__


def test_every_node_type_resolves_its_own_ids() -> None:
    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if not any(i.name == "Node" for i in getattr(graphql_type, "interfaces", ())):
            continue
        definition = (graphql_type.extensions or {}).get("strawberry-definition")
        assert definition is not None, name
        if not _resolves_own_ids(definition.origin):
            missing.append(name)
    assert missing == []
