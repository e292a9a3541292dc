"""The generated regional disclosure export (sample/regional.py) loads through the shipped mapping
(loaders/mappings/regional.toml) exactly as its manifest says: every genuine defect rejected where it stands,
every other row written, the flagged rows flagged, sites apart, and every outlet's whole chain traced."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.db import Database
from loaders.load import load
from loaders.mapping import load_mapping
from loaders.report import LoadSummary
from loaders.validate import validate
from sample.regional import RegionalManifest, generate_regional
from tests.conftest import q

pytestmark = pytest.mark.slow  # a server, a browser, a restart or a generated graph: `pytest -m "not slow"` skips it

MAPPING = Path(__file__).parent.parent / "loaders" / "mappings" / "regional.toml"
COMPANIES = 40


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RegionalManifest]:
    folder = tmp_path_factory.mktemp("regional")
    manifest = generate_regional(COMPANIES, folder)
    shutil.copy(MAPPING, folder / "mapping.toml")
    return folder, manifest


@pytest.fixture(scope="module")
def loaded(db: Database, export: tuple[Path, RegionalManifest]) -> tuple[Database, LoadSummary]:
    from tests.conftest import wipe

    wipe(db)
    summary = load(db, load_mapping(export[0] / "mapping.toml"), skip_invalid=True)
    return db, summary


def test_every_genuine_defect_is_rejected_where_it_stands_and_nothing_else(
    export: tuple[Path, RegionalManifest],
) -> None:
    folder, manifest = export
    result = validate(load_mapping(folder / "mapping.toml"))
    found = sorted((e.file, e.sheet, e.row, e.column) for e in result.all_errors())
    expected = sorted((r["file"], r["sheet"], r["row"], r["column"]) for r in manifest.rejected)
    assert found == expected
    assert result.invalid == len(manifest.rejected) == 6


def test_every_other_row_is_written(
    loaded: tuple[Database, LoadSummary], export: tuple[Path, RegionalManifest]
) -> None:
    _, summary = loaded
    manifest = export[1]
    rejected: dict[str, int] = {}
    for r in manifest.rejected:
        rejected[f"{r['file']}#{r['sheet']}"] = rejected.get(f"{r['file']}#{r['sheet']}", 0) + 1
    by_sheet: dict[str, tuple[int, int, int]] = {}
    for f in summary.files:
        sheet = f.file.split(" (")[0]  # a sheet read for two entities has a line per entity
        by_sheet[f.file] = (f.rows_read, f.rows_written, f.rejected)
        rows = manifest.rows[sheet] - manifest.filtered.get(f.file, 0)
        assert f.rows_read == rows, f.file
        assert f.rejected == rejected.get(sheet, 0), f.file
        assert f.rows_written == rows - f.rejected, f.file
        assert f.unresolved == 0, f.file
    assert set(by_sheet) >= {"生产治理设施.xlsx#治理设施 (treatment_facilities)", "生产治理设施.xlsx#治理设施 (flows)"}
    # every sheet loaded (the treatment sheet twice: its facilities, and the production → treatment links)
    sheets = {f.file.split(" (")[0] for f in summary.files}
    assert sheets == set(manifest.rows)
    read_twice = manifest.rows["生产治理设施.xlsx#治理设施"] + manifest.rows["行政许可.xlsx#审批记录"]
    accepted = sum(manifest.rows.values()) - sum(manifest.filtered.values()) - len(manifest.rejected)
    assert summary.total("rows_written") == accepted + read_twice


def test_flagged_rows_are_kept_and_flagged(
    loaded: tuple[Database, LoadSummary], export: tuple[Path, RegionalManifest]
) -> None:
    db, _ = loaded
    flagged = export[1].flagged
    assert [
        r["u"] for r in q(db, "MATCH (e:Enterprise) WHERE e.uscc_problem IS NOT NULL RETURN e.uscc AS u ORDER BY u")
    ] == sorted(flagged["uscc_problem"])
    numbers = q(db, "MATCH (p:Permit) WHERE p.number_problem IS NOT NULL RETURN p.number AS n ORDER BY n")
    assert [r["n"] for r in numbers] == sorted(flagged["number_problem"])
    assumed = q(db, "MATCH (p:Permit) WHERE 'status' IN p.assumed RETURN p.number AS n, p.status AS s ORDER BY n")
    assert assumed == [{"n": n, "s": "valid"} for n in sorted(flagged["assumed"])]
    industries = q(
        db,
        "MATCH (s:Site) WHERE s.industry_problem IS NOT NULL "
        "RETURN s.key AS k, s.industry_name AS name, s.industry_code AS code ORDER BY k",
    )
    assert industries == [
        {"k": k, "name": "专用化学产品制造", "code": None} for k in sorted(flagged["industry_problem"])
    ]


def test_two_sites_of_one_company_stay_apart(
    loaded: tuple[Database, LoadSummary], export: tuple[Path, RegionalManifest]
) -> None:
    db, _ = loaded
    rows = q(
        db,
        "MATCH (e:Enterprise)-[:HAS_SITE]->(s:Site)-[:HAS_OUTLET]->(o:Outlet) WHERE e.uscc IN $multi "
        "AND o.kind IN ['main', 'general'] WITH e, collect(DISTINCT s.region_code) AS regions, "
        "count(DISTINCT o) AS outlets, collect(DISTINCT o.local_code) AS codes "
        "MATCH (e)-[:LOCATED_IN]->(r:Region) RETURN e.uscc AS u, regions, outlets, codes, collect(r.code) AS located "
        "ORDER BY u",
        multi=export[1].multi_site,
    )
    assert [r["u"] for r in rows] == sorted(export[1].multi_site)
    for r in rows:
        # both sites have the same outlet codes (FQ001 and/or WS001), and each its own outlet of each
        assert len(r["regions"]) == 2 and "320583" in r["regions"] and r["outlets"] == 2 * len(r["codes"])
        assert len(r["located"]) == 1 and r["located"][0] in r["regions"]  # the company sits where its first site is


def test_every_outlet_is_traced_through_its_treatment_in_order(
    loaded: tuple[Database, LoadSummary], export: tuple[Path, RegionalManifest]
) -> None:
    db, _ = loaded
    chains = q(
        db,
        "MATCH (o:Outlet) WHERE o.kind IN ['main', 'general'] "
        "MATCH p = (f:ProductionFacility)-[:FEEDS]->(:TreatmentFacility)-[:FEEDS*0..4]->(:TreatmentFacility)"
        "-[:DISCHARGES_TO]->(o) "
        "WITH o, p ORDER BY length(p) DESC WITH o, collect(p)[0] AS p "  # the whole chain, not a shortcut of it
        "RETURN o.key AS outlet, [n IN nodes(p)[1..-1] | n.key] AS treatment ORDER BY outlet",
    )
    expected = sorted(export[1].chains, key=lambda c: c["outlet"])
    assert chains == expected
    places = q(
        db,
        "MATCH (o:Outlet) WHERE o.kind IN ['fugitive', 'boundary'] "
        "RETURN count(o) AS n, collect(DISTINCT o.medium) AS m",
    )
    assert places[0]["n"] > COMPANIES and sorted(places[0]["m"]) == ["air", "noise"]


@pytest.fixture(scope="module")
def client(loaded: tuple[Database, LoadSummary], settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as c:
        yield c


def test_a_site_outlet_is_traced_over_graphql_by_its_local_code(
    client: TestClient, export: tuple[Path, RegionalManifest]
) -> None:
    uscc = export[1].multi_site[0]
    chain = next(c for c in export[1].chains if c["outlet"].startswith(f"{uscc}/W320583"))
    site = chain["outlet"].split("/")[1].split(":")[0]
    response = client.post(
        "/graphql",
        json={
            "query": 'query($u: String!, $s: String!) { outletTrace(uscc: $u, outletCode: "FQ001", site: $s) '
            "{ key site { site regionCode } treatmentFacilities { nodes { key upstream { nodes { key } } "
            "productionFacilities { nodes { name } } } } limits { totalCount } } }",
            "variables": {"u": uscc, "s": site},
        },
    )
    trace = response.json()["data"]["outletTrace"]
    assert trace["key"] == chain["outlet"] and trace["site"] == {"site": site, "regionCode": "320583"}
    last = trace["treatmentFacilities"]["nodes"]
    assert [n["key"] for n in last] == [chain["treatment"][-1]]
    assert [n["key"] for n in last[0]["upstream"]["nodes"]] == chain["treatment"][:-1]
    assert last[0]["productionFacilities"]["nodes"] == [{"name": "1#锅炉"}]
    assert trace["limits"]["totalCount"] == 3


def test_records_several_sheets_state_merge_into_one(
    loaded: tuple[Database, LoadSummary], export: tuple[Path, RegionalManifest]
) -> None:
    """The outlet sheet, the permit's restatement and the destination sheet state each outlet together: its name
    as the outlet sheet gives it (the mapping prefers it), its destination as the others add it, every row listed
    as its source; each settled conflict is said; rain outlets are known by the enterprise's own label."""
    db, summary = loaded
    manifest = export[1]
    outlets = q(
        db,
        "MATCH (o:Outlet) WHERE o.key IN $keys RETURN o.key AS key, [o.name, coalesce(o.destination, '')] AS nd, "
        "size(o._sources) AS sources ORDER BY key",
        keys=list(manifest.outlets),
    )
    assert {r["key"]: r["nd"] for r in outlets} == manifest.outlets
    rain = {k for k in manifest.outlets if k.endswith(":雨排-1")}
    assert rain and {r["key"]: r["sources"] for r in outlets} == {
        k: 1 if k in rain else 3 if k.endswith("WS001") or ":DW001" in k else 2 for k in manifest.outlets
    }
    (settled,) = [w for w in summary.warnings if "otherwise than" in w]
    assert settled.startswith(f"许可证信息.xlsx#许可排放口: {len(manifest.settled)} row(s) state 排放口名称")


