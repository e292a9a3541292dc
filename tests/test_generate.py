"""The sample-data generator: deterministic, valid in the loaders' layout, linear, with a true manifest."""

import csv
import hashlib
import json
from pathlib import Path

import pytest

from graph import codes
from loaders.layout import LAYOUT
from loaders.load import validate
from loaders.tables import names
from sample.generate import PROBLEMS, Params, generate

pytestmark = pytest.mark.slow  # a server, a browser, a restart or a generated graph: `pytest -m "not slow"` skips it


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    generate(Params(enterprises=120, seed=7, days=120, problem_rate=0.1), out)
    return out


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_same_seed_same_bytes_other_seed_other_bytes(sample: Path, tmp_path: Path) -> None:
    generate(Params(enterprises=120, seed=7, days=120, problem_rate=0.1), tmp_path / "again")
    generate(Params(enterprises=120, seed=8, days=120, problem_rate=0.1), tmp_path / "other")
    assert _digest(tmp_path / "again") == _digest(sample)
    assert _digest(tmp_path / "other") != _digest(sample)


def test_every_file_of_the_layout_is_written_and_validates(sample: Path) -> None:
    assert {spec.name for spec in LAYOUT} <= {p.name for p in sample.iterdir()}
    result = validate(sample)
    assert result.invalid == 0, result.errors[:5]
    assert result.rows > 10_000


def test_identifiers_are_real_and_only_the_injected_ones_fail(sample: Path) -> None:
    manifest = json.loads((sample / "manifest.json").read_text())
    flagged = {p["enterprise_uscc"] for p in manifest["problems"]["bad_check_digit"]}
    enterprises = _rows(sample, "enterprises.csv")
    bad = {e["uscc"] for e in enterprises if not codes.is_valid_uscc(e["uscc"])}
    assert bad == flagged and bad, "bad check digits are exactly the documented ones"
    assert {e["region_code"] for e in enterprises} <= set(names("regions"))
    assert {e["industry_code"] for e in enterprises} <= set(names("industries"))
    for permit in _rows(sample, "permits.csv"):
        assert permit["number"][:18] == permit["enterprise_uscc"] and len(permit["number"]) == 22
    for outlet in _rows(sample, "outlets.csv"):
        assert codes.OUTLET_RE.match(outlet["code"])


def test_groups_have_subsidiaries_that_point_at_existing_parents(sample: Path) -> None:
    enterprises = _rows(sample, "enterprises.csv")
    usccs = {e["uscc"] for e in enterprises}
    parents = [e["parent_uscc"] for e in enterprises if e["parent_uscc"]]
    assert parents and set(parents) <= usccs


def test_manifest_problems_are_in_the_files(sample: Path) -> None:
    manifest = json.loads((sample / "manifest.json").read_text())
    assert set(manifest["problems"]) == set(PROBLEMS)
    assert all(manifest["problems"][p] for p in PROBLEMS), "rate 0.1 on 120 enterprises injects every kind"
    values = {
        (r["enterprise_uscc"], r["outlet_code"], r["pollutant_code"], r["date"]): float(r["value"])
        for r in _rows(sample, "monitoring.csv")
    }
    for p in manifest["problems"]["concentration_exceedance"]:
        v = values[(p["enterprise_uscc"], p["outlet_code"], p["pollutant_code"], p["date"])]
        assert v == p["value"] and (v > p["limit"] or p["pollutant_code"] == "w01001")
    limited = {(r["permit_number"][:18], r["outlet_code"]) for r in _rows(sample, "permit_limits.csv")}
    for p in manifest["problems"]["outlet_without_limit"]:
        assert (p["enterprise_uscc"], p["outlet_code"]) not in limited


def test_rows_grow_linearly_with_enterprises(tmp_path: Path) -> None:
    small = generate(Params(enterprises=100, seed=3, days=60), tmp_path / "a")
    large = generate(Params(enterprises=400, seed=3, days=60), tmp_path / "b")
    ratio = sum(large.counts.values()) / sum(small.counts.values())
    assert 3.2 < ratio < 4.8, ratio


def test_density_thins_automatic_monitoring(tmp_path: Path) -> None:
    full = generate(Params(enterprises=80, seed=5, days=90, density=1.0), tmp_path / "full")
    thin = generate(Params(enterprises=80, seed=5, days=90, density=0.25), tmp_path / "thin")
    assert thin.counts["monitoring.csv"] < full.counts["monitoring.csv"] * 0.45
