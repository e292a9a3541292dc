"""Every private name of strawberry and graphql-core that permitgraph leans on, named once, here.

They are not part of either library's public API, so a new version may move them; `tests/test_internals.py` uses each
one as the code does and fails on a version that moved it (pyproject.toml bounds both libraries to the versions
that pass). Why each is needed:
- `graphql_schema`: strawberry keeps the graphql-core schema it builds in `Schema._schema`; the request limits, the
  exports and the lean executor walk its types.
- `FIELD_DEFINITION`: strawberry hangs a GraphQL field's own definition (resolver, Python names) in the field's
  `extensions` under this key; the lean executor calls the same resolvers as graphql-core would.
- `type_name`: strawberry marks each Python type with `__strawberry_definition__`; the guard reads a resolved
  object's GraphQL type from it.
- `strawberry_schema`: strawberry hangs itself on the graphql-core schema as `_strawberry_schema`; the lean executor
  converts arguments with its scalar registry and config (`convert_arguments`, strawberry's own conversion of
  coerced arguments into enums and input objects, as its resolver wrapper does).
- `VariableValues`, `get_argument_values`, `get_variable_values`: graphql-core 3.3's coercion of a field's
  arguments and an operation's variables (not exported at the package's top level); the lean executor coerces
  exactly as graphql-core does.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLArgument, GraphQLField, GraphQLSchema
from graphql.execution.values import VariableValues as VariableValues  # re-exported: the names live here
from graphql.execution.values import get_argument_values as get_argument_values
from graphql.execution.values import get_variable_values as get_variable_values
from strawberry.types.arguments import convert_arguments as _convert_arguments

FIELD_DEFINITION = "strawberry-definition"


def graphql_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """The graphql-core schema strawberry built."""
    built: GraphQLSchema = schema._schema
    return built


def field_definition(gql_field: GraphQLField | GraphQLArgument) -> Any:
    """strawberry's definition of a GraphQL field or argument (None for one strawberry did not make)."""
    return gql_field.extensions.get(FIELD_DEFINITION)


def type_name(obj: Any) -> str | None:
    """The GraphQL type name of an object a resolver returned (None: not a strawberry type)."""
    definition = getattr(type(obj), "__strawberry_definition__", None)
    return definition.name if definition is not None else None


def strawberry_schema(schema: GraphQLSchema) -> strawberry.Schema:
    """The strawberry schema that built a graphql-core schema."""
    built: strawberry.Schema = schema._strawberry_schema  # type: ignore[attr-defined]
    return built


def convert_arguments(schema: strawberry.Schema, definition: Any, raw: dict[str, Any]) -> dict[str, Any]:
    """A field's coerced arguments (GraphQL names) as its resolver takes them (Python names, enums, input types)."""
    converted: dict[str, Any] = _convert_arguments(
        raw, definition.arguments, scalar_registry=schema.schema_converter.scalar_registry, config=schema.config
    )
    return converted
