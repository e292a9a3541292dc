"""Facilities identified by any id (a source's UUIDs), the chain's direction from what each end is, and treatment
in series (production → treatment → treatment → outlet), loaded and traced on the real graph."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.db import Database
from loaders.load import load, validate
from schema import ids
from tests.conftest import DATA, wipe

U = "91310104MA1K2C1A97"
BOILER = "5F0C2A8E-1B7D-4C3E-9A61-2D4F8B7E0C11"  # ids compare upper-cased
SCR = "9A3E77C2-55D0-4F1B-8C2E-6B1D0E4A9F20"
SCRUBBER = "C41B0D9E-2F6A-4E83-B7D5-0A9E3C6F1B42"


@pytest.fixture(scope="module")
def series(db: Database, settings: Settings) -> Iterator[TestClient]:
    wipe(db)
    load(db, DATA / "series")
    with TestClient(create_app(settings)) as client:
        yield client


def _data(client: TestClient, query: str, **variables: object) -> dict[str, object]:
    body = client.post("/graphql", json={"query": query, "variables": variables}).json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


@pytest.mark.slow
def test_treatment_in_series_is_traced_in_order(series: TestClient) -> None:
    q = """query($u: String!) { outletTrace(uscc: $u, outletCode: "DA001") { treatmentFacilities { nodes {
        code productionFacilities { nodes { code } }
        upstream { nodes { code productionFacilities { nodes { code } } upstream { totalCount } } } } } } }"""
    trace = _data(series, q, u=U)["outletTrace"]
    assert trace == {
        "treatmentFacilities": {
            "nodes": [
                {
                    "code": SCRUBBER,
                    "productionFacilities": {"nodes": []},
                    "upstream": {
                        "nodes": [
                            {
                                "code": SCR,
                                "productionFacilities": {"nodes": [{"code": BOILER}]},
                                "upstream": {"totalCount": 0},
                            }
                        ]
                    },
                }
            ]
        }
    }


@pytest.mark.slow
def test_the_drawn_chain_holds_the_whole_series(series: TestClient) -> None:
    q = "query($id: ID!) { traceGraph(id: $id) { edges { type source target } } }"
    graph = _data(series, q, id=ids.encode("Outlet", f"{U}:DA001"))["traceGraph"]
    edges = {(e["type"], ids.decode(e["source"])[1], ids.decode(e["target"])[1]) for e in graph["edges"]}  # type: ignore[index]
    assert {
        ("FEEDS", f"{U}:{BOILER}", f"{U}:{SCR}"),
        ("FEEDS", f"{U}:{SCR}", f"{U}:{SCRUBBER}"),
        ("DISCHARGES_TO", f"{U}:{SCRUBBER}", f"{U}:DA001"),
    } <= edges


def test_a_link_between_ids_needs_to_say_what_its_ends_are(tmp_path: Path) -> None:
    folder = tmp_path / "series"
    shutil.copytree(DATA / "series", folder)
    flows = folder / "flows.csv"
    lines = flows.read_text(encoding="utf-8").splitlines()
    flows.write_text("\n".join([*lines, f"{U},{BOILER},{SCR},,"]) + "\n", encoding="utf-8")
    (error,) = validate(folder).errors
    assert (error.row, error.expected) == (
        4,
        f"a flow goes production→treatment(→treatment)→outlet; found production ({BOILER}) → production ({SCR})",
    )
