"""The query catalog matches the files in queries/ and the names the code uses."""

import re
from pathlib import Path

from graph.catalog import catalog
from graph.checks import rules
from graph.generated import generated_queries
from graph.relations import locate_query_name, placed_labels
from graph.writes import UPSERTS, all_upserts, upsert_queries
from schema.fields import RELATION_QUERIES
from schema.node_types import GET_QUERIES

ROOT = Path(__file__).resolve().parent.parent
USES = re.compile(
    r"""(?:read|write)\(\s*"([a-z_]+)"|"((?:merge|link|derive|list|get|find|aggregate|trace|search|close|count)_[a-z_]+)\""""
)


def _names_used_in(folders: list[str]) -> set[str]:
    names: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for m in USES.finditer(path.read_text(encoding="utf-8")):
                names.add(m.group(1) or m.group(2))
    return names


def test_every_file_is_in_the_catalog_and_documented() -> None:
    files = {p.stem for p in (ROOT / "queries").glob("*.cypher")}
    generated = set(generated_queries()) | set(upsert_queries())
    assert set(catalog()) == files | generated
    assert not files & generated  # a query is a file or generated, never both
    for q in catalog().values():
        assert q.summary, f"{q.name}: header must say what it answers"
        assert q.params, f"{q.name}: header must list its parameters"
        assert re.fullmatch(r"[a-z]+_[a-z_]+", q.name), f"{q.name}: verb_noun"


def test_every_name_the_code_uses_exists_and_every_query_is_used() -> None:
    used = (
        _names_used_in(["api", "graph", "loaders", "schema"])
        | {r.query for r in rules()}
        | set(GET_QUERIES.values())
        | RELATION_QUERIES
        | {locate_query_name(label) for label in placed_labels()}  # schema/guard.py, for region scope
        | {u.name for u in all_upserts()[len(UPSERTS) :]}  # derived: loaders/plans.py names them from the row model
    )
    assert used - set(catalog()) == set()
    assert set(catalog()) - used - _names_used_in(["tests", "bench"]) == set()


def test_every_rule_declares_its_id_severity_and_article() -> None:
    found = rules()
    assert len(found) == len([n for n in catalog() if n.startswith("check_")]) >= 10
    for rule in found:
        assert rule.severity in {"critical", "high", "medium", "low"}, rule
        assert rule.article and rule.summary, rule
        if rule.scope == "region":  # judged on a whole region at once
            assert "region" in catalog()[rule.query].params, f"{rule.query} must take the region checked"
        else:
            assert rule.scope == "enterprise", rule
            assert "usccs" in catalog()[rule.query].params, f"{rule.query} must check a batch of enterprises"
