"""A lean executor for query documents: the same answer as graphql-core, without its per-field machinery.

graphql-core completes a response field by field through general machinery (resolver wrapping, argument
conversion, awaitable checks, the access guard's wrapper on every field), which was most of a request's time in
the server. This executor walks the selection itself: it calls the same resolvers with the same arguments (coerced
by graphql-core's own functions and converted by strawberry's) and serialises leaves with the same scalar and enum
types, so it gives the same answer.

A document is compiled once (per schema, text and operation name) into a tree of small closures — each field's
resolver call with its arguments coerced once when they use no variables, each type's completion — and the least
role that may read every field it selects (`schema/access.py`, the guard's rules). A request by a caller who holds
that role everywhere (not region-scoped) runs the closures: values in memory complete at once; the awaitables a
level produces (a hop's DataLoader, a root field's statement) are awaited together, as graphql-core would, so
DataLoaders batch them alike; their completions make the next level.

It answers only what it can answer exactly: one query operation, plain fields and aliases (no fragments or
directives), object types (no interfaces or unions), no introspection. Anything else — an unsupported shape, a
caller the guard would refuse or must place (a region-scoped one), a null where the schema says non-null, any
exception — gives up, and the request runs through graphql-core as usual, with the rows already loaded still in
the request's DataLoaders (`tests/test_fast_views.py` checks that both give the same JSON).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from types import GeneratorType
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension

from schema.access import ROLES, field_role, reaches
from schema.internals import (
    VariableValues,
    convert_arguments,
    field_definition,
    get_argument_values,
    get_variable_values,
    graphql_schema,
    strawberry_schema,
)

NO_VARIABLES = VariableValues({}, {})


class _GiveUp(Exception):
    """The request is outside what this executor answers exactly; graphql-core answers it."""


class _Info:
    """The part of strawberry's Info the resolvers use: the request context."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


class FastViews(SchemaExtension):
    """Answer a query with the lean executor when it can; otherwise leave it to graphql-core."""

    async def on_execute(self) -> Any:  # strawberry accepts async generator hooks
        ec = self.execution_context
        document = ec.graphql_document
        principal = ec.context.principal
        # A region-scoped caller's role depends on where each object lies: the guard places them, not this.
        if document is not None and not ec.result and not principal.regions:
            data = await execute(
                graphql_schema(ec.schema), document, ec.operation_name, ec.variables or {}, ec.context, ec.query
            )
            if data is not None:
                ec.result = ExecutionResult(data=data)
        yield


# A field's awaited value still to complete: (the dict or list it goes in, its key there, the awaitable, completion)
Pending = list[tuple[Any, Any, Awaitable[Any], "Complete"]]
Resolve = Callable[[Any, VariableValues, _Info], Any]  # (source, variables, info) → the field's raw value
Complete = Callable[[Any, VariableValues, _Info, Pending], Any]  # (raw value, variables, info, pending) → its JSON
Field = tuple[str, Resolve, Complete]  # response key, resolve, completion


@dataclass(frozen=True)
class _Plan:
    operation: OperationDefinitionNode
    roots: tuple[Field, ...]
    need: str  # the least role that may read every field selected


_PLANS: dict[tuple[str, str | None], tuple[GraphQLSchema, _Plan | None]] = {}
_MAX_PLANS = 1000


async def execute(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    raw: dict[str, Any],
    context: Any,
    text: str | None = None,
) -> dict[str, Any] | None:
    """The response data of a query, or None when graphql-core must answer it."""
    plan = _plan(schema, document, operation_name, text)
    if plan is None or not reaches(context.principal.role, plan.need):
        return None  # a field the caller may not read: the guard refuses it at its path
    variables = get_variable_values(schema, plan.operation.variable_definitions or (), raw)
    if isinstance(variables, list):  # invalid variables: graphql-core reports them
        return None
    info = _Info(context)
    pending: Pending = []
    data: dict[str, Any] = {}
    try:
        for key, resolve, complete in plan.roots:
            _put(data, key, resolve(None, variables, info), complete, variables, info, pending)
        while pending:  # one level of awaitables at a time, together (DataLoaders batch each level's keys)
            batch, pending = pending, []
            values = await asyncio.gather(*(p[2] for p in batch), return_exceptions=True)
            for (holder, key, _, complete), value in zip(batch, values, strict=True):
                if isinstance(value, BaseException):
                    raise _GiveUp from value
                holder[key] = complete(value, variables, info, pending)
        return data
    except Exception:  # given up, or an error graphql-core runs again and reports as it should
        for _, _, awaitable, _ in pending:
            if inspect.iscoroutine(awaitable):
                awaitable.close()  # never awaited: no warning, no work
        return None


