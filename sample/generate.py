"""Deterministic, realistic sample data in the default file layout, with a manifest of injected problems.

Generation → files → `permitgraph load` is the real path; nothing here touches Neo4j. Each enterprise draws
from its own RNG seeded by (seed, index), so output is identical for a seed and generation streams: time
and memory grow linearly with the number of enterprises (monitoring rows are written as they are drawn).

Injected problems (each with probability `problem_rate` per eligible enterprise, listed in manifest.json):
- concentration_exceedance: 1–3 daily values of an auto-monitored series above its permitted limit
  (pH: outside 6–9); every other value stays at or below 95% of its limit;
- amount_exceedance: annual actual emission in the execution report above the permitted annual amount;
- expired_permit_discharging: the permit expires inside the monitoring period, not renewed, monitoring goes on;
- overdue_report: an execution report filed after its due date, or not at all by `as_of`;
- eia_amount_exceeded: a permitted annual amount above the amount the EIA approval allowed;
- outlet_without_limit: a general outlet with no permitted limit;
- hazardous_waste_unlicensed: a waste transfer to an operator without a licence, with an expired licence,
  or whose licence does not cover the waste's HW category;
- bad_check_digit: an enterprise whose USCC fails its check digit (kept and flagged by the loader);
- untreated_outlet: a main outlet fed straight from its production facility, its treatment facility bypassed;
- quota_exceeded: a key-class enterprise's total-amount quota for a controlled pollutant, allocated below its
  permitted amount or sold below it in an emissions trade (its actual emission may exceed it too);
- regional_quota_exceeded: a county's or prefecture's quota below the sum of its enterprises' permitted amounts.
Quota problems list every basis (permitted, actual) whose amount is above the quota held, so the manifest stays
exact whatever the draws.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from graph import codes
from loaders.layout import LAYOUT, MANIFEST
from loaders.tables import region_name
from sample.world import Profile, world

PROBLEMS = (
    "concentration_exceedance",
    "amount_exceedance",
    "expired_permit_discharging",
    "overdue_report",
    "eia_amount_exceeded",
    "outlet_without_limit",
    "hazardous_waste_unlicensed",
    "bad_check_digit",
    "untreated_outlet",
    "quota_exceeded",
    "regional_quota_exceeded",
)
# The pollutants under national total-amount control 总量控制 (COD, NH3-N, SO2, NOx): they get quotas.
CONTROLLED = ("w01018", "w21003", "a21026", "a21002")
BUYERS_KEPT = 64  # recent clean quota holders per pollutant that a seller can trade with
# The world the generator draws from is data: sample/data/generator.toml (read once, typed in sample/world.py).
_WORLD = world()
PROFILES: tuple[Profile, ...] = _WORLD.profiles
OPERATOR: Profile = _WORLD.operator
PROVINCE_ABBR = _WORLD.province_abbr
PROVINCE_CENTRE = _WORLD.province_centre  # rough centre (lon, lat) of each province, to place enterprises plausibly
NAME_WORDS = _WORLD.name_words
_DUST, _SO2, _NOX = "a34013", "a21026", "a21002"
OPERATOR_EVERY = 40  # every 40th enterprise (index ≡ 1) is a licensed hazardous-waste operator
GROUP_EVERY = 20  # every 20th enterprise heads a group; the next 3 are its subsidiaries
HW_CATEGORIES = ("HW08", "HW18", "HW45", "HW49", "HW50")
AIR_HOURS = 8000.0  # operating hours a year, for annual amounts
WATER_DAYS = 330.0


@dataclass
class Params:
    enterprises: int
    seed: int = 42
    start: dt.date = dt.date(2024, 1, 1)
    days: int = 366
    density: float = 1.0  # share of days in the period with an automatic-monitoring value
    problem_rate: float = 0.05

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)

    @property
    def as_of(self) -> dt.date:
        """The extract date: two months after the period, so annual reports are due."""
        return self.end + dt.timedelta(days=60)


@dataclass
class Manifest:
    params: dict[str, Any]
    problems: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {p: [] for p in PROBLEMS})
    counts: dict[str, int] = field(default_factory=dict)


def uscc_of(p: Params, i: int) -> str:
    """Enterprise i's USCC; a `problem_rate` share (never operators) fail their check digit on purpose."""
    seed, region = p.seed, region_of(p.seed, i)
    rng = random.Random(f"{seed}:uscc:{i}")
    serial = ""
    n = i
    alphabet = codes.USCC_ALPHABET  # the organisation code inside a USCC uses the USCC alphabet
    for _ in range(5):  # the index in base 31 makes every USCC unique (up to 28 million)
        n, r = divmod(n, len(alphabet))
        serial = alphabet[r] + serial
    body = "".join(rng.choice(alphabet[:10]) for _ in range(3)) + serial
    uscc = codes.make_uscc("91", region, body)
    if i % OPERATOR_EVERY != 1 and rng.random() < p.problem_rate:
        uscc = uscc[:17] + alphabet[(alphabet.index(uscc[17]) + 1) % len(alphabet)]
    return uscc


