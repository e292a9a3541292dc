"""A read's rows are exactly what the driver's `Record.data()` gives, for every kind of value a query returns."""

from __future__ import annotations

from graph.db import Database
from graph.records import row

EVERYTHING = """
CREATE (a:RowTest {name: '甲', n: 1, f: 1.5, ok: true, d: date('2024-02-29'), t: datetime('2024-01-01T08:00:00+08:00'),
  xs: [1, 2], p: point({longitude: 116.4, latitude: 39.9})})-[r:ROW_TEST {w: 2}]->(b:RowTest {name: 'b'})
WITH a, r, b
MATCH path = (a)-[:ROW_TEST]->(b)
RETURN a, r, b, path, [a, b] AS nodes, {one: a, two: [r], three: {deep: [path]}} AS nested, a.d AS day, a.t AS time,
  a.p AS place, duration('P1DT2H') AS span, null AS nothing, 'text' AS s, 7 AS i, 2.5 AS x, [[1, [2]], []] AS lists,
  {k: null} AS map, localtime('12:00') AS lt, a.xs AS xs
"""


def test_rows_equal_the_drivers_own_data(db: Database) -> None:
    with db.driver.session(database=db.database) as session:
        tx = session.begin_transaction()
        try:
            for record in tx.run(EVERYTHING):
                assert row(list(record.keys()), list(record.values())) == record.data()
                assert row(list(record.keys()), list(record.values()))["path"] == record.data()["path"]
        finally:
            tx.rollback()
