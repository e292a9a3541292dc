"""Request limits that hold whatever a document's shape: every measure is linear in the document.

- `prescan`: before parsing, the lexer alone counts tokens and bracket nesting (the parser recurses per level).
- `Analyser.check` (run by the `RequestLimits` extension): after validation, one walk of the chosen operation
  gives its depth, its aliases and its estimated cost, with each fragment measured once per context and reused
  wherever it is spread — a document whose fragments spread each other twice per level costs a walk of its text,
  not of its 2^levels expansion.
- The cost is the number of objects and fields the answer can hold: a field counts 1 per parent object; a list
  multiplies what its items select by its page (`first`, the argument's default, or the largest page for a
  variable without a value), a list without a page argument by `LIST_DEFAULT`. Introspection is priced with the
  schema's own sizes against its own allowance: a few times what GraphiQL's introspection query costs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TokenKind,
    VariableNode,
    get_introspection_query,
    parse,
)
from graphql.language import Lexer, Source
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef
from strawberry.extensions import SchemaExtension

from graph.errors import BadRequest, RequestRefused, TooComplex
from schema.compliance import PAGE_PARAMS
from schema.internals import graphql_schema
from schema.pagination import DEFAULT_PAGE

LIST_DEFAULT = 50  # items assumed for a list field without a page argument (days of a month, a report's emissions)
ROW_WEIGHT = 10  # what one JSON row of namedQuery counts for (times the page its params ask of each row)
_OPEN = {TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L}
_CLOSE = {TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R}


@dataclass(frozen=True)
class Limits:
    """The bounds of one GraphQL request (from Settings)."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 2000
    max_nesting: int = 64  # brackets open at once: {, [ and (
    max_cost: int = 50_000
    max_page: int = 100
    role_costs: tuple[tuple[str, int], ...] = ()  # (role, its own maximum cost), lower than max_cost where given

    def cost_for(self, role: str) -> int:
        return min([self.max_cost, *(c for r, c in self.role_costs if r == role)])


_PASSED: dict[tuple[str, Limits, str | None], None] = {}  # documents prescan let through (dashboards resend them)
_PASSED_MAX = 1000


def prescan(text: str, limits: Limits, operation_name: str | None = None) -> None:
    """Refuse a document with too many tokens or brackets nested too deep, before the recursive parser sees it,
    and apply the spec's GetOperation: several operations need an operationName, which must name one of them.
    A document that passed once passes again without being read (the check is a pure function of its text)."""
    key = (text, limits, operation_name)
    if key in _PASSED:
        return
    _scan(text, limits, operation_name)
    if len(_PASSED) >= _PASSED_MAX:
        _PASSED.clear()
    _PASSED[key] = None


def _scan(text: str, limits: Limits, operation_name: str | None) -> None:
    lexer = Lexer(Source(text))
    tokens = depth = operations = 0
    names: set[str] = set()
    pending: str | None = None  # "op" or "fragment": a top-level definition whose body has not opened yet
    named = False  # the previous token was an operation keyword: a NAME now names the operation
    try:
        token = lexer.advance()
        while token.kind is not TokenKind.EOF:
            tokens += 1
            if tokens > limits.max_tokens:
                raise TooComplex(f"the document has more than {limits.max_tokens} tokens")
            if depth == 0:
                if token.kind is TokenKind.NAME and pending is None and token.value in _OPERATIONS:
                    pending, named, operations = "op", True, operations + 1
                elif token.kind is TokenKind.NAME and pending is None and token.value == "fragment":
                    pending, named = "fragment", False
                else:
                    if named and token.kind is TokenKind.NAME and token.value is not None:
                        names.add(token.value)
                    named = False
                    if token.kind is TokenKind.BRACE_L:
                        operations += pending is None  # `{ … }`: an anonymous query
                        pending = None
            if token.kind in _OPEN:
                depth += 1
                if depth > limits.max_nesting:
                    raise TooComplex(
                        f"the document nests brackets more than {limits.max_nesting} deep (line {token.line})"
                    )
            elif token.kind in _CLOSE:
                depth -= 1
            token = lexer.advance()
    except GraphQLError as exc:
        raise BadRequest(f"Syntax Error: {exc.message}"[:300]) from None
    if operation_name is None and operations > 1:
        raise BadRequest(f"the document has {operations} operations: say which one to run with operationName")
    if operation_name is not None and operations and operation_name not in names:
        raise BadRequest(f"the document has no operation named {operation_name[:100]!r}")


