"""schema.graphql in the repository is the schema the code serves (a drift fails here)."""

from pathlib import Path

from api.app import build_schema
from api.settings import Settings
from schema.internals import graphql_schema

ROOT = Path(__file__).parent.parent


def test_schema_file_matches_the_code() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == str(build_schema(Settings())) + "\n", "schema.graphql is stale: run `permitgraph schema`"


def test_every_type_and_field_is_described() -> None:
    schema = graphql_schema(build_schema(Settings()))
    missing = []
    for name, gtype in schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID", "Date", "Query"}:
            continue
        fields = getattr(gtype, "fields", None)
        if not gtype.description and not name.endswith(("Connection", "Edge")):
            missing.append(name)
        for fname, field in (fields or {}).items():
            if not field.description and name not in {"PageInfo"} and not name.endswith(("Connection", "Edge")):
                missing.append(f"{name}.{fname}")
    assert missing == []
