"""The generator's second layout: a regional disclosure export (地方排污许可信息公开导出), as a city's platform
gives it.

Six .xlsx workbooks with Chinese headers, loaded through `loaders/mappings/regional.toml`, with the traits of real
exports that the default layout does not have:
- the register lists discharge sites (排污单位) by local source code 污染源编码; some companies run two sites under
  one USCC, in different districts, each with its own DA001 and permit (sequence 001, 002);
- region and industry as names (徐汇区, 苏州市昆山市, 火力发电), one industry the bundled table lacks (flagged);
- outlets by local codes (FQ…/WS…/ZS…), the national HJ 608 code on only some rows; monitoring items and data
  name outlets by the local code; a boundary noise point and fugitive sources (无组织) without an outlet code;
- facilities by UUID, a treatment row naming the production facility it serves by its UUID, routes (排放去向)
  from treatment to treatment (in series) or to an outlet's local code;
- one sheet mixing EIA approvals, completion acceptances and permit records (a row filter picks the approvals),
  project names in a sibling sheet (a lookup), dates as epoch milliseconds on some rows, annual amounts in 吨, 千克
  and 万吨, older 12-character permit numbers (flagged), an empty permit status (assumed valid, flagged), a USCC
  failing its check digit (flagged);
- records several sheets state: the permit workbook restates the outlets in its own words (a name of its own on
  some, settled by the mapping's `prefer`), adding 排放去向; a destination sheet adds 排放去向 to water outlets
  (`adds`); outlet codes that fall back (national, else local, else the enterprise's own label: rain outlets);
- completion acceptances 竣工环保验收 in the mixed sheet (linked to their approval), joint approvals issued to two
  companies for further projects, noise limits by day and night with background levels, the monitoring method
  (手工/自动) per item (an automatic one makes its outlet automatically monitored);
- a few genuine defects, each rejected with its location: a site without a USCC, an outlet without any code, a
  limit with its unit typed into the number, a monitoring value with its unit typed in, a misspelt pollutant, a
  destination row naming an outlet nobody states.

`manifest.json` says exactly what must be rejected (file, sheet, row, column), flagged, filtered out and written.
Deterministic for a seed; rows grow linearly with the number of companies.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import codes

# Districts (name as exports write them, code); the last one is across the border, for second sites.
DISTRICTS = (("徐汇区", "310104"), ("上海市松江区", "310117"), ("浦东新区", "310115"), ("闵行区", "310112"))
SECOND_SITE = ("苏州市昆山市", "320583")
# (industry as written, lines: air and/or water) — the last is a group name the bundled table does not hold
INDUSTRIES = (
    ("火力发电", ("air",)),
    ("污水处理及其再生利用", ("water",)),
    ("机制纸及纸板制造", ("air", "water")),
    ("水泥制造", ("air",)),
    ("专用化学产品制造", ("air", "water")),
)
UNRESOLVED_INDUSTRY = "专用化学产品制造"
AIR = (("二氧化硫", "a21026", 100.0), ("氮氧化物", "a21002", 150.0), ("颗粒物", "a34013", 20.0))
WATER = (("化学需氧量", "w01018", 60.0), ("氨氮", "w21003", 8.0))
FILES = {
    "sites": ("排污单位基本信息.xlsx", "排污单位"),
    "production": ("生产治理设施.xlsx", "生产设施"),
    "treatment": ("生产治理设施.xlsx", "治理设施"),
    "routes": ("生产治理设施.xlsx", "排放去向"),
    "outlets": ("排放口信息.xlsx", "排放口"),
    "items": ("排放口信息.xlsx", "监测项目"),
    "destinations": ("排放口信息.xlsx", "排放去向说明"),
    "permits": ("许可证信息.xlsx", "排污许可证"),
    "permit_outlets": ("许可证信息.xlsx", "许可排放口"),
    "records": ("行政许可.xlsx", "审批记录"),
    "projects": ("行政许可.xlsx", "建设项目"),
    "joint": ("行政许可.xlsx", "联合审批"),
    "monitoring": ("自行监测数据.xlsx", "监测数据"),
}
HEADERS = {
    "sites": ["污染源编码", "单位名称", "统一社会信用代码", "所在区县", "行业类别", "管理类别", "生产经营场所地址"],
    "production": ["设施ID", "污染源编码", "设施名称", "生产能力"],
    "treatment": ["设施ID", "污染源编码", "设施名称", "治理工艺", "对应生产设施ID"],
    "routes": ["污染源编码", "起点设施ID", "去向", "去向类型"],
    "outlets": ["污染源编码", "排放口编号", "国家排放口编号", "排放口名称", "排放口类型", "排放介质", "自编号"],
    "items": [
        *("污染源编码", "排放口编号", "监测项目", "许可排放浓度", "浓度单位", "许可年排放量"),
        *("时段", "背景值", "监测方式"),
    ],
    "destinations": ["污染源编码", "排放口编号", "排放去向"],
    "permits": ["许可证编号", "污染源编码", "管理类别", "发证机关", "发证日期", "有效期限", "许可证状态"],
    "permit_outlets": ["污染源编码", "排放口编号", "排放口名称", "排放介质", "排放口类型", "排放去向"],
    "records": ["文号", "污染源编码", "记录类型", "审批部门", "审批日期", "项目编号", "关联环评文号", "其他项目"],
    "projects": ["项目编号", "项目名称"],
    "joint": ["文号", "污染源编码"],
    "monitoring": ["污染源编码", "排放口编号", "监测项目", "监测时间", "监测值", "单位"],
}
MONITORED_DAYS = (dt.date(2024, 5, 6), dt.date(2024, 5, 13), dt.date(2024, 5, 20))


@dataclass
class RegionalManifest:
    """What a load of the export must do: the rows of each sheet, the rows it must reject (located, with the
    cause), the rows a filter leaves out, what it must flag, and the links it must make."""

    params: dict[str, Any]
    rows: dict[str, int] = field(default_factory=dict)  # "file#sheet" → data rows
    rejected: list[dict[str, Any]] = field(default_factory=list)  # {file, sheet, row, column, cause}
    # the load summary's line ("file#sheet", with " (entity)" for a sheet read for several) → rows of other kinds
    filtered: dict[str, int] = field(default_factory=dict)
    flagged: dict[str, list[str]] = field(
        default_factory=lambda: {"uscc_problem": [], "number_problem": [], "assumed": [], "industry_problem": []}
    )
    multi_site: list[str] = field(default_factory=list)  # USCCs running two sites
    chains: list[dict[str, Any]] = field(default_factory=list)  # outlet key → treatment keys in order, source
    # restated records: outlet key → (its name, its destination) once every sheet stating it merged; the conflicts
    # a `prefer` settled (outlet keys); outlets of an automatic item; completion acceptances (id → approval, owner);
    # joint approvals (doc → every holder's USCC); boundary points' limits by period (outlet key → periods)
    outlets: dict[str, list[str]] = field(default_factory=dict)
    settled: list[str] = field(default_factory=list)
    automatic: list[str] = field(default_factory=list)
    acceptances: dict[str, list[str]] = field(default_factory=dict)
    joint: dict[str, list[str]] = field(default_factory=dict)
    periods: dict[str, list[str]] = field(default_factory=dict)


class _Sheets:
    """Rows of every sheet, written at the end (one workbook per file, sheets in FILES order)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[list[Any]]] = {name: [] for name in FILES}

    def add(self, name: str, values: list[Any]) -> int:
        """Append a row; its 1-based data row number (the header is row 0, as the loaders count)."""
        self.rows[name].append(values)
        return len(self.rows[name])

    def save(self, out: Path) -> None:
        from openpyxl import Workbook

        books: dict[str, Any] = {}
        for name, (file, sheet) in FILES.items():
            book = books.setdefault(file, Workbook(write_only=True))
            ws = book.create_sheet(sheet)
            ws.append(HEADERS[name])
            for row in self.rows[name]:
                ws.append(row)
        for file, book in books.items():
            book.save(out / file)