def _put(
    holder: Any, key: Any, value: Any, complete: Complete, variables: VariableValues, info: _Info, pending: Pending
) -> None:
    """Complete a field's value into `holder[key]` now, or once it is awaited."""
    if _awaits(value):
        holder[key] = None  # its place, so the answer keeps the selection's order
        pending.append((holder, key, value, complete))
    else:
        holder[key] = complete(value, variables, info, pending)


_AWAITS: dict[type, bool] = {}  # whether values of a type are awaitable (a type-level fact but for generators)


def _awaits(value: Any) -> bool:
    """inspect.isawaitable, with its answer kept per type (its ABC check was a tenth of a dashboard's time)."""
    kind = type(value)
    known = _AWAITS.get(kind)
    if known is None:
        if kind is GeneratorType:  # a generator-based coroutine is marked per object
            return inspect.isawaitable(value)
        known = _AWAITS[kind] = inspect.isawaitable(value)
    return known


def _plan(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, text: str | None) -> _Plan | None:
    """The compiled plan of a document, from the cache when its text was seen with this schema."""
    if text is None:
        return _compile(schema, document, operation_name)
    cached = _PLANS.get((text, operation_name))
    if cached is not None and cached[0] is schema:
        return cached[1]
    plan = _compile(schema, document, operation_name)
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()  # a dashboard sends a handful of documents; this only bounds a client that sends many
    _PLANS[text, operation_name] = (schema, plan)
    return plan


def _compile(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None) -> _Plan | None:
    operation = _query(document, operation_name)
    query_type = schema.query_type
    if operation is None or query_type is None:
        return None
    compiler = _Compiler(strawberry_schema(schema))
    try:
        roots = compiler.fields(query_type, operation.selection_set)
    except _GiveUp:
        return None
    except Exception:  # e.g. an argument literal that does not coerce: graphql-core reports it
        return None
    return _Plan(operation, roots, max(compiler.needs, key=ROLES.index, default="public"))