def test_acceptances_joint_approvals_periods_and_methods_are_loaded(
    loaded: tuple[Database, LoadSummary], export: tuple[Path, RegionalManifest]
) -> None:
    db, _ = loaded
    manifest = export[1]
    acceptances = q(
        db,
        "MATCH (e)-[:ACCEPTED]->(c:CompletionAcceptance)<-[:ACCEPTED_BY]-(a:EIAApproval) "
        "RETURN c.id AS id, a.doc_number AS doc, e.uscc AS uscc ORDER BY id",
    )
    assert {r["id"]: [r["doc"], r["uscc"]] for r in acceptances} == {
        k: [doc, owner.split("/")[0]] for k, (doc, owner) in manifest.acceptances.items()
    }
    joint = q(
        db,
        "MATCH (e:Enterprise)-[:OBTAINED]->(a:EIAApproval) WHERE a.doc_number IN $docs "
        "WITH a, e ORDER BY e.uscc RETURN a.doc_number AS doc, collect(e.uscc) AS holders, a.projects AS projects",
        docs=list(manifest.joint),
    )
    assert {r["doc"]: r["holders"] for r in joint} == {k: sorted(v) for k, v in manifest.joint.items()}
    assert {tuple(r["projects"]) for r in joint} == {("配套热网工程", "二期扩建")}
    automatic = q(db, "MATCH (o:Outlet) WHERE o.auto_monitored RETURN o.key AS k ORDER BY k")
    assert [r["k"] for r in automatic] == sorted(manifest.automatic)
    periods = q(
        db,
        "MATCH (l:PermitLimit)-[:FOR_OUTLET]->(o:Outlet) WHERE l.period IN ['day', 'night'] "
        "WITH o, l ORDER BY l.period RETURN o.key AS k, collect(l.period) AS periods, "
        "collect(l.pollutant_code) AS codes, collect(l.background) AS background ORDER BY k",
    )
    assert {r["k"]: r["periods"] for r in periods} == {k: sorted(v) for k, v in manifest.periods.items()}
    assert {(tuple(r["codes"]), tuple(r["background"])) for r in periods} == {(("Ld", "Ln"), (52.5, 46.0))}
