"""Enforce schema/access.py on every field graphql-core resolves: a field the caller's role may not read comes back
null with a FORBIDDEN error at its path (never a silent wrong value), and an abstract field (`node`, `search`)
is checked on the objects it resolved to."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from graphql import GraphQLInterfaceType, GraphQLObjectType, GraphQLResolveInfo, GraphQLUnionType, get_named_type
from strawberry.extensions import SchemaExtension

from graph.errors import Forbidden
from schema.access import effective_role, field_role, reaches, type_role

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


def _refuse(what: str, need: str, role: str) -> Forbidden:
    return Forbidden(f"{what} is not visible to the {role} role ({need} or above)")


def _checked(value: Any, role: str) -> Any:
    """An abstract field's result (an object or a list of them), refused when any object's type is hidden."""
    for item in value if isinstance(value, list) else [value]:
        definition = getattr(type(item), "__strawberry_definition__", None)
        if definition is not None and not reaches(role, need := type_role(definition.name)):
            raise _refuse(definition.name, need, role)
    return value


class AccessGuard(SchemaExtension):
    def resolve(
        self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Any], *args: Any, **kwargs: Any
    ) -> Any:
        role = effective_role(info.context.principal)
        if role == "admin" or info.field_name.startswith("__"):
            return _next(root, info, *args, **kwargs)
        need, abstract = _rule(info)
        if not reaches(role, need):
            raise _refuse(f"{info.parent_type.name}.{info.field_name}", need, role)
        result = _next(root, info, *args, **kwargs)
        if not abstract:
            return result
        if inspect.isawaitable(result):

            async def later() -> Any:
                return _checked(await result, role)

            return later()
        return _checked(result, role)
