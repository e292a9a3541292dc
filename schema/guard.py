"""Enforce schema/access.py on every field graphql-core resolves: a field the caller's role may not read comes back
null with a FORBIDDEN error at its path (never a silent wrong value), and an abstract field (`node`, `search`)
is checked on the objects it resolved to. A region-scoped caller has its role where the answer lies inside its
regions and is public elsewhere (access.REGION_OF says how an object's place is known)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLResolveInfo, GraphQLUnionType, get_named_type
from graphql.pyutils import Path
from strawberry.extensions import SchemaExtension

from graph.errors import Forbidden, InvalidInput
from graph.relations import get_query_name
from schema import filters
from schema.access import REGION_OF, Principal, field_role, reaches, type_role, within
from schema.filters import region_prefix

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


def region_of(obj: Any) -> str | None:
    """The region code an object of the answer states of itself (None: it lies where its parent does)."""
    definition = getattr(type(obj), "__strawberry_definition__", None)
    attr = REGION_OF.get(definition.name) if definition is not None else None
    value = getattr(obj, attr, None) if attr else None
    return value if isinstance(value, str) and value else None


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
    """Where the objects of one scoped caller's answer lie: inside its regions or not, by the answer's path."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal
        self.inside: dict[int, tuple[Path, bool]] = {}  # id(path) → (the path, kept alive so ids stay unique; inside)

    def role(self, root: Any, info: GraphQLResolveInfo[Any], kwargs: dict[str, Any]) -> str:
        parent = info.path.prev
        if parent is None:  # a root field; a mutation without a region checks each object it touches itself
            region = _argument_region(kwargs)
            inside = self._covers(region) if region is not None else info.parent_type.name == "Mutation"
            self.inside[id(info.path)] = (info.path, inside)
        else:
            own = region_of(root)
            if own is not None:
                inside = self._covers(own)
                self.inside[id(parent)] = (parent, inside)
            else:
                inside = self._above(parent)
        return self.principal.role if inside else "public"

    async def locate(self, info: GraphQLResolveInfo[Any], uscc: str, result: Any, abstract_role: str | None) -> Any:
        """A root look-up by an enterprise's USCC (`enterprise`, `outlet`, `outletTrace`): what it returns lies
        where that enterprise does, known before any field under it resolves."""
        value = await result if inspect.isawaitable(result) else result
        try:
            key = filters.uscc(uscc)
        except InvalidInput:
            return value
        _, nodes = await info.context.loaders.hop(get_query_name("Enterprise")).load(key)
        region = nodes[0].get("region_code") if nodes else None
        if isinstance(region, str) and self._covers(region):
            self.inside[id(info.path)] = (info.path, True)
        return value if abstract_role is None else _checked(value, abstract_role, self)

    def role_of(self, obj: Any, fallback: str) -> str:
        own = region_of(obj)
        if own is None:
            return fallback
        return self.principal.role if self._covers(own) else "public"

    def _covers(self, region: str) -> bool:
        return within(region, self.principal.regions)

    def _above(self, path: Path | None) -> bool:
        while path is not None:
            hit = self.inside.get(id(path))
            if hit is not None and hit[0] is path:
                return hit[1]
            path = path.prev
        return False


def _checked(value: Any, role: str, scope: _Scope | None) -> Any:
    """An abstract field's result (an object or a list of them), refused when any object's type is hidden."""
    for item in value if isinstance(value, list) else [value]:
        definition = getattr(type(item), "__strawberry_definition__", None)
        if definition is None:
            continue
        seen_as = role if scope is None else scope.role_of(item, role)
        if not reaches(seen_as, need := type_role(definition.name)):
            raise _refuse(definition.name, need, seen_as, scope is not None)
    return value


class AccessGuard(SchemaExtension):
    def resolve(
        self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Any], *args: Any, **kwargs: Any
    ) -> Any:
        if info.field_name.startswith("__"):
            return _next(root, info, *args, **kwargs)
        context = info.context
        principal: Principal = context.principal
        scope: _Scope | None = None
        if principal.regions:
            scope = context.scope = context.scope or _Scope(principal)
            role = scope.role(root, info, kwargs)
        else:
            role = principal.role
        if role == "admin":
            return _next(root, info, *args, **kwargs)
        need, abstract = _rule(info)
        if not reaches(role, need):
            raise _refuse(f"{info.parent_type.name}.{info.field_name}", need, role, scope is not None)
        result = _next(root, info, *args, **kwargs)
        if scope is not None and info.path.prev is None and isinstance(kwargs.get("uscc"), str):
            return scope.locate(info, kwargs["uscc"], result, role if abstract else None)
        if not abstract:
            return result
        if inspect.isawaitable(result):

            async def later() -> Any:
                return _checked(await result, role, scope)

            return later()
        return _checked(result, role, scope)