def _query(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    """The document's one query operation, without directives."""
    if len(document.definitions) != 1:
        return None
    operation = document.definitions[0]
    if not isinstance(operation, OperationDefinitionNode) or operation.operation is not OperationType.QUERY:
        return None
    if operation_name is not None and (operation.name is None or operation.name.value != operation_name):
        return None
    return None if operation.directives else operation


def _key(node: FieldNode) -> str:
    return (node.alias or node.name).value


class _Compiler:
    """Builds a document's closures, noting the role each selected field needs."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema  # strawberry's: its argument conversion
        self.needs: list[str] = []

    def fields(self, gtype: GraphQLObjectType, selection_set: SelectionSetNode) -> tuple[Field, ...]:
        """The plan of each field selected on an object type."""
        fields: list[Field] = []
        seen: set[str] = set()
        for child in _selected(selection_set):
            key = _key(child)
            if key in seen:
                raise _GiveUp  # a key selected twice: graphql-core merges the selections
            seen.add(key)
            name = child.name.value
            if name == "__typename":
                fields.append((key, _constant(gtype.name), _same))
                continue
            gql_field = gtype.fields.get(name)
            if gql_field is None or name.startswith("__"):
                raise _GiveUp  # introspection: graphql-core answers it under its own rule
            named = get_named_type(gql_field.type)
            self.needs.append(
                field_role(gtype.name, name, named.name if isinstance(named, GraphQLObjectType) else None)
            )
            fields.append((key, self.resolver(gql_field, child), self.completer(gql_field.type, child)))
        return tuple(fields)

    def resolver(self, gql_field: GraphQLField, node: FieldNode) -> Resolve:
        """A field's value for a source: its resolver called as strawberry would (maybe awaitable), or the attribute."""
        definition = field_definition(gql_field)
        if definition is None or definition.permission_classes or definition.extensions:
            raise _GiveUp
        resolver = definition.base_resolver
        if resolver is None:
            attr = definition.python_name
            return lambda source, variables, info: getattr(source, attr)
        if resolver.parent_parameter is not None or resolver.root_parameter is not None:
            raise _GiveUp
        arguments = self.arguments(gql_field, node, definition)
        func = resolver.wrapped_func
        self_name = resolver.self_parameter.name if resolver.self_parameter is not None else None
        info_name = resolver.info_parameter.name if resolver.info_parameter is not None else None

        def resolve(source: Any, variables: VariableValues, info: _Info) -> Any:
            kwargs = arguments(variables)
            if self_name is not None:
                kwargs[self_name] = source
            if info_name is not None:
                kwargs[info_name] = info
            return func(**kwargs)

        return resolve

    def arguments(
        self, gql_field: GraphQLField, node: FieldNode, definition: Any
    ) -> Callable[[VariableValues], dict[str, Any]]:
        """A field's arguments for a request: coerced by graphql-core, converted by strawberry (enums, inputs)."""
        plain = all(_builtin(arg.type) for arg in gql_field.args.values())

        def coerce(variables: VariableValues) -> dict[str, Any]:
            return get_argument_values(gql_field, node, variables)

        if plain:
            names = {name: field_definition(arg).python_name for name, arg in gql_field.args.items()}

            def built_in(variables: VariableValues) -> dict[str, Any]:
                return {names[name]: v for name, v in coerce(variables).items()}

            if not _uses_variables(node):
                static = built_in(NO_VARIABLES)  # the same values on every request: coerced once, here
                return lambda variables: dict(static)
            return built_in
        if not _uses_variables(node):
            raw = coerce(NO_VARIABLES)
            return lambda variables: convert_arguments(
                self.schema, definition, raw
            )  # fresh objects: a resolver may keep them
        return lambda variables: convert_arguments(self.schema, definition, coerce(variables))

    def completer(self, gtype: Any, node: FieldNode) -> Complete:
        """The completion of a value of type `gtype` for the selection under `node`: its JSON."""
        if isinstance(gtype, GraphQLNonNull):
            inner = self.completer(gtype.of_type, node)

            def non_null(value: Any, variables: VariableValues, info: _Info, pending: Pending) -> Any:
                if value is None:
                    raise _GiveUp  # graphql-core nulls the parent and reports the error
                return inner(value, variables, info, pending)

            return non_null
        if isinstance(gtype, GraphQLList):
            item = self.completer(gtype.of_type, node)

            def items(value: Any, variables: VariableValues, info: _Info, pending: Pending) -> Any:
                if value is None:
                    return None
                out: list[Any] = []
                for v in value:
                    out.append(None)
                    _put(out, len(out) - 1, v, item, variables, info, pending)
                return out

            return items
        if isinstance(gtype, GraphQLScalarType | GraphQLEnumType):
            serialize = gtype.serialize
            return lambda value, variables, info, pending: None if value is None else serialize(value)
        if not isinstance(gtype, GraphQLObjectType) or node.selection_set is None:
            raise _GiveUp  # interfaces and unions: graphql-core resolves the concrete type
        fields = self.fields(gtype, node.selection_set)

        def obj(value: Any, variables: VariableValues, info: _Info, pending: Pending) -> Any:
            if value is None:
                return None
            if isinstance(gid := getattr(value, "id", None), str):
                info.context.seen.add(gid)  # the audit trail records what was read, whatever was selected
            out: dict[str, Any] = {}
            for key, resolve, complete in fields:
                _put(out, key, resolve(value, variables, info), complete, variables, info, pending)
            return out

        return obj


def _builtin(gtype: Any) -> bool:
    named = gtype.of_type if isinstance(gtype, GraphQLNonNull) else gtype
    return isinstance(named, GraphQLScalarType) and named.name in {"String", "Int", "Float", "Boolean", "ID"}


def _uses_variables(node: FieldNode) -> bool:
    return any(_has_variable(argument.value) for argument in node.arguments or ())


def _has_variable(value: Any) -> bool:
    if isinstance(value, VariableNode):
        return True
    children = getattr(value, "values", None) or [f.value for f in getattr(value, "fields", None) or ()]
    return any(_has_variable(child) for child in children)


def _constant(value: Any) -> Resolve:
    return lambda source, variables, info: value


def _same(value: Any, variables: VariableValues, info: _Info, pending: Pending) -> Any:
    return value


def _selected(selection_set: SelectionSetNode) -> Iterator[FieldNode]:
    for selection in selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.directives:
            raise _GiveUp  # fragments and @skip/@include: graphql-core applies them
        yield selection
