"""The group is the whole ownership tree: from any member, the group's violation chain holds every member's
violations at any depth — the top company's, a grandchild's, a cousin's — and a cycle in the data ends it."""

from __future__ import annotations

import pytest

from graph.db import Database

# top ← mid ← grandchild; top ← sibling ← cousin; outsider on its own; loop1 ⇄ loop2 (bad data) ← loopchild
TREE = """
UNWIND $companies AS c
CREATE (e:Enterprise {uscc: c.uscc, name: c.uscc})
WITH e, c
UNWIND range(1, c.violations) AS i
CREATE (:Violation {id: c.uscc + '-V' + toString(i), date: date('2024-01-01') + duration({days: i})})
  -[:COMMITTED_BY]->(e)
"""
LINKS = [
    ("MID", "TOP"),
    ("GRANDCHILD", "MID"),
    ("SIBLING", "TOP"),
    ("COUSIN", "SIBLING"),
    ("LOOP1", "LOOP2"),
    ("LOOP2", "LOOP1"),
    ("LOOPCHILD", "LOOP1"),
]
VIOLATIONS = {"TOP": 1, "MID": 0, "GRANDCHILD": 1, "SIBLING": 0, "COUSIN": 2, "OUTSIDER": 1}
VIOLATIONS |= {"LOOP1": 1, "LOOP2": 0, "LOOPCHILD": 1}
TREE_MEMBERS = ("TOP", "MID", "GRANDCHILD", "SIBLING", "COUSIN")


@pytest.fixture(scope="module")
def groups(db: Database) -> Database:
    from tests.conftest import wipe

    wipe(db)
    companies = [{"uscc": k, "violations": v} for k, v in VIOLATIONS.items()]
    db.driver.execute_query(TREE, companies=companies, database_=db.database)
    db.driver.execute_query(
        "UNWIND $links AS l MATCH (a:Enterprise {uscc: l[0]}), (b:Enterprise {uscc: l[1]}) "
        "CREATE (a)-[:SUBSIDIARY_OF]->(b)",
        links=[list(link) for link in LINKS],
        database_=db.database,
    )
    return db


def _group(db: Database, uscc: str) -> tuple[int, list[str]]:
    (row,) = db.read("list_group_violation_chains_of_enterprises", keys=[uscc], offset=0, first=100)
    return row["total"], sorted(n["id"] for n in row["nodes"])


def test_each_violation_says_its_path_down_the_tree(groups: Database) -> None:
    (row,) = groups.read("list_group_violation_chains_of_enterprises", keys=["MID"], offset=0, first=100)
    assert [(n["id"], n["group_path"]) for n in row["nodes"]] == [  # newest first
        ("COUSIN-V2", ["TOP", "SIBLING", "COUSIN"]),
        ("COUSIN-V1", ["TOP", "SIBLING", "COUSIN"]),  # the same day: by id
        ("GRANDCHILD-V1", ["TOP", "MID", "GRANDCHILD"]),
        ("TOP-V1", ["TOP"]),
    ]
    (page,) = groups.read("list_group_violation_chains_of_enterprises", keys=["MID"], offset=4, first=10)
    assert (page["total"], page["nodes"]) == (4, [])  # past the end: the count, no items


def test_every_member_of_a_tree_sees_the_whole_tree(groups: Database) -> None:
    whole = (4, ["COUSIN-V1", "COUSIN-V2", "GRANDCHILD-V1", "TOP-V1"])
    assert {member: _group(groups, member) for member in TREE_MEMBERS} == dict.fromkeys(TREE_MEMBERS, whole)


def test_a_company_alone_is_its_own_group(groups: Database) -> None:
    assert _group(groups, "OUTSIDER") == (1, ["OUTSIDER-V1"])


def test_a_cycle_in_the_ownership_data_ends_the_walk(groups: Database) -> None:
    expected = (2, ["LOOP1-V1", "LOOPCHILD-V1"])
    assert {m: _group(groups, m) for m in ("LOOP1", "LOOP2", "LOOPCHILD")} == dict.fromkeys(
        ("LOOP1", "LOOP2", "LOOPCHILD"), expected
    )
