"""The query catalog: every `queries/*.cypher` file by name, with the header that documents it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from graph.errors import InvalidInput


@dataclass(frozen=True)
class NamedQuery:
    name: str
    text: str
    summary: str  # the header's first line, after "name:"
    params: str  # the header's "params:" line


@cache
def catalog() -> dict[str, NamedQuery]:
    """All named queries, loaded once: the files of `queries/`, the hop queries and look-ups `graph.relations`
    generates and the upserts `graph.writes` generates."""
    from graph.generated import generated_queries
    from graph.writes import upsert_queries

    queries: dict[str, NamedQuery] = {
        name: NamedQuery(name, text, summary, params)
        for name, (summary, params, text) in (generated_queries() | upsert_queries()).items()
    }
    for entry in resources.files("queries").iterdir():
        if not entry.name.endswith(".cypher"):
            continue
        name = entry.name.removesuffix(".cypher")
        if name in queries:
            raise RuntimeError(f"queries/{entry.name} repeats a generated query (graph/relations.py, writes.py)")
        text = entry.read_text(encoding="utf-8")
        header = [ln.removeprefix("//").strip() for ln in text.splitlines() if ln.startswith("//")]
        summary = header[0].split(":", 1)[1].strip() if header and ":" in header[0] else ""
        params = next((h.split(":", 1)[1].strip() for h in header if h.startswith("params:")), "")
        queries[name] = NamedQuery(name, text, summary, params)
    return queries


def query(name: str) -> str:
    """The text of a named query; an unknown name is a programming error surfaced as InvalidInput."""
    try:
        return catalog()[name].text
    except KeyError:
        raise InvalidInput(f"no named query {name!r}") from None