def region_of(seed: int, i: int) -> str:
    return random.Random(f"{seed}:region:{i}").choice(world().counties)


def licence_of(seed: int, i: int, uscc: str, region: str, start: dt.date) -> dict[str, Any]:
    rng = random.Random(f"{seed}:licence:{i}")
    cats = sorted(rng.sample(HW_CATEGORIES, rng.randint(2, 4)))
    valid_from = start - dt.timedelta(days=rng.randint(200, 1400))
    return {
        # national guideline: province 2 + city 2 + county 2 + serial 4
        "number": f"{region}{i // OPERATOR_EVERY % 10000:04d}",
        "holder_uscc": uscc,
        "authority": f"{region_name(region[:2] + '0000')}生态环境厅",
        "categories": cats,
        "methods": ["收集", "贮存", "处置"],
        "scale_tpa": float(rng.choice([5000, 10000, 20000, 30000])),
        "valid_from": valid_from,
        "valid_to": valid_from + dt.timedelta(days=5 * 365 - 1),
    }


class Writers:
    """One CSV writer per layout file, opened once."""

    def __init__(self, out: Path, stack: ExitStack) -> None:
        self.writers: dict[str, Any] = {}
        self.counts: dict[str, int] = {}
        for spec in LAYOUT:
            fh: TextIO = stack.enter_context((out / spec.name).open("w", newline="", encoding="utf-8"))
            w = csv.writer(fh)
            w.writerow(spec.columns)
            self.writers[spec.name] = (w, spec.columns)
            self.counts[spec.name] = 0

    def row(self, name: str, values: dict[str, Any]) -> None:
        w, cols = self.writers[name]
        w.writerow([cell(values.get(c)) for c in cols])
        self.counts[name] += 1

    def raw(self, name: str, values: list[Any]) -> None:
        """Fast path for monitoring rows, already in column order (the optional columns after them left empty, so
        that every row has the header's width, as the loader's fast path wants)."""
        w, cols = self.writers[name]
        w.writerow(values + [""] * (len(cols) - len(values)) if len(values) < len(cols) else values)
        self.counts[name] += 1


def cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ";".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def generate(params: Params, out: Path, progress: Callable[[int], None] | None = None) -> Manifest:
    """Write the sample files and manifest.json into `out`; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(params={k: str(v) for k, v in asdict(params).items()} | {"as_of": str(params.as_of)})
    # Operators' licences are drawn once, up front, so that every generator can pick a receiver: O(N/40).
    licences = {
        op: licence_of(params.seed, op, uscc_of(params, op), region_of(params.seed, op), params.start)
        for op in range(1, params.enterprises, OPERATOR_EVERY)
    }
    from sample.enterprise import EnterpriseGenerator  # it builds on this module's types: import late

    book = QuotaBook()
    with ExitStack() as stack:
        w = Writers(out, stack)
        for i in range(params.enterprises):
            EnterpriseGenerator(params, i, licences, w, manifest, book).write()
            if progress is not None:
                progress(1)
        _regional_quotas(params, book, w, manifest)
        manifest.counts = dict(w.counts)
    (out / MANIFEST).write_text(json.dumps(asdict(manifest), ensure_ascii=False, indent=1, default=str), "utf-8")
    return manifest


@dataclass
class QuotaBook:
    """What quota generation carries from enterprise to enterprise."""

    sums: dict[tuple[str, str], list[float]] = field(default_factory=dict)  # (region, pollutant) → permitted, actual
    buyers: dict[str, list[str]] = field(default_factory=dict)  # pollutant → recent clean quota holders


def _regional_quotas(p: Params, book: QuotaBook, w: Writers, manifest: Manifest) -> None:
    """A quota per county and prefecture and controlled pollutant, above the sum of its units' permitted and
    actual amounts — except a `problem_rate` share, set below the permitted sum."""
    year = p.start.year
    for (region, code), (permitted, actual) in sorted(book.sums.items()):
        rng = random.Random(f"{p.seed}:regional-quota:{region}:{code}")
        if rng.random() < p.problem_rate:
            amount = round(permitted * rng.uniform(0.8, 0.95), 3)
        else:
            amount = round(max(permitted, actual) * rng.uniform(1.1, 1.5), 3)
        quota_id = f"ZL{year}{region}{code}"
        w.row(
            "quotas.csv",
            {
                "id": quota_id,
                "year": year,
                "pollutant_code": code,
                "amount_t": amount,
                "region_code": region,
                "authority": f"{region_name(region[:2] + '0000')}生态环境厅",
                "document": f"{PROVINCE_ABBR[region[:2]]}环总量〔{year - 1}〕{region}号",
            },
        )
        for basis, value in (("permitted", permitted), ("actual", actual)):
            if value > amount:
                manifest.problems["regional_quota_exceeded"].append(
                    {
                        "region_code": region,
                        "quota_id": quota_id,
                        "pollutant_code": code,
                        "basis": basis,
                        "amount_t": value,
                        "held_t": amount,
                    }
                )


def iter_problem_rows(manifest: Manifest) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every injected problem as (kind, facts)."""
    for kind, rows in manifest.problems.items():
        for row in rows:
            yield kind, row