_OPERATIONS = frozenset({"query", "mutation", "subscription"})


@dataclass
class Measure:
    """What one operation asks for."""

    depth: int = 0
    aliases: int = 0
    cost: float = 0.0
    introspection: float = 0.0


class Analyser:
    """Measures operations against one schema (its introspection sizes and allowance computed once)."""

    def __init__(self, schema: GraphQLSchema, limits: Limits) -> None:
        self.schema = schema
        self.limits = limits
        types = schema.type_map.values()
        objects = [t for t in types if isinstance(t, GraphQLObjectType | GraphQLInterfaceType)]
        self.sizes = {
            "types": len(schema.type_map),
            "fields": max((len(t.fields) for t in objects), default=1),
            "args": max(
                [len(f.args) for t in objects for f in t.fields.values()]
                + [len(getattr(t, "fields", {})) for t in types if not isinstance(t, GraphQLObjectType)]
                + [len(d.args) for d in schema.directives],
                default=1,
            ),
            "directives": len(schema.directives),
        }
        self.introspection_allowance = 0.0
        self.measured: dict[tuple[str, str | None], Measure] = {}
        standard = get_introspection_query(
            descriptions=True,
            specified_by_url=True,
            directive_is_repeatable=True,
            schema_description=True,
            input_value_deprecation=True,
        )
        self.introspection_allowance = 3 * self.measure(parse(standard), None, {}).introspection

    def operation(self, document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
        """The operation to run, by the spec's GetOperation: the named one, or the only one."""
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if operation_name is None:
            if len(operations) != 1:
                raise BadRequest("the document has several operations: say which one to run with operationName")
            return operations[0]
        for op in operations:
            if op.name is not None and op.name.value == operation_name:
                return op
        raise BadRequest(f"the document has no operation named {operation_name[:100]!r}")

    def measure(
        self, document: DocumentNode, operation_name: str | None, variables: dict[str, Any], text: str | None = None
    ) -> Measure:
        """The operation's measure; with its `text`, a measure that read no variable is kept for the next request
        of the same text (dashboards resend the same documents)."""
        if text is not None and (held := self.measured.get((text, operation_name))) is not None:
            return held
        op = self.operation(document, operation_name)
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        walk = _Walk(self, fragments, _variable_values(op, variables))
        root = self.schema.get_root_type(op.operation)
        if root is None:
            raise BadRequest(f"this API has no {op.operation.value} operations")
        m = walk.selection(op.selection_set, root, None, False)
        measure = Measure(depth=m[1], aliases=m[2], cost=m[0], introspection=m[3])
        if text is not None and not walk.read_variables:
            if len(self.measured) >= MEASURES_HELD:
                self.measured.clear()
            self.measured[text, operation_name] = measure
        return measure

    def check(
        self,
        document: DocumentNode,
        operation_name: str | None,
        variables: dict[str, Any],
        role: str = "admin",
        text: str | None = None,
    ) -> Measure:
        """The operation's measure, or TooComplex naming the first limit it breaks (the cost: the role's)."""
        m = self.measure(document, operation_name, variables, text)
        lim = self.limits
        max_cost = lim.cost_for(role)
        if m.depth > lim.max_depth:
            raise TooComplex(f"the query exceeds maximum operation depth of {lim.max_depth} (it is {m.depth} deep)")
        if m.aliases > lim.max_aliases:
            raise TooComplex(
                f"the query uses {m.aliases} aliases (counting each fragment spread); at most {lim.max_aliases} "
                "aliases are allowed"
            )
        if m.cost > max_cost:
            raise TooComplex(
                f"the query's estimated cost is {m.cost:,.0f}, above the {role} role's maximum of {max_cost:,} "
                "(each list multiplies what its items select by its page size): ask for smaller pages (first) or fewer "
                "nested lists"
            )
        if m.introspection > self.introspection_allowance:
            raise TooComplex(
                f"the introspection query's estimated cost is {m.introspection:,.0f}, above the allowance of "
                f"{self.introspection_allowance:,.0f} (three times GraphiQL's own introspection query)"
            )
        return m


Measured = tuple[float, int, int, float]  # (cost per parent object, depth, aliases, introspection cost)
_META = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}
_INTROSPECTION_LISTS = {
    "types": "types",
    "fields": "fields",
    "inputFields": "args",
    "args": "args",
    "enumValues": "fields",
    "interfaces": "types",
    "possibleTypes": "types",
    "directives": "directives",
}