def _uuid(seed: int, *parts: Any) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"permitgraph:{seed}:" + ":".join(map(str, parts))))


def _epoch_ms(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp() * 1000)


def _uscc(seed: int, i: int, region: str) -> str:
    alphabet = codes.USCC_ALPHABET
    n, serial = i, ""
    for _ in range(5):
        n, r = divmod(n, len(alphabet))
        serial = alphabet[r] + serial
    body = "".join(random.Random(f"{seed}:rx:{i}").choice(alphabet[:10]) for _ in range(3)) + serial
    return codes.make_uscc("91", region, body)


def generate_regional(companies: int, out: Path, seed: int = 7) -> RegionalManifest:
    """Write the export's workbooks and manifest.json into `out`; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    m = RegionalManifest(params={"companies": companies, "seed": seed, "layout": "regional"})
    sheets = _Sheets()
    for i in range(companies):
        _company(seed, i, companies, sheets, m)
    _defects(seed, sheets, m)
    for name, (file, sheet) in FILES.items():
        if name != "projects":  # a lookup table, not loaded as rows
            m.rows[f"{file}#{sheet}"] = len(sheets.rows[name])
    records = "#".join(FILES["records"])
    approvals = sum(1 for r in sheets.rows["records"] if r[2] == "环评批复")
    accepted = sum(1 for r in sheets.rows["records"] if r[2] == "竣工环保验收")
    m.filtered[f"{records} (eia_approvals)"] = len(sheets.rows["records"]) - approvals
    m.filtered[f"{records} (completion_acceptances)"] = len(sheets.rows["records"]) - accepted
    sheets.save(out)
    (out / "manifest.json").write_text(json.dumps(m.__dict__, ensure_ascii=False, indent=1), encoding="utf-8")
    return m


def _company(seed: int, i: int, companies: int, sheets: _Sheets, m: RegionalManifest) -> None:
    rng = random.Random(f"{seed}:regional:{i}")
    district, region = DISTRICTS[i % len(DISTRICTS)]
    uscc = _company_uscc(seed, i)
    if i % 17 == 5:
        m.flagged["uscc_problem"].append(uscc)
    industry, lines = INDUSTRIES[i % len(INDUSTRIES)]
    name = f"上海{'东南西北中'[i % 5]}{['华能', '申江', '浦源', '宏达', '金海'][i // 5 % 5]}{i:03d}有限公司"
    places = [(district, region)] + ([SECOND_SITE] if i % 9 == 3 else [])
    if len(places) == 2:
        m.multi_site.append(uscc)
    for s, (where, code) in enumerate(places):
        source = f"W{code}{i:04d}{s + 1}"  # the site's local source code
        klass = "重点管理" if (i + s) % 3 else "简化管理"
        sheets.add(
            "sites", [source, name, uscc, where, industry, klass, f"{where}工业路{i + 1}号{'二厂区' if s else ''}"]
        )
        if industry == UNRESOLVED_INDUSTRY:
            m.flagged["industry_problem"].append(f"{uscc}/{source}")
        _permit(seed, i, s, uscc, source, klass, region, sheets, m)
        _records(seed, i, s, uscc, source, companies, sheets, m)
        _site(seed, rng, i, s, uscc, source, lines, klass, sheets, m)


def _permit(
    seed: int, i: int, s: int, uscc: str, source: str, klass: str, region: str, sheets: _Sheets, m: RegionalManifest
) -> None:
    issued = dt.date(2023, 1 + i % 12, 1 + i % 27)
    number = f"{uscc}{s + 1:03d}{'PQUV'[i % 4]}"
    if i % 13 == 7:  # an older local form: a region letter and 11 digits, stored as given and flagged
        number = f"H{region}{i:04d}{s}"
    if number[:18] != uscc or codes.permit_problem(number):
        m.flagged["number_problem"].append(number)
    status = "" if i % 11 == 4 else "有效"  # empty: the mapping's default (valid), flagged as assumed
    if not status:
        m.flagged["assumed"].append(number)
    valid_to = issued.replace(year=issued.year + 5) - dt.timedelta(days=1)
    issued_cell: Any = _epoch_ms(issued) if i % 2 else issued.isoformat()
    sheets.add(
        "permits",
        [number, source, klass, "上海市生态环境局", issued_cell, f"{issued}至{valid_to}", status],
    )


def _records(
    seed: int, i: int, s: int, uscc: str, source: str, companies: int, sheets: _Sheets, m: RegionalManifest
) -> None:
    """The mixed sheet: an EIA approval and its completion acceptance (both loaded) and a permit record (filtered
    out); every tenth company's first approval is a joint one, issued to the next company too, for two further
    projects."""
    project = f"XM{i:04d}{s}"
    sheets.add("projects", [project, f"年产{(i % 9 + 1) * 10}万吨技改项目"])
    year = 2015 + i % 8
    day = dt.date(year, 3 + i % 9, 10)
    doc = f"沪环评〔{year}〕{i * 3 + s + 1}号"
    joint = i % 10 == 2 and s == 0 and i + 1 < companies
    further = "配套热网工程；二期扩建" if joint else ""
    sheets.add("records", [doc, source, "环评批复", "上海市生态环境局", day, project, "", further])
    accepted = f"沪环验〔{year + 1}〕{i * 3 + s + 1}号"
    sheets.add(
        "records",
        [accepted, source, "竣工环保验收", "上海市生态环境局", day.replace(year=year + 1), project, doc, ""],
    )
    m.acceptances[accepted] = [doc, f"{uscc}/{source}"]
    permit = f"沪许〔{year + 2}〕{i * 3 + s + 1}号"
    sheets.add("records", [permit, source, "排污许可 ", "上海市生态环境局", day, project, "", ""])
    if joint:  # the next company (first site) holds it too
        region = DISTRICTS[(i + 1) % len(DISTRICTS)][1]
        sheets.add("joint", [doc, f"W{region}{i + 1:04d}1"])
        m.joint[doc] = [uscc, _company_uscc(seed, i + 1)]


def _company_uscc(seed: int, i: int) -> str:
    """Company `i`'s USCC; every seventeenth fails its check digit (kept and flagged)."""
    uscc = _uscc(seed, i, DISTRICTS[i % len(DISTRICTS)][1])
    if i % 17 == 5:
        alphabet = codes.USCC_ALPHABET
        uscc = uscc[:17] + alphabet[(alphabet.index(uscc[17]) + 1) % len(alphabet)]
    return uscc


