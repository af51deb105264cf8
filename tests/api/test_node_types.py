"""Goal: every type implementing `Node` can be fetched by `node`/`nodes` (a guessed id must give
data or null, never an internal error): each defines its own scoped `resolve_nodes`.

Method: walk the schema's Node implementations and look for the method on the Python class.
"""

from __future__ import annotations

from api.schema import schema


def test_every_node_type_resolves_its_own_ids() -> None:
    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if not any(i.name == "Node" for i in getattr(graphql_type, "interfaces", ())):
            continue
        definition = (graphql_type.extensions or {}).get("strawberry-definition")
        assert definition is not None, name
        if "resolve_nodes" not in definition.origin.__dict__:
            missing.append(name)
    assert missing == []