class _Walk:
    def __init__(
        self, analyser: Analyser, fragments: dict[str, FragmentDefinitionNode], variables: dict[str, Any]
    ) -> None:
        self.analyser = analyser
        self.fragments = fragments
        self.variables = variables
        self.read_variables = False  # whether the measure depends on a variable's value
        self.memo: dict[tuple[str, int | None, bool], Measured] = {}
        self.active: set[str] = set()

    def selection(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType, pending: int | None, inside: bool
    ) -> Measured:
        """The measure of a selection set under one object of `parent`; `pending`: the page of the connection
        it sits in (for its lists of items), `inside`: within introspection."""
        cost = intro = 0.0
        depth = aliases = 0
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                c, d, a, i = self.field(node, parent, pending, inside)
            elif isinstance(node, InlineFragmentNode):
                cond = node.type_condition
                target = self.analyser.schema.get_type(cond.name.value) if cond is not None else parent
                c, d, a, i = self.selection(node.selection_set, target or parent, pending, inside)
            elif isinstance(node, FragmentSpreadNode):
                c, d, a, i = self.spread(node.name.value, pending, inside)
            else:  # pragma: no cover - the grammar has no other selection
                continue
            cost, intro, aliases = cost + c, intro + i, aliases + a
            depth = max(depth, d)
        return cost, depth, aliases, intro

    def spread(self, name: str, pending: int | None, inside: bool) -> Measured:
        key = (name, pending, inside)
        if key in self.memo:
            return self.memo[key]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.active:
            return 0.0, 0, 0, 0.0  # unknown or cyclic: validation reports it
        self.active.add(name)
        try:
            target = self.analyser.schema.get_type(fragment.type_condition.name.value)
            result = self.selection(fragment.selection_set, target, pending, inside) if target else (0.0, 0, 0, 0.0)
        finally:
            self.active.discard(name)
        self.memo[key] = result
        return result

    def field(self, node: FieldNode, parent: GraphQLNamedType, pending: int | None, inside: bool) -> Measured:
        name = node.name.value
        alias = 1 if node.alias is not None else 0
        if name == "__typename":
            return 0.0, 0, alias, 0.0
        intro = inside or name in _META
        fields = getattr(parent, "fields", None)
        definition = _META.get(name) or (fields.get(name) if fields is not None else None)
        if definition is None:
            return 1.0, 1, alias, 0.0  # validation reports an unknown field
        rtype: Any = definition.type
        page = self.page(node, definition.args) if "first" in definition.args else None
        if name == "namedQuery":
            return (page or DEFAULT_PAGE) * ROW_WEIGHT * self.inner_page(node), 1, alias, 0.0
        count = 1
        while isinstance(rtype, GraphQLNonNull | GraphQLList):
            if isinstance(rtype, GraphQLList):
                if intro:
                    size = self.analyser.sizes.get(_INTROSPECTION_LISTS.get(name, ""), LIST_DEFAULT)
                elif page is not None:
                    size, page = page, None
                elif pending is not None:
                    size = pending
                else:
                    size = LIST_DEFAULT
                count *= size
            rtype = rtype.of_type
        if node.selection_set is None:
            return (0.0, 0, alias, 1.0) if intro else (1.0, 1, alias, 0.0)
        c, d, a, i = self.selection(node.selection_set, rtype, page if count == 1 else None, intro)
        if intro:
            return 0.0, 0, alias + a, 1.0 + count * (c + i)
        return 1.0 + count * c, 1 + d, alias + a, count * i

    def inner_page(self, node: FieldNode) -> int:
        """The largest page a namedQuery's `params` ask of each row (its `first`, `recent` …), at least 1: a row
        of a hop query holds that many nodes."""
        params: Any = None
        for argument in node.arguments or ():
            if argument.name.value == "params":
                value = argument.value
                if isinstance(value, VariableNode):
                    self.read_variables = True
                    params = self.variables.get(value.name.value)
                elif isinstance(value, ObjectValueNode):
                    params = {f.name.value: _literal_int(f.value) for f in value.fields}
        if not isinstance(params, dict):
            return 1
        pages = [v for k, v in params.items() if k in PAGE_PARAMS and isinstance(v, int) and not isinstance(v, bool)]
        return max([1, *[min(v, 10 * self.analyser.limits.max_page) for v in pages]])

    def page(self, node: FieldNode, args: dict[str, Any]) -> int:
        """The page a field asks for: its `first` literal, variable value, or default."""
        max_page = self.analyser.limits.max_page
        default = args["first"].default_value
        value: Any = default if isinstance(default, int) else DEFAULT_PAGE
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                self.read_variables = True
                value = self.variables.get(argument.value.name.value, max_page)
            else:
                value = max_page
        return max(0, min(value, 10 * max_page)) if isinstance(value, int) and not isinstance(value, bool) else max_page


