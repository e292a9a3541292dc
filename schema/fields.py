"""The base of every node type and how its relationship fields read: the Node interface (a node's property map
to a type), the relationship fields made from the relation table (`many`, `one`), and the page of a hop query for
one key through the request's DataLoaders, answered at once when the request already holds it."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Hashable
from functools import cache
from typing import Annotated, Any, ClassVar, TypeVar, cast

import strawberry
from strawberry.types import Info

from graph.records import Props, integer, maps, optional_text
from graph.relations import LABELS, hop_query_name
from schema import ids
from schema.context import Context
from schema.convert import plain
from schema.loaders import Page
from schema.pagination import Connection, connection, page

Ctx = Info[Context, None]
N = TypeVar("N", bound="Node")
T = TypeVar("T")


@strawberry.interface(description="An object with a global id (Relay): fetch it again with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="Global, opaque id of this object.")
    source: str | None = strawberry.field(
        description="Provenance 数据来源: the file and row this object was last loaded from (null for code tables)."
    )
    sources: list[str] | None = strawberry.field(
        description="Every source row that stated this object 全部数据来源, as `file[#sheet]:row[ (fields it added)] "
        "@load`, the last load that read it last: a record several sheets restate lists each; empty for code tables "
        "(null for a role that may not see provenance)."
    )
    LABEL: ClassVar[str]
    KEY: ClassVar[str]
    # Attributes read from a node property of another name (one the interface's own fields would shadow).
    PROPERTY_OF: ClassVar[dict[str, str]] = {}

    @classmethod
    def from_node(cls: type[N], node: Props) -> N:
        """Build from a node's property map (a hop query's `n {.*}`)."""
        values = {attr: plain(node.get(prop)) for attr, prop in _data_fields(cast(Hashable, cls))}
        return cls(
            id=strawberry.ID(ids.encode(cls.LABEL, str(node[cls.KEY]))),
            source=optional_text(node.get("_src")),
            sources=_sources(node),
            **values,
        )


def _sources(node: Props) -> list[str]:
    """The rows that stated a node; one loaded before the list was kept shows its last row."""
    listed = node.get("_sources")
    if isinstance(listed, list):
        return [str(s) for s in listed]
    return [last] if (last := optional_text(node.get("_src"))) else []


@cache
def _data_fields(cls: Any) -> tuple[tuple[str, str], ...]:
    """(attribute, node property) of each data field; `id_` stands for the node's own `id` property."""
    return tuple(
        (f.name, cls.PROPERTY_OF.get(f.name, f.name.rstrip("_")))
        for f in dataclasses.fields(cls)
        if f.init and f.name not in {"id", "source", "sources"}
    )


def hop_page(info: Ctx, query: str, key: str, offset: int, first: int, build: Callable[[Page], T], **params: Any) -> T:
    """`build` applied to the page of one hop query for `key`.

    When the request already holds that page (primed by a one-statement view such as the outlet trace, or loaded
    earlier in the request) the value is returned at once and graphql-core completes the field synchronously —
    several times cheaper than awaiting an already-resolved future through its async path, and a primed view
    resolves hundreds of fields. Otherwise the result is an awaitable, which graphql-core awaits as it would an
    async resolver's; the annotation still says T because strawberry reads the field's type from it.
    """
    known = info.context.loaders.known(query, offset, first, key, **params)
    if known is not None:
        return build(known)
    return cast(T, _after(info.context.loaders.hop(query, offset, first, **params).load(key), build))


async def _after(pending: Awaitable[Page], build: Callable[[Page], T]) -> T:
    # shielded: graphql-core cancels a field's pending siblings when a non-null error nulls their parent, and
    # cancelling an await of a DataLoader's future would cancel it for every other field sharing that key
    return build(await asyncio.shield(pending))


