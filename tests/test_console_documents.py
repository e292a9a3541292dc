"""Every GraphQL document the console sends is valid against the schema the API serves: a renamed or removed field
fails here, in a unit test, rather than in a browser on a page nobody opened. The documents are read from the
console's own source (each `const NAME = \\`query …\\``, and every literal document sent inline)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from api.app import build_schema
from api.settings import Settings
from schema.internals import graphql_schema

CONSOLE = Path(__file__).resolve().parent.parent / "api" / "static" / "console"
NAMED = re.compile(r"const ([A-Z_]+) = `((?:query|mutation)\b[^`]*)`")
INLINE = re.compile(r"""query: "(\{[^"]*\})\"""")


def documents() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(CONSOLE.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        for name, document in NAMED.findall(text):
            found[f"{path.name}:{name}"] = document
        for i, document in enumerate(INLINE.findall(text)):
            found[f"{path.name}:inline{i}"] = document
    return found


DOCUMENTS = documents()


def test_the_console_sends_documents_this_test_reads() -> None:
    names = {n.split(":")[1] for n in DOCUMENTS}
    assert {"SEARCH", "ENTERPRISE", "OUTLET", "SERIES", "PERMIT", "FINDING", "DASHBOARD", "DISCLOSURES"} <= names
    assert all("${" not in d for d in DOCUMENTS.values()), "a document built by interpolation cannot be checked"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_console_document_is_valid_against_the_schema(name: str) -> None:
    schema = graphql_schema(build_schema(Settings()))
    errors = validate(schema, parse(DOCUMENTS[name]))
    assert not errors, [e.message for e in errors]
