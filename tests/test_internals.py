"""Each private name of strawberry and graphql-core in schema/internals.py still works as the code uses it: a version
that moved one fails here, not in production."""

from __future__ import annotations

import inspect

from graphql import GraphQLObjectType, GraphQLSchema, parse

from api.app import build_schema
from api.settings import Settings
from schema import internals
from schema.nodes import Enterprise


def test_the_graphql_core_schema_and_each_fields_definition() -> None:
    schema = internals.graphql_schema(build_schema(Settings()))
    assert isinstance(schema, GraphQLSchema)
    query = schema.query_type
    assert isinstance(query, GraphQLObjectType)
    trace = internals.field_definition(query.fields["outletTrace"])
    assert trace.base_resolver is not None and trace.python_name == "outlet_trace"
    assert internals.field_definition(query.fields["outletTrace"].args["outletCode"]).python_name == "outlet_code"
    resolver = trace.base_resolver
    for attr in ("wrapped_func", "self_parameter", "info_parameter", "parent_parameter", "root_parameter"):
        assert hasattr(resolver, attr), attr
    assert not trace.permission_classes and not trace.extensions


def test_a_resolved_objects_type_name() -> None:
    fields = {f: None for f in inspect.signature(Enterprise).parameters if f not in ("id", "source")}
    assert internals.type_name(Enterprise(id="x", source=None, **fields)) == "Enterprise"  # type: ignore[arg-type]
    assert internals.type_name(object()) is None


def test_argument_and_variable_coercion() -> None:
    schema = internals.graphql_schema(build_schema(Settings()))
    document = parse('query($c: String!) { outletTrace(uscc: "91130207123456788D", outletCode: $c) { code } }')
    operation = document.definitions[0]
    variables = internals.get_variable_values(schema, operation.variable_definitions, {"c": "DA001"})  # type: ignore[attr-defined]
    assert isinstance(variables, internals.VariableValues)
    query = schema.query_type
    assert query is not None
    node = operation.selection_set.selections[0]  # type: ignore[attr-defined]
    assert internals.get_argument_values(query.fields["outletTrace"], node, variables) == {
        "uscc": "91130207123456788D",
        "outletCode": "DA001",
        "site": None,  # given its default
    }
    literal = parse('{ outletTrace(uscc: "91130207123456788D", outletCode: "DA001") { code } }')
    static = literal.definitions[0].selection_set.selections[0]  # type: ignore[attr-defined]
    none = internals.VariableValues({}, {})  # what the lean executor coerces literal arguments with, once
    assert internals.get_argument_values(query.fields["outletTrace"], static, none) == {
        "uscc": "91130207123456788D",
        "outletCode": "DA001",
        "site": None,
    }


def test_argument_conversion_into_enums_and_input_types() -> None:
    import datetime as dt

    from schema.dashboards import DashboardFilter, GroupBy, Measure

    schema = internals.graphql_schema(build_schema(Settings()))
    query = schema.query_type
    assert query is not None
    document = parse('{ aggregate(measure: VIOLATIONS, groupBy: PROVINCE, filter: {dateFrom: "2025-01-01"}) { key } }')
    node = document.definitions[0].selection_set.selections[0]  # type: ignore[attr-defined]
    field = query.fields["aggregate"]
    raw = internals.get_argument_values(field, node, internals.VariableValues({}, {}))
    converted = internals.convert_arguments(internals.strawberry_schema(schema), internals.field_definition(field), raw)
    assert converted["measure"] is Measure.VIOLATIONS and converted["group_by"] is GroupBy.PROVINCE
    assert isinstance(converted["filter"], DashboardFilter)
    assert converted["filter"].date_from == dt.date(2025, 1, 1) and converted["filter"].region_code is None
