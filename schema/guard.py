"""Enforce schema/access.py on every field graphql-core resolves: a field the caller's role may not read comes back
null with a FORBIDDEN error at its path (never a silent wrong value), and an abstract field (`node`, `search`)
is checked on the objects it resolved to.

A region-scoped caller has its role where an object lies inside its regions and is public elsewhere. Where an
object lies comes from the data, never from the answer's path: each label declares how it is placed (its own
region code, or the owners its hops reach: `graph.relations.Place`), and a generated `locate_*` query, batched per
request, reads it. Only objects that are no graph node (a connection, an edge, a page's info, a reminder) lie
where the node holding them lies. Every node the guard lets a field be read of is noted for the audit trail."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLResolveInfo, GraphQLUnionType, get_named_type
from graphql.pyutils import Path
from strawberry.extensions import SchemaExtension

from graph.errors import Forbidden, InvalidInput
from graph.records import text
from graph.relations import LABELS, NATIONAL, get_query_name, locate_query_name
from schema import filters, ids
from schema.access import Principal, field_role, reaches, type_role, within
from schema.filters import region_prefix
from schema.internals import type_name

_RULES: dict[tuple[str, str], tuple[str, bool]] = {}  # (type, field) → (least role, whether its type is abstract)


def _rule(info: GraphQLResolveInfo[Any]) -> tuple[str, bool]:
    key = (info.parent_type.name, info.field_name)
    rule = _RULES.get(key)
    if rule is None:
        named = get_named_type(info.return_type)
        declared = named.name if isinstance(named, GraphQLObjectType) else None
        abstract = isinstance(named, GraphQLInterfaceType | GraphQLUnionType)
        rule = _RULES[key] = (field_role(key[0], key[1], declared), abstract)
    return rule


def _refuse(what: str, need: str, role: str, scoped: bool) -> Forbidden:
    where = " outside the caller's regions" if scoped and role == "public" else ""
    return Forbidden(f"{what} is not visible to the {role} role{where} ({need} or above)")


def node_ref(obj: Any) -> tuple[str, str, str] | None:
    """(global id, label, key) of an object that stands for a graph node (a Node type, a drawn graph's node)."""
    gid = getattr(obj, "id", None)
    if not isinstance(gid, str) or obj is None:
        return None
    try:
        label, key = ids.decode(gid)
    except InvalidInput:
        return None
    return (gid, label, key) if label in LABELS else None


def _argument_region(kwargs: dict[str, Any]) -> str | None:
    """The region a root field's arguments confine it to: `regionCode` or `filter.regionCode` (any level)."""
    # graphql-core hands the extension the arguments as parsed (GraphQL names, inputs as dicts)
    given = kwargs.get("regionCode", kwargs.get("region_code"))
    if given is None and isinstance(scoped := kwargs.get("filter"), dict):
        given = scoped.get("regionCode", scoped.get("region_code"))
    if not isinstance(given, str):
        return None
    try:
        return region_prefix(given)
    except InvalidInput:  # a malformed code: the resolver reports it; here it confines to nothing
        return None


class _Scope:
    """Where the objects of one scoped caller's answer lie: inside its regions or not."""

    def __init__(self, principal: Principal, context: Any) -> None:
        self.principal = principal
        self.context = context
        self.inside: dict[int, tuple[Path, bool]] = {}  # id(path) → (the path, kept alive so ids stay unique; inside)
        self.placed: dict[str, bool] = {}  # global id → inside

    def decide(self, root: Any, info: GraphQLResolveInfo[Any], kwargs: dict[str, Any]) -> bool | Awaitable[bool]:
        """Whether the object a field is read of lies inside the caller's regions (awaitable when its place must
        be read from the graph)."""
        parent = info.path.prev
        if parent is None:  # a root field; a mutation without a region checks each object it touches itself
            region = _argument_region(kwargs)
            inside = self._covers(region) if region is not None else info.parent_type.name == "Mutation"
            self.inside[id(info.path)] = (info.path, inside)
            return inside
        ref = node_ref(root)
        if ref is None:  # a connection, an edge, a value object: where the node holding it lies
            return self._above(parent)
        known = self.placed.get(ref[0])
        if known is not None:
            self.inside[id(parent)] = (parent, known)
            return known
        return self._place(ref, parent)

    async def _place(self, ref: tuple[str, str, str], path: Path) -> bool:
        inside = await self.where(ref)
        self.inside[id(path)] = (path, inside)
        return inside

    async def where(self, ref: tuple[str, str, str]) -> bool:
        """Whether a node lies inside the caller's regions, by its label's declared place (read once a request)."""
        gid, label, key = ref
        if gid in self.placed:
            return self.placed[gid]
        inside = False
        if LABELS[label].place != NATIONAL:
            # shielded: a cancelled field must not cancel the place other fields of the request share
            row = await asyncio.shield(self.context.loaders.row(locate_query_name(label)).load(key))
            regions = [text(r) for r in (row or {}).get("regions") or []]
            inside = any(self._covers(r) for r in regions)
        self.placed[gid] = inside
        return inside

    async def locate(self, info: GraphQLResolveInfo[Any], uscc: str, result: Any) -> Any:
        """A root look-up by an enterprise's USCC (`reminders(uscc:)`, `enterprise`, `outlet` …): what it returns
        that is no graph node lies where that enterprise does."""
        value = await result if inspect.isawaitable(result) else result
        try:
            key = filters.uscc(uscc)
        except InvalidInput:
            return value
        _, nodes = await asyncio.shield(info.context.loaders.hop(get_query_name("Enterprise")).load(key))
        region = nodes[0].get("region_code") if nodes else None
        if isinstance(region, str) and self._covers(region):
            self.inside[id(info.path)] = (info.path, True)
        return value

    def _covers(self, region: str) -> bool:
        return within(region, self.principal.regions)

    def _above(self, path: Path | None) -> bool:
        while path is not None:
            hit = self.inside.get(id(path))
            if hit is not None and hit[0] is path:
                return hit[1]
            path = path.prev
        return False


def _check_item(item: Any, role: str, seen_as: str, scoped: bool) -> None:
    name = type_name(item)
    if name is not None and not reaches(seen_as, need := type_role(name)):
        raise _refuse(name, need, seen_as, scoped)


def _checked(value: Any, role: str) -> Any:
    """An abstract field's result (an object or a list of them), refused when any object's type is hidden."""
    for item in value if isinstance(value, list) else [value]:
        _check_item(item, role, role, False)
    return value


async def _checked_in_scope(value: Any, role: str, scope: _Scope) -> Any:
    """As `_checked`, each node seen as the role its own place gives the caller (anything else as the field)."""
    for item in value if isinstance(value, list) else [value]:
        ref = node_ref(item)
        seen_as = role if ref is None else scope.principal.role if await scope.where(ref) else "public"
        _check_item(item, role, seen_as, True)
    return value


class AccessGuard(SchemaExtension):
    def resolve(
        self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Any], *args: Any, **kwargs: Any
    ) -> Any:
        if info.field_name.startswith("__"):
            return _next(root, info, *args, **kwargs)
        context = info.context
        principal: Principal = context.principal
        if info.parent_type.name.startswith("__"):  # the schema itself: one role for it, wherever the caller holds
            need = getattr(context, "introspection_role", "analyst")
            if not reaches(principal.role, need):
                raise Forbidden(
                    f"the schema (introspection) is not visible to the {principal.role} role ({need} or above)"
                )
            return _next(root, info, *args, **kwargs)
        if not principal.regions:
            return _read(principal.role, None, _next, root, info, args, kwargs)
        scope = context.scope = context.scope or _Scope(principal, context)
        inside = scope.decide(root, info, kwargs)
        if isinstance(inside, bool):
            return _read(principal.role if inside else "public", scope, _next, root, info, args, kwargs)

        async def placed() -> Any:
            role = principal.role if await inside else "public"
            result = _read(role, scope, _next, root, info, args, kwargs)
            return await result if inspect.isawaitable(result) else result

        return placed()


def _read(
    role: str,
    scope: _Scope | None,
    _next: Callable[..., Any],
    root: Any,
    info: GraphQLResolveInfo[Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    """The field's value as `role` may read it (a FORBIDDEN error when it may not), its object noted as read."""
    if role != "admin":
        need, abstract = _rule(info)
        if not reaches(role, need):
            raise _refuse(f"{info.parent_type.name}.{info.field_name}", need, role, scope is not None)
    else:
        abstract = False
    seen = getattr(info.context, "seen", None)
    if seen is not None and (gid := getattr(root, "id", None)) is not None and root is not None:
        seen.add(gid)
    result = _next(root, info, *args, **kwargs)
    if scope is not None and info.path.prev is None and isinstance(kwargs.get("uscc"), str):
        located = scope.locate(info, kwargs["uscc"], result)
        if not abstract:
            return located

        async def then_checked() -> Any:
            return await _checked_in_scope(await located, role, scope)

        return then_checked()
    if not abstract:
        return result
    if inspect.isawaitable(result):

        async def later() -> Any:
            value = await result
            return await _checked_in_scope(value, role, scope) if scope is not None else _checked(value, role)

        return later()
    if scope is not None:
        return _checked_in_scope(result, role, scope)
    return _checked(result, role)