async def find_page(
    info: Ctx, query: str, cls: type[N], first: int | None, after: str | None, **params: Any
) -> Connection[N]:
    """A page of a `find_*` query (one row: `total` and the page's `nodes`) as a connection of `cls`."""
    offset, size = page(first, after, info.context.max_page_size)
    rows = await info.context.db_read(query, offset=offset, first=size, **params)
    total, nodes = (integer(rows[0]["total"]), maps(rows[0]["nodes"])) if rows else (0, [])
    return connection([cls.from_node(n) for n in nodes], total, offset)


def list_page(
    info: Ctx, query: str, key: str, cls: type[N], first: int | None, after: str | None, **params: Any
) -> Connection[N]:
    """A page of a hop query for one key; `params` are further parameters every key shares (a window)."""
    offset, size = page(first, after, info.context.max_page_size)

    def build(p: Page) -> Connection[N]:
        return connection([cls.from_node(n) for n in p[1]], p[0], offset)

    return hop_page(info, query, key, offset, size, build, **params)


def one_node(info: Ctx, query: str, key: str, cls: type[N]) -> N | None:
    return hop_page(info, query, key, 0, 1, lambda p: cls.from_node(p[1][0]) if p[1] else None)


FIRST = "Page size (default 20, at most the server's maximum page size)."
AFTER = "Cursor of the item after which the page starts (`pageInfo.endCursor` of the previous page)."


First = Annotated[int | None, strawberry.argument(description=FIRST)]
After = Annotated[str | None, strawberry.argument(description=AFTER)]


# --- relationship fields, made from the relation table (graph/relations.py) -------------------------------------
RELATION_QUERIES: set[str] = set()  # every hop query a relationship field reads (the catalog test checks them)


def many(label: str, hop: str, description: str) -> Any:
    """A connection field over one hop of `label` in the relation table: its query and target come from there."""
    return _relation(label, hop_query_name(label, hop), _hop_target(label, hop), description, True)


def one(label: str, hop: str, description: str) -> Any:
    """A single-object field (null when none) over one hop of `label` in the relation table."""
    return _relation(label, hop_query_name(label, hop), _hop_target(label, hop), description, False)


def many_of(label: str, query: str, target: str, description: str) -> Any:
    """A connection field over a hand-written hop query (one the table does not generate, e.g. findings)."""
    return _relation(label, query, target, description, True)


def one_of(label: str, query: str, target: str, description: str) -> Any:
    return _relation(label, query, target, description, False)


def _hop_target(label: str, hop: str) -> str:
    return next(h.target for h in LABELS[label].hops if h.name == hop)


def _relation(label: str, query: str, target: str, description: str, is_list: bool) -> Any:
    """A strawberry field whose resolver reads the page of `query` for the object's key, through the request's
    DataLoaders (`_list`/`_one`); its return type names the target type, resolved in this module."""
    attr = _key_attr(LABELS[label].key)
    RELATION_QUERIES.add(query)
    if is_list:

        def resolve_list(self: Any, info: Ctx, first: First = None, after: After = None) -> Any:
            return list_page(info, query, getattr(self, attr), _types()[target], first, after)

        resolve_list.__annotations__["return"] = Connection[_lazy(target)] | None  # type: ignore[misc]  # null: hidden
        return strawberry.field(resolver=resolve_list, description=description)

    def resolve_one(self: Any, info: Ctx) -> Any:
        return one_node(info, query, getattr(self, attr), _types()[target])

    resolve_one.__annotations__["return"] = _lazy(target) | None
    return strawberry.field(resolver=resolve_one, description=description)


def _lazy(target: str) -> Any:
    """The node type of a label, resolved when the schema is built: schema.node_types holds every node type once all
    are declared (a relationship field may name a type declared after it, or in a module importing this one)."""
    return Annotated[target, strawberry.lazy("schema.node_types")]


def _types() -> dict[str, type[Node]]:
    from schema.node_types import NODE_TYPES

    return NODE_TYPES


def _key_attr(key: str) -> str:
    """The Python attribute holding a node's key property (`id` is `id_`, to keep clear of Node.id)."""
    return "id_" if key == "id" else key
