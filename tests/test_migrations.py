"""Schema migrations on a real Neo4j: idempotent, and the constraints really hold."""

import pytest
from neo4j.exceptions import ConstraintError

from graph import migrations
from graph.db import Database


def test_second_apply_changes_nothing(db: Database) -> None:
    migrations.apply(db)
    before = db.driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n").records[0]["n"]
    assert migrations.apply(db) == []
    after = db.driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n").records[0]["n"]
    assert before == after >= len(migrations.NODE_KEYS)
    versions = migrations.applied_versions(db)
    assert versions == {m.version for m in migrations.MIGRATIONS}


def test_every_node_key_is_unique(empty_db: Database) -> None:
    empty_db.driver.execute_query("CREATE (:Outlet {key: 'X:DA001'})")
    with pytest.raises(ConstraintError):
        empty_db.driver.execute_query("CREATE (:Outlet {key: 'X:DA001'})")


def test_lookups_use_indexes_not_label_scans(db: Database) -> None:
    plan = db.driver.execute_query("EXPLAIN MATCH (o:Outlet {key: $k}) RETURN o", k="x").summary.plan
    text = str(plan)
    assert "NodeUniqueIndexSeek" in text and "NodeByLabelScan" not in text


def test_a_label_added_to_the_relation_table_gets_its_key_constraint(db: Database) -> None:
    from graph.relations import MODEL, Label

    station = Label("MonitoringStation", "code", "monitoring_stations")
    try:
        assert migrations.apply(db, (*MODEL, station)) == []  # no migration was written for it …
        names = {r["name"] for r in db.driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
        assert "monitoringstation_code_unique" in names  # … and yet its key is unique
    finally:
        db.driver.execute_query("DROP CONSTRAINT monitoringstation_code_unique IF EXISTS")