def _site(
    seed: int,
    rng: random.Random,
    i: int,
    s: int,
    uscc: str,
    source: str,
    lines: tuple[str, ...],
    klass: str,
    sheets: _Sheets,
    m: RegionalManifest,
) -> None:
    owner = f"{uscc}/{source}"
    for medium in lines:
        air = medium == "air"
        prod = _uuid(seed, i, s, medium, "production")
        sheets.add("production", [prod, source, "1#锅炉" if air else "制浆生产线", f"{rng.randint(2, 40) * 10}t/h"])
        series = air and i % 2 == 0  # denitrification, then dust removal, in series
        first = _uuid(seed, i, s, medium, "treatment", 1)
        names = (
            [("SCR脱硝装置", "选择性催化还原"), ("布袋除尘器", "袋式除尘")]
            if series
            else [("布袋除尘器", "袋式除尘") if air else ("污水处理站", "A/O+混凝沉淀")]
        )
        chain = [first] + ([_uuid(seed, i, s, medium, "treatment", 2)] if series else [])
        for t, (tname, tech) in zip(chain, names, strict=True):
            sheets.add("treatment", [t, source, tname, tech, prod])  # each serves the production line
        if series:
            sheets.add("routes", [source, chain[0], chain[1], "治理设施"])
        # each site numbers its own outlets: two sites of one company both have FQ001 (DA001)
        local = "FQ001" if air else "WS001"
        national = ("DA001" if air else "DW001") if (i + s) % 3 else ""  # the national code on some rows only
        sheets.add("routes", [source, chain[-1], local, "排放口"])
        code = national or local
        kind = "主要排放口" if air or i % 2 else "一般排放口"
        name = f"{'废气' if air else '废水'}总排口"
        medium_word = "废气" if air else "废水"
        sheets.add("outlets", [source, local, national, name, kind, medium_word, ""])
        m.chains.append({"outlet": f"{owner}:{code}", "treatment": [f"{owner}:{t.upper()}" for t in chain]})
        # the permit workbook restates the outlet in its own words: a name of its own on some (the outlet sheet's
        # stays: the mapping prefers it), the air outlet's destination, which no other sheet gives
        restated = "1#锅炉烟囱" if air and i % 4 == 1 else name
        if restated != name:
            m.settled.append(f"{owner}:{code}")
        sheets.add("permit_outlets", [source, local, restated, medium_word, kind, "大气" if air else ""])
        destination = "大气" if air else "市政污水管网"
        if not air:  # the destination sheet adds where the water goes
            sheets.add("destinations", [source, local, destination])
        m.outlets[f"{owner}:{code}"] = [name, destination]
        method = "自动" if klass == "重点管理" and air else "手工"
        if method == "自动":
            m.automatic.append(f"{owner}:{code}")
        for pname, _code, limit in AIR if air else WATER:
            amount = ("12.5吨", "3500千克", "0.002万吨")[i % 3]
            sheets.add("items", [source, local, pname, limit, "mg/m3" if air else "mg/L", amount, "", "", method])
            for d, day in enumerate(MONITORED_DAYS):
                value = round(limit * (0.4 + 0.1 * d), 2)
                when: Any = _epoch_ms(day) if i % 2 else day
                sheets.add("monitoring", [source, local, pname, when, value, "mg/m3" if air else "mg/L"])
    # a boundary noise point (厂界) with its limits by day and night and their background levels, and, for
    # two-line sites, a fugitive source (无组织), without outlet codes; every sixth company a rain outlet known by
    # the enterprise's own label only (自编号)
    sheets.add("outlets", [source, "ZS001", "", "东厂界噪声监测点", "厂界", "噪声", ""])
    for period, limit, background in (("昼间", 65, 52.5), ("夜间", 55, 46.0)):
        sheets.add("items", [source, "ZS001", "厂界噪声", limit, "dB(A)", "", period, background, "手工"])
    m.periods[f"{owner}:ZS001"] = ["day", "night"]
    if len(lines) == 2:
        sheets.add("outlets", [source, "WZZ罐区", "", "储罐区无组织排放", "无组织", "废气", ""])
    if i % 6 == 0:
        sheets.add("outlets", [source, "", "", "雨水排放口", "一般排放口", "废水", "雨排-1"])
        m.outlets[f"{owner}:雨排-1"] = ["雨水排放口", ""]


