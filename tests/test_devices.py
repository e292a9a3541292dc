"""The data-acquisition device (数采仪), the label added from its row model, its edges and its access entry alone:
loaded from devices.csv with its links, idempotent, refused when it names an outlet nobody has, read both ways in
GraphQL and found by its MN."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.db import Database
from loaders.load import LoadRejected, load
from tests.conftest import DATA, q, wipe
from tests.test_api import data

# beyond the inner loop (`pytest -m "not slow"`): the whole suite runs it
pytestmark = pytest.mark.slow

MN = "91130207123456788DDA001"


@pytest.fixture(scope="module")
def graph(db: Database) -> Database:
    wipe(db)
    load(db, DATA / "small")
    load(db, DATA / "crossregion")
    return db


@pytest.fixture(scope="module")
def client(graph: Database, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def test_devices_load_with_their_outlet_and_site_links(graph: Database) -> None:
    assert q(
        graph,
        "MATCH (d:Device) OPTIONAL MATCH (o:Outlet)-[:HAS_DEVICE]->(d) OPTIONAL MATCH (s:Site)-[:HAS_DEVICE]->(d) "
        "RETURN d.mn AS mn, d.maker AS maker, d.pollutants AS pollutants, o.key AS outlet, s.key AS site, "
        "d._src IS NOT NULL AS traced ORDER BY mn",
    ) == [
        {
            "mn": "91130207123456788DDA001",
            "maker": "聚光科技",
            "pollutants": ["a21026", "a21002", "a34013"],
            "outlet": "91130207123456788D:DA001",
            "site": None,
            "traced": True,
        },
        {
            "mn": "91130207123456788S2DW009",
            "maker": "先河环保",
            "pollutants": [],
            "outlet": "91130207123456788D/S2:DW009",
            "site": "91130207123456788D/S2",
            "traced": True,
        },
        {
            "mn": "913101177654321208DW001",
            "maker": "雪迪龙",
            "pollutants": ["w01018", "w21003"],
            "outlet": "913101177654321208:DW001",
            "site": None,
            "traced": True,
        },
    ]


def test_loading_devices_again_changes_nothing(graph: Database) -> None:
    before = q(graph, "MATCH (d:Device)-[r]-() RETURN count(DISTINCT d) AS devices, count(r) AS links")
    summary = load(graph, DATA / "small")
    devices = next(f for f in summary.files if f.file == "devices.csv")
    assert (devices.rows_read, devices.rows_written, devices.nodes_created) == (2, 2, 0)
    assert q(graph, "MATCH (d:Device)-[r]-() RETURN count(DISTINCT d) AS devices, count(r) AS links") == before


def test_devices_in_graphql_both_ways_and_in_search(client: TestClient) -> None:
    got = data(
        client,
        f"""{{ search(text: "{MN.lower()}") {{ __typename ... on Device {{ mn maker installedOn
                 outlet {{ code enterprise {{ uscc }} devices {{ totalCount nodes {{ mn }} }} }} site {{ key }} }} }}
             site: search(text: "91130207123456788S2DW009") {{
               ... on Device {{ site {{ key devices {{ nodes {{ mn }} }} }} }} }}
          }}""",
    )
    assert got["search"] == [
        {
            "__typename": "Device",
            "mn": MN,
            "maker": "聚光科技",
            "installedOn": "2021-06-01",
            "outlet": {
                "code": "DA001",
                "enterprise": {"uscc": "91130207123456788D"},
                "devices": {"totalCount": 1, "nodes": [{"mn": MN}]},
            },
            "site": None,
        }
    ]
    assert got["site"] == [
        {"site": {"key": "91130207123456788D/S2", "devices": {"nodes": [{"mn": "91130207123456788S2DW009"}]}}}
    ]


# Last: it starts from an empty database.
def test_a_device_naming_an_unknown_outlet_is_refused_with_its_row(empty_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA / "small", folder)
    with (folder / "devices.csv").open("a", encoding="utf-8") as fh:
        fh.write("91130207123456788D,,91130207123456788DDA999,DA999,聚光科技,,,\n")
    with pytest.raises(LoadRejected) as refused:
        load(empty_db, folder)
    errors = [e for e in refused.value.validation.all_errors() if e.file == "devices.csv"]
    assert [(e.row, e.column) for e in errors] == [(3, "outlet_code")], errors
    assert q(empty_db, "MATCH (d:Device) RETURN count(d) AS n") == [{"n": 0}]  # nothing half-written
