"""Hostile and unlucky requests, as bodies ready to POST to /graphql: the ones issue 12 found, and a seeded
family of generated ones (fragment graphs, aliases, nested lists, deep JSON). Shared by tests/test_hostile.py
and bench/hostile.py."""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass

TRACE = """query($u: String!, $c: String!) { outletTrace(uscc: $u, outletCode: $c) { code compliant
  treatmentFacilities { nodes { code productionFacilities { nodes { code eiaApprovals { nodes { docNumber } } } } } }
  permits { nodes { number } } limits { nodes { pollutantCode concentrationMax } }
  exceedances(first: 5) { totalCount nodes { date value } } } }"""


@dataclass(frozen=True)
class Hostile:
    name: str
    body: bytes
    content_type: str = "application/json"


def _post(query: str, variables: dict[str, object] | None = None, operation: str | None = None) -> bytes:
    payload: dict[str, object] = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    if operation is not None:
        payload["operationName"] = operation
    return json.dumps(payload).encode()


def fragment_bomb(levels: int) -> str:
    """Each fragment spreads the next twice: 2^levels fields once expanded, from a document of ~45 bytes a level."""
    frags = [f"fragment F{i} on Outlet {{ code ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    frags.append(f"fragment F{levels} on Outlet {{ name }}")
    return "{ outlets { nodes { ...F0 } } }\n" + "\n".join(frags)


def walk(levels: int, page: int | None = None) -> str:
    """outlet → monitoring → outlet → monitoring …: no aliases, within the depth limit, 20^levels objects."""
    first = f"(first: {page})" if page is not None else ""
    inner = "code"
    for _ in range(levels):
        inner = f"code monitoring{first} {{ nodes {{ key outlet {{ {inner} }} }} }}"
    return f"{{ outlets{first} {{ nodes {{ {inner} }} }} }}"


def aliases_through_fragment(aliases: int, levels: int) -> str:
    """`aliases` aliased root fields, each spreading one fragment that walks `levels` lists."""
    fields = " ".join(f"a{i}: outlets(first: 100) {{ nodes {{ ...W }} }}" for i in range(aliases))
    inner = "code"
    for _ in range(levels):
        inner = f"monitoring(first: 100) {{ nodes {{ key days {{ date value }} outlet {{ {inner} }} }} }}"
    return f"{{ {fields} }}\nfragment W on Outlet {{ {inner} }}"


def introspection_bomb(levels: int) -> str:
    inner = "name"
    for _ in range(levels):
        inner = f"name fields {{ name type {{ {inner} }} }}"
    return f"{{ __schema {{ types {{ {inner} }} }} }}"


def cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"o:{position}".encode()).decode()


def known() -> list[Hostile]:
    """The requests the issue names, one each."""
    deep_json = b'{"query": "{ counts { label } }", "variables": {"x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}"
    return [
        Hostile("fragment bomb, 40 levels", _post(fragment_bomb(40))),
        Hostile("outlet/monitoring walk, 3 levels", _post(walk(3))),
        Hostile("outlet/monitoring walk, pages of 100", _post(walk(3, 100))),
        Hostile("30 aliases through one fragment", _post(aliases_through_fragment(30, 2))),
        Hostile("introspection nested 5 deep", _post(introspection_bomb(5))),
        Hostile("body not UTF-8", b'{"query": "{ counts { label } }", "x": "\xff\xfe"}'),
        Hostile("body is JSON null", b"null"),
        Hostile("body is a JSON string", b'"{ counts { label } }"'),
        Hostile("body nests JSON 100,000 deep", deep_json),
        Hostile("batch of requests", b'[{"query": "{ counts { label } }"}]'),
        Hostile("query is not a string", b'{"query": 17}'),
        Hostile("variables is a list", b'{"query": "{ counts { label } }", "variables": [1]}'),
        Hostile(
            "body of 1 MB", _post("query($t: String!) { search(text: $t) { __typename } }", {"t": "x" * 1_000_000})
        ),
        Hostile(
            "argument of 100 KB", _post("{ search(text: " + json.dumps("x" * 100_000) + ", first: 1) { __typename } }")
        ),
        Hostile(
            "variable of the wrong type, 100 KB",
            _post("query($n: Int) { outlets(first: $n) { totalCount } }", {"n": "x" * 100_000}),
        ),
        Hostile("cursor with a huge offset", _post(f'{{ outlets(after: "{cursor(10**30)}") {{ totalCount }} }}')),
        Hostile(
            "cursor past the deepest position", _post(f'{{ outlets(after: "{cursor(10**12)}") {{ totalCount }} }}')
        ),
        Hostile("cursor of 10 KB", _post(f'{{ outlets(after: "{"A" * 10_000}") {{ totalCount }} }}')),
        Hostile("two operations, no operationName", _post("query A { counts { label } } query B { counts { count } }")),
        Hostile("an operationName not in the document", _post("query A { counts { label } }", operation="B")),
        Hostile("namedQuery, first over the page cap", _post('{ namedQuery(name: "count_labels", first: 100000) }')),
        Hostile(
            "namedQuery, a page parameter of 10^9",
            _post(
                'query($p: JSON) { namedQuery(name: "find_enterprises", params: $p) }',
                {"p": {"first": 10**9, "offset": 0, "sort": "name"}},
            ),
        ),
        Hostile("brackets nested 1,000 deep", _post("{ counts " + "{ label " * 1000 + "}" * 1000 + " }")),
        Hostile(
            "list argument nested 1,000 deep", _post("{ search(text: " + "[" * 1000 + "]" * 1000 + ") { __typename } }")
        ),
        Hostile("5,000 tokens", _post("{ " + " ".join(["counts { label }"] * 1250) + " }")),
        Hostile("a mutation", _post("mutation { counts { label } }")),
        Hostile("form-encoded body", b"query=%7B+counts+%7B+label+%7D+%7D", "application/x-www-form-urlencoded"),
    ]


def generated(seed: int, count: int) -> Iterator[Hostile]:
    """A family of documents each over some limit, shaped at random: fragment graphs of random fan-out,
    aliases, walks of random page sizes, nested introspection."""
    rng = random.Random(seed)
    for i in range(count):
        kind = rng.choice(["fragments", "walk", "aliases", "introspection"])
        if kind == "fragments":
            levels = rng.randint(12, 45)
            fan = rng.randint(2, 4)
            frags = []
            for lv in range(levels):
                spreads = " ".join(f"...F{lv + 1 if k == 0 else rng.randint(lv + 1, levels)}" for k in range(fan))
                frags.append(f"fragment F{lv} on Outlet {{ code name {spreads} }}")
            frags.append(f"fragment F{levels} on Outlet {{ key }}")
            doc = f"{{ outlets(first: {rng.randint(1, 100)}) {{ nodes {{ ...F0 }} }} }}\n" + "\n".join(frags)
        elif kind == "walk":
            doc = walk(3, rng.choice([None, 50, 100]))
        elif kind == "aliases":
            doc = aliases_through_fragment(rng.randint(5, 30), rng.randint(1, 3))
        else:
            doc = introspection_bomb(rng.randint(4, 6))
        yield Hostile(f"generated #{i} ({kind})", _post(doc))
