"""A lean executor for the one-statement views (`outletTrace`, `permitView`).

Those views fetch everything their usual selection needs in one statement and prime the request's DataLoaders,
so every nested field then resolves synchronously from memory. graphql-core still completes them field by field
through its general machinery (resolver wrapping, argument conversion, awaitable checks), which was most of the
request's time in the server. This executor walks the same selection itself: it calls the same resolvers with
the same arguments and serialises leaves with the same scalar and enum types, so it gives the same answer.

A document is compiled once (per schema, text and operation name) into a tree of small closures — each field's
resolver call with its arguments coerced once when they use no variables, each type's completion — so a request
only runs its statement and the closures.

It answers only what it can answer exactly: one operation, one whitelisted root field, plain fields and aliases
(no fragments or directives), arguments of built-in scalar types, object types (no interfaces or unions), every
nested value already in memory. Anything else — an unsupported shape, a field whose page was not primed, a null
where the schema says non-null, any exception — gives up, and the request runs through graphql-core as usual
(`tests/test_fast_views.py` checks that both give the same JSON).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
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
)
from strawberry.extensions import SchemaExtension

from schema.access import VIEW_ROLE, effective_role, reaches
from schema.internals import (
    VariableValues,
    field_definition,
    get_argument_values,
    get_variable_values,
    graphql_schema,
)

VIEWS = frozenset({"outletTrace", "permitView"})  # root fields answered in one statement that primes the rest
_SCALARS = frozenset({"String", "Int", "Float", "Boolean", "ID"})
NO_VARIABLES = VariableValues({}, {})


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
        # The lean executor checks no access rule: it answers only callers who see every field a view holds.
        sees_all = reaches(effective_role(ec.context.principal), VIEW_ROLE)
        if document is not None and not ec.result and sees_all:
            data = await execute(
                graphql_schema(ec.schema), document, ec.operation_name, ec.variables or {}, ec.context, ec.query
            )
            if data is not None:
                ec.result = ExecutionResult(data=data)
        yield


Resolve = Callable[[Any, VariableValues, _Info], Any]  # (source, variables, info) → the field's raw value
Complete = Callable[[Any, VariableValues, _Info], Any]  # (raw value, variables, info) → its JSON
_Plan = tuple[OperationDefinitionNode, str, Resolve, Complete]  # operation, response key, root resolve, completion
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
    """The response data of a view request, or None when graphql-core must answer it."""
    plan = _plan(schema, document, operation_name, text)
    if plan is None:
        return None
    operation, key, resolve, complete = plan
    variables = get_variable_values(schema, operation.variable_definitions or (), raw)
    if isinstance(variables, list):  # invalid variables: graphql-core reports them
        return None
    info = _Info(context)
    try:
        value = resolve(None, variables, info)
        if inspect.isawaitable(value):
            value = await value
        return {key: complete(value, variables, info)}
    except _GiveUp:
        return None
    except Exception:  # graphql-core runs it again and reports the error as it should
        return None


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
    root = _view_root(document, operation_name)
    if root is None:
        return None
    operation, field_node = root
    query_type = schema.query_type
    assert query_type is not None
    gql_field = query_type.fields[field_node.name.value]
    try:
        return (
            operation,
            _key(field_node),
            _resolver(gql_field, field_node, root=True),
            _completer(gql_field.type, field_node),
        )
    except _GiveUp:
        return None
    except Exception:  # e.g. an argument literal that does not coerce: graphql-core reports it
        return None


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


def _key(node: FieldNode) -> str:
    return (node.alias or node.name).value


def _resolver(gql_field: GraphQLField, node: FieldNode, root: bool = False) -> Resolve:
    """A field's value for a source: its resolver called as strawberry would, or the attribute. Only the root's
    value may be awaitable (the view's statement); below it, an awaitable is a page the view did not prime."""
    definition = field_definition(gql_field)
    if definition is None or definition.permission_classes or definition.extensions:
        raise _GiveUp
    resolver = definition.base_resolver
    if resolver is None:
        attr = definition.python_name
        return lambda source, variables, info: getattr(source, attr)
    given = {argument.name.value for argument in node.arguments or ()}
    for name, arg in gql_field.args.items():
        if name not in given and arg.default_value is None:
            continue  # an argument the selection does not give takes its default (None): nothing to coerce
        named = arg.type.of_type if isinstance(arg.type, GraphQLNonNull) else arg.type
        if not isinstance(named, GraphQLScalarType) or named.name not in _SCALARS:
            raise _GiveUp
    if resolver.parent_parameter is not None or resolver.root_parameter is not None:
        raise _GiveUp
    names = {name: field_definition(arg).python_name for name, arg in gql_field.args.items()}
    func = resolver.wrapped_func
    self_name = resolver.self_parameter.name if resolver.self_parameter is not None else None
    info_name = resolver.info_parameter.name if resolver.info_parameter is not None else None

    def arguments(variables: VariableValues) -> dict[str, Any]:
        return {names[name]: v for name, v in get_argument_values(gql_field, node, variables).items()}

    # Arguments written without variables coerce to the same values on every request: once, here.
    static = None if _uses_variables(node) else arguments(NO_VARIABLES)

    def resolve(source: Any, variables: VariableValues, info: _Info) -> Any:
        kwargs = dict(static) if static is not None else arguments(variables)
        if self_name is not None:
            kwargs[self_name] = source
        if info_name is not None:
            kwargs[info_name] = info
        value = func(**kwargs)
        if not root and inspect.isawaitable(value):
            if inspect.iscoroutine(value):
                value.close()  # not primed: never awaited here
            raise _GiveUp
        return value

    return resolve


def _uses_variables(node: FieldNode) -> bool:
    return any(_has_variable(argument.value) for argument in node.arguments or ())


def _has_variable(value: Any) -> bool:
    if isinstance(value, VariableNode):
        return True
    children = getattr(value, "values", None) or [f.value for f in getattr(value, "fields", None) or ()]
    return any(_has_variable(child) for child in children)


def _completer(gtype: Any, node: FieldNode) -> Complete:
    """The completion of a value of type `gtype` for the selection under `node`: its JSON."""
    if isinstance(gtype, GraphQLNonNull):
        inner = _completer(gtype.of_type, node)

        def non_null(value: Any, variables: VariableValues, info: _Info) -> Any:
            if value is None:
                raise _GiveUp  # graphql-core nulls the parent and reports the error
            return inner(value, variables, info)

        return non_null
    if isinstance(gtype, GraphQLList):
        item = _completer(gtype.of_type, node)

        def items(value: Any, variables: VariableValues, info: _Info) -> Any:
            return None if value is None else [item(v, variables, info) for v in value]

        return items
    if isinstance(gtype, GraphQLScalarType | GraphQLEnumType):
        serialize = gtype.serialize
        return lambda value, variables, info: None if value is None else serialize(value)
    if not isinstance(gtype, GraphQLObjectType) or node.selection_set is None:
        raise _GiveUp  # interfaces and unions: graphql-core resolves the concrete type
    fields: list[tuple[str, Resolve, Complete]] = []
    seen: set[str] = set()
    for child in _fields(node.selection_set):
        key = _key(child)
        if key in seen:
            raise _GiveUp  # a key selected twice: graphql-core merges the selections
        seen.add(key)
        if child.name.value == "__typename":
            fields.append((key, _constant(gtype.name), _same))
            continue
        gql_field = gtype.fields.get(child.name.value)
        if gql_field is None:
            raise _GiveUp
        fields.append((key, _resolver(gql_field, child), _completer(gql_field.type, child)))

    def obj(value: Any, variables: VariableValues, info: _Info) -> Any:
        if value is None:
            return None
        if isinstance(gid := getattr(value, "id", None), str):
            info.context.seen.add(gid)  # the audit trail records what was read, whatever was selected
        return {key: complete(resolve(value, variables, info), variables, info) for key, resolve, complete in fields}

    return obj


def _constant(value: Any) -> Resolve:
    return lambda source, variables, info: value


def _same(value: Any, variables: VariableValues, info: _Info) -> Any:
    return value


def _fields(selection_set: SelectionSetNode) -> Iterator[FieldNode]:
    for selection in selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.directives:
            raise _GiveUp  # fragments and @skip/@include: graphql-core applies them
        yield selection
