"""Absence is judged within each enterprise's record — as far as the source its monitoring came from goes: an export
that simply ends earlier than another is no monitoring gap, while an enterprise that stops inside its source's
extent, or an outlet that stops while the enterprise's others go on, has one."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import checks
from graph.db import Database
from tests.conftest import wipe

GRAPH = """
UNWIND $outlets AS x
MERGE (e:Enterprise {uscc: x.uscc}) SET e.management_class = 'key', e.name = x.uscc, e.region_code = '130207'
MERGE (p:Permit {number: x.uscc + '001P'})
  SET p.status = 'valid', p.valid_from = date('2023-01-01'), p.valid_to = date('2028-12-31')
MERGE (e)-[:HOLDS]->(p)
CREATE (e)-[:HAS_OUTLET]->(o:Outlet {key: x.uscc + ':' + x.code, code: x.code, kind: 'main', medium: 'air'})
WITH o, x
UNWIND range(1, x.months) AS i
CREATE (o)-[:HAS_SERIES]->(:MonitoringMonth {key: o.key + ':' + toString(i), month: date({year: 2024, month: i}),
  method: 'auto', pollutant: 'a21026', count: 28, _load: x.load})
"""
# two sources, as their loads noted them: one export goes to June, the other ends in March
LOADS = "UNWIND $loads AS l CREATE (:LoadRun {id: l.id, status: 'complete', monitoring_until: date(l.until)})"
OUTLETS = [
    {"uscc": "LONG", "code": "DA001", "months": 6, "load": "JUNE"},  # its source runs January–June
    {"uscc": "SHORT", "code": "DA001", "months": 3, "load": "MARCH"},  # its source ends in March: no gap
    {"uscc": "SHORT", "code": "DA002", "months": 3, "load": "MARCH"},
    {"uscc": "STOPPED", "code": "DA001", "months": 5, "load": "JUNE"},  # stops in May, its source goes to June …
    {"uscc": "STOPPED", "code": "DA002", "months": 2, "load": "JUNE"},  # … and this outlet after February
    {"uscc": "UNTRACED", "code": "DA001", "months": 4, "load": None},  # no load noted: its own last month
]


@pytest.mark.slow
def test_monitoring_gaps_are_judged_within_each_enterprises_record(empty_db: Database) -> None:
    wipe(empty_db)
    empty_db.driver.execute_query(GRAPH, outlets=OUTLETS, database_=empty_db.database)
    loads = [{"id": "JUNE", "until": "2024-06-01"}, {"id": "MARCH", "until": "2024-03-01"}]
    empty_db.driver.execute_query(LOADS, loads=loads, database_=empty_db.database)
    summary = checks.check(empty_db, ["monitoring_gap"], as_of=dt.date(2024, 8, 1))
    assert summary.failed_rules == []
    rows = empty_db.driver.execute_query(
        "MATCH (f:Finding {rule: 'monitoring_gap'}) RETURN f.key AS key, f.period AS period ORDER BY key",
        database_=empty_db.database,
    )
    assert [r.data() for r in rows.records] == [
        {"key": "monitoring_gap:STOPPED:DA001", "period": "2024-06-01/2024-06-01"},
        {"key": "monitoring_gap:STOPPED:DA002", "period": "2024-03-01/2024-06-01"},
    ]