def _literal_int(value: Any) -> int | None:
    return int(value.value) if isinstance(value, IntValueNode) else None


def _variable_values(op: OperationDefinitionNode, given: dict[str, Any]) -> dict[str, Any]:
    """Each variable's value as given, else its default literal (ints only matter here)."""
    values: dict[str, Any] = {}
    for definition in op.variable_definitions or ():
        name = definition.variable.name.value
        if name in given:
            values[name] = given[name]
        elif isinstance(definition.default_value, IntValueNode):
            values[name] = int(definition.default_value.value)
    return values


MEASURES_HELD = 1000  # documents whose measure an analyser keeps


class RequestLimits(SchemaExtension):
    """Refuse an operation over its limits before anything executes (a typed QUERY_TOO_COMPLEX error)."""

    limits: Limits  # set on the class made by `request_limits`
    analysers: dict[int, Analyser]

    def on_execute(self) -> Iterator[None]:
        ec = self.execution_context
        document = ec.graphql_document
        if document is not None and not ec.result:
            try:
                role = ec.context.principal.role if ec.context is not None else "public"
                analyser = self._analyser(graphql_schema(ec.schema))
                analyser.check(document, ec.operation_name, ec.variables or {}, role, ec.query)
            except RequestRefused as exc:
                error = GraphQLError(exc.message, extensions={"code": exc.code})
                ec.result = ExecutionResult(data=None, errors=[error])
        yield

    def _analyser(self, schema: GraphQLSchema) -> Analyser:
        analyser = self.analysers.get(id(schema))
        if analyser is None or analyser.schema is not schema:
            analyser = self.analysers[id(schema)] = Analyser(schema, self.limits)
        return analyser


def request_limits(limits: Limits) -> type[RequestLimits]:
    """The extension class for these limits; its analyser is built on first use and shared by every request."""
    return type("BoundRequestLimits", (RequestLimits,), {"limits": limits, "analysers": {}})