def _defects(seed: int, sheets: _Sheets, m: RegionalManifest) -> None:
    """Genuine defects of the source, each to be rejected where it stands (and nothing depends on them)."""

    def reject(name: str, row: int, column: str, cause: str) -> None:
        file, sheet = FILES[name]
        m.rejected.append({"file": file, "sheet": sheet, "row": row, "column": column, "cause": cause})

    first_source = sheets.rows["sites"][0][0]
    row = sheets.add("sites", ["W3101049999", "上海无码科技有限公司", "", "徐汇区", "火力发电", "简化管理", "徐汇区"])
    reject("sites", row, "统一社会信用代码", "missing USCC")
    row = sheets.add("outlets", [first_source, "", "", "未编号排放口", "一般排放口", "废气", ""])
    reject("outlets", row, "国家排放口编号 or 排放口编号 or 自编号", "an outlet without any code")
    row = sheets.add("destinations", [first_source, "WS999", "河道"])
    reject("destinations", row, "排放口编号", "a destination for an outlet nobody states")
    row = sheets.add("items", [first_source, "FQ001", "二氧化硫", "35mg/m3", "mg/m3", "1吨", "", "", "手工"])
    reject("items", row, "许可排放浓度", "a unit typed into the number")
    row = sheets.add("monitoring", [first_source, "FQ001", "二氧化硫", dt.date(2024, 5, 27), "12.5mg/m3", "mg/m3"])
    reject("monitoring", row, "监测值", "a unit typed into the number")
    row = sheets.add("monitoring", [first_source, "FQ001", "二氧化流", dt.date(2024, 5, 27), 12.5, "mg/m3"])
    reject("monitoring", row, "监测项目", "a misspelt pollutant")
