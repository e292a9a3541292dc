"""A lean executor for the one-statement views (`outletTrace`, `permitView`).

Those views fetch everything their usual selection needs in one statement and prime the request's DataLoaders,
so every nested field then resolves synchronously from memory. graphql-core still completes them field by field
through its general machinery (resolver wrapping, argument conversion, awaitable checks), which was most of the
request's time in the server. This executor walks the same selection itself: it calls the same resolvers with
the same arguments and serialises leaves with the same scalar and enum types, so it gives the same answer.

It answers only what it can answer exactly: one operation, one whitelisted root field, plain fields and aliases
(no fragments or directives), arguments of built-in scalar types, object types (no interfaces or unions), every
nested value already in memory. Anything else — an unsupported shape, a field whose page was not primed, a null
where the schema says non-null, any exception — gives up, and the request runs through graphql-core as usual
(`tests/test_fast_views.py` checks that both give the same JSON).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
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
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension

BACKREF = "strawberry-definition"  # where strawberry keeps a GraphQL field's own definition
VIEWS = frozenset({"outletTrace", "permitView"})  # root fields answered in one statement that primes the rest
_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})


class _GiveUp(Exception):
    """The request is outside what this executor answers exactly; graphql-core answers it."""


class _Info:
    """The part of strawberry's Info the resolvers use: the request context."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


class FastViews(SchemaExtension):
    """Answer a view request with the lean executor when it can; otherwise leave it to graphql-core."""

    async def on_execute(self) -> Any:  # strawberry accepts async generator hooks
        ec = self.execution_context
        document = ec.graphql_document
        if document is not None and not ec.result:
            data = await execute(ec.schema._schema, document, ec.operation_name, ec.variables or {}, ec.context)
            if data is not None:
                ec.result = ExecutionResult(data=data)
        yield


async def execute(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, raw: dict[str, Any], context: Any
) -> dict[str, Any] | None:
    """The response data of a view request, or None when graphql-core must answer it."""
    root = _view_root(document, operation_name)
    if root is None:
        return None
    operation, field_node = root
    variables = get_variable_values(schema, operation.variable_definitions or (), raw)
    if isinstance(variables, list):  # invalid variables: graphql-core reports them
        return None
    query_type = schema.query_type
    assert query_type is not None
    gql_field = query_type.fields[field_node.name.value]
    info = _Info(context)
    try:
        value = _call(gql_field, None, field_node, variables, info)
        if inspect.isawaitable(value):
            value = await value
        completed = _complete(gql_field.type, value, field_node, variables, info)
    except _GiveUp:
        return None
    except Exception:  # graphql-core runs it again and reports the error as it should
        return None
    return {(field_node.alias or field_node.name).value: completed}


def _view_root(document: DocumentNode, operation_name: str | None) -> tuple[OperationDefinitionNode, FieldNode] | None:
    """The operation and its single root field, when the document is one query on a view without directives."""
    if len(document.definitions) != 1:
        return None
    operation = document.definitions[0]
    if not isinstance(operation, OperationDefinitionNode) or operation.operation is not OperationType.QUERY:
        return None
    if operation_name is not None and (operation.name is None or operation.name.value != operation_name):
        return None
    if operation.directives:
        return None
    selections = operation.selection_set.selections
    if len(selections) != 1 or not isinstance(selections[0], FieldNode):
        return None
    field_node = selections[0]
    if field_node.name.value not in VIEWS or field_node.directives:
        return None
    return operation, field_node


def _call(gql_field: GraphQLField, source: Any, node: FieldNode, variables: VariableValues, info: _Info) -> Any:
    """A field's value for `source`: its resolver called as strawberry would, or the attribute."""
    definition = gql_field.extensions.get(BACKREF)
    if definition is None or definition.permission_classes or definition.extensions:
        raise _GiveUp
    resolver = definition.base_resolver
    if resolver is None:
        return getattr(source, definition.python_name)
    for arg in gql_field.args.values():
        named = arg.type.of_type if isinstance(arg.type, GraphQLNonNull) else arg.type
        if not isinstance(named, GraphQLScalarType) or named.name not in _SCALARS:
            raise _GiveUp
    values = get_argument_values(gql_field, node, variables)
    kwargs = {gql_field.args[name].extensions[BACKREF].python_name: v for name, v in values.items()}
    params: dict[str, Any] = {}
    if resolver.self_parameter is not None:
        params[resolver.self_parameter.name] = source
    if resolver.info_parameter is not None:
        params[resolver.info_parameter.name] = info
    if resolver.parent_parameter is not None or resolver.root_parameter is not None:
        raise _GiveUp
    return resolver.wrapped_func(**params, **kwargs)


def _complete(gtype: Any, value: Any, node: FieldNode, variables: VariableValues, info: _Info) -> Any:
    """The JSON of a value of type `gtype` for the selection under `node`."""
    if isinstance(gtype, GraphQLNonNull):
        if value is None:
            raise _GiveUp  # graphql-core nulls the parent and reports the error
        gtype = gtype.of_type
    if value is None:
        return None
    if inspect.isawaitable(value):
        if inspect.iscoroutine(value):
            value.close()  # not primed: never awaited here
        raise _GiveUp
    if isinstance(gtype, GraphQLList):
        return [_complete(gtype.of_type, item, node, variables, info) for item in value]
    if isinstance(gtype, GraphQLScalarType | GraphQLEnumType):
        return gtype.serialize(value)
    if not isinstance(gtype, GraphQLObjectType) or node.selection_set is None:
        raise _GiveUp  # interfaces and unions: graphql-core resolves the concrete type
    out: dict[str, Any] = {}
    for child in _fields(node.selection_set):
        key = (child.alias or child.name).value
        if key in out:
            raise _GiveUp  # a key selected twice: graphql-core merges the selections
        name = child.name.value
        if name == "__typename":
            out[key] = gtype.name
            continue
        gql_field = gtype.fields.get(name)
        if gql_field is None:
            raise _GiveUp
        resolved = _call(gql_field, value, child, variables, info)
        out[key] = _complete(gql_field.type, resolved, child, variables, info)
    return out


def _fields(selection_set: SelectionSetNode) -> Iterator[FieldNode]:
    for selection in selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.directives:
            raise _GiveUp  # fragments and @skip/@include: graphql-core applies them
        yield selection
