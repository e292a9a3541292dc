"""One generated enterprise (sample/generate.py drives it): its sites' facilities, treatment and outlets with
their chain, permit and limits, EIA approvals, monitoring series, reports, quotas and trades, hazardous waste,
inspections, violations and penalties — and the problems injected into them, recorded in the manifest."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from typing import Any

from graph import codes
from loaders.tables import region_name
from sample.generate import (
    AIR_HOURS,
    GROUP_EVERY,
    NAME_WORDS,
    OPERATOR,
    OPERATOR_EVERY,
    PROFILES,
    PROVINCE_ABBR,
    PROVINCE_CENTRE,
    WATER_DAYS,
    Manifest,
    Params,
    QuotaBook,
    Writers,
    region_of,
    uscc_of,
)
from sample.holdings import HoldingsMixin
from sample.world import Line, Pollutant, Profile


def _industry(seed: int, i: int) -> Profile:
    if i % OPERATOR_EVERY == 1:
        return OPERATOR
    rng = random.Random(f"{seed}:industry:{i}")
    return rng.choices(PROFILES, weights=[p.weight for p in PROFILES])[0]


class EnterpriseGenerator(HoldingsMixin):
    """Draws and writes everything one enterprise holds."""

    def __init__(
        self, p: Params, i: int, licences: dict[int, dict[str, Any]], w: Writers, manifest: Manifest, book: QuotaBook
    ) -> None:
        self.p, self.i, self.w, self.m = p, i, w, manifest
        self.licences, self.book = licences, book
        self.rng = random.Random(f"{p.seed}:enterprise:{i}")
        self.profile = _industry(p.seed, i)
        self.region = region_of(p.seed, i)
        self.uscc = uscc_of(p, i)
        self.abbr = PROVINCE_ABBR[self.region[:2]]

    def write(self) -> None:
        rng, p = self.rng, self.p
        key = self.profile.key_share > rng.random()
        mclass = "key" if key else "simplified"
        uscc = self.uscc
        if not codes.is_valid_uscc(uscc):
            self.record("bad_check_digit")
        parent = None
        if self.i % GROUP_EVERY in (1, 2, 3) and self.i % OPERATOR_EVERY != 1:
            head = self.i - self.i % GROUP_EVERY
            parent = uscc_of(p, head)
        lon0, lat0 = PROVINCE_CENTRE[self.region[:2]]
        county = region_name(self.region)
        name = f"{county}{rng.choice(NAME_WORDS)}{self.profile.label}"
        if self.i % GROUP_EVERY == 0:
            name = f"{rng.choice(NAME_WORDS)}集团{self.profile.label}".replace("有限公司", "股份有限公司")
        self.w.row(
            "enterprises.csv",
            {
                "uscc": uscc,
                "name": name,
                "address": f"{county}工业园区{rng.randint(1, 300)}号",
                "region_code": self.region,
                "industry_code": self.profile.industry,
                "management_class": mclass,
                "longitude": round(lon0 + rng.uniform(-1, 1), 5),
                "latitude": round(lat0 + rng.uniform(-0.8, 0.8), 5),
                "parent_uscc": parent,
            },
        )

        n_lines = len(self.profile.lines)
        outlets: list[tuple[str, Line, float]] = []  # (code, line, flow)
        # its own stream, so that adding this problem left every other draw of the generator as it was
        bypass = random.Random(f"{p.seed}:bypass:{self.i}").random() < p.problem_rate
        self.pf_codes: list[str] = []
        self.tf_codes: list[str] = []
        air = water = 0
        for k, line in enumerate(self.profile.lines[: max(1, n_lines)]):
            for rep in range(rng.randint(1, 2) if line.kind == "main" else 1):
                seq = k * 2 + rep + 1
                pf, tf = f"MF{seq:04d}", f"T{'A' if line.medium == 'air' else 'W'}{seq:03d}"
                if line.medium == "air":
                    air += 1
                    oc = f"DA{air:03d}"
                else:
                    water += 1
                    oc = f"DW{water:03d}"
                flow = round(rng.uniform(*line.flow), -2)
                self.pf_codes.append(pf)
                self.tf_codes.append(tf)
                self.w.row(
                    "production_facilities.csv",
                    {
                        "enterprise_uscc": uscc,
                        "code": pf,
                        "name": f"{rep + 1}#{line.facility}",
                        "capacity": f"{rng.randint(1, 20) * 10}t/h",
                    },
                )
                self.w.row(
                    "treatment_facilities.csv",
                    {
                        "enterprise_uscc": uscc,
                        "code": tf,
                        "name": f"{rep + 1}#{line.treatment}",
                        "technology": line.technology,
                    },
                )
                self.w.row(
                    "outlets.csv",
                    {
                        "enterprise_uscc": uscc,
                        "code": oc,
                        "name": f"{rep + 1}#{line.facility}排放口",
                        "medium": line.medium,
                        "kind": line.kind,
                        "longitude": round(lon0 + rng.uniform(-1, 1), 5),
                        "latitude": round(lat0 + rng.uniform(-0.8, 0.8), 5),
                        "standard": line.standard,
                        "destination": "大气"
                        if line.medium == "air"
                        else rng.choice(["市政污水管网", "地表水体", "长江", "海河"]),
                        "local_code": f"{'FQ' if line.medium == 'air' else 'WS'}{seq:03d}",
                        "auto_monitored": key and line.kind == "main",
                    },
                )
                if key and line.kind == "main":  # its automatic monitoring's data-acquisition device (数采仪)
                    self.w.row(
                        "devices.csv",
                        {
                            "mn": f"{uscc}{oc}",
                            "enterprise_uscc": uscc,
                            "outlet_code": oc,
                            "maker": ("聚光科技", "雪迪龙", "先河环保")[seq % 3],
                            "device_model": f"DAU-{2000 + seq % 5 * 100}",
                        },
                    )
                if bypass and line.kind == "main":  # the first main outlet only
                    bypass = False
                    self.w.row("flows.csv", {"enterprise_uscc": uscc, "from_code": pf, "to_code": oc})
                    self.record("untreated_outlet", outlet_code=oc)
                else:
                    self.w.row("flows.csv", {"enterprise_uscc": uscc, "from_code": pf, "to_code": tf})
                    self.w.row("flows.csv", {"enterprise_uscc": uscc, "from_code": tf, "to_code": oc})
                outlets.append((oc, line, flow))

        permit = self._permit(uscc, mclass)
        amounts = self._limits(permit, outlets)
        self._eia(uscc, permit, outlets, amounts)
        means = self._monitoring(uscc, permit, outlets, key)
        actual = self._reports(permit, key, outlets, amounts, means)
        self._quotas(key, amounts, actual)
        self._waste(uscc)
        self._enforcement(uscc, permit)

    # --- permit and its history -------------------------------------------------------------------
    def _permit(self, uscc: str, mclass: str) -> dict[str, Any]:
        rng, p = self.rng, self.p
        issued = dt.date(2017, 7, 1) + dt.timedelta(days=rng.randint(0, 4 * 365))
        events: list[tuple[str, dt.date, dt.date, dt.date]] = []
        start, kind = issued, "issue"
        expired = self.inject("expired_permit_discharging")
        while True:
            years = 3 if start < dt.date(2021, 3, 1) else 5  # first permits before 2021 ran 3 years
            end = _add_years(start, years) - dt.timedelta(days=1)
            events.append((kind, start - dt.timedelta(days=rng.randint(5, 30)), start, end))
            if end >= p.end:
                break
            if expired and end >= p.start + dt.timedelta(days=30):
                break  # not renewed: expires inside the period while the monitoring goes on
            start, kind = end + dt.timedelta(days=1), "renewal"
        valid_from, valid_to = events[-1][2], events[-1][3]
        if expired and valid_to >= p.end:
            # the validity chain ran past the period: cut the last window short instead
            valid_to = p.start + dt.timedelta(days=rng.randint(60, max(61, p.days - 60)))
            events[-1] = (events[-1][0], events[-1][1], valid_from, valid_to)
        number = f"{uscc}001{rng.choice('PPPPPPQUVWXY')}"
        if expired:
            self.record("expired_permit_discharging", permit_number=number, valid_to=str(valid_to))
        status = "valid" if valid_to >= p.as_of else "expired"
        permit = {
            "number": number,
            "enterprise_uscc": uscc,
            "management_class": mclass,
            "authority": f"{region_name(self.region[:4] + '00')}生态环境局",
            "issued_on": events[-1][1],
            "valid_from": valid_from,
            "valid_to": valid_to,
            "status": status,
        }
        self.w.row("permits.csv", permit)
        for seq, (kind, date, vf, vt) in enumerate(events, 1):
            self.w.row(
                "permit_events.csv",
                {"permit_number": number, "seq": seq, "kind": kind, "date": date, "valid_from": vf, "valid_to": vt},
            )
        return permit

    def _limits(self, permit: dict[str, Any], outlets: list[tuple[str, Line, float]]) -> dict[str, float]:
        """Write per-outlet limits and enterprise-wide annual amounts; returns the latter by pollutant."""
        totals: dict[str, float] = {}
        skip = None
        general = [o for o in outlets if o[1].kind == "general"]
        if general and self.inject("outlet_without_limit"):
            skip = general[0][0]
            self.record("outlet_without_limit", outlet_code=skip)
        for oc, line, flow in outlets:
            if oc == skip:
                continue
            for pol in line.pollutants:
                amount = None
                if line.kind == "main" and pol.low is None:
                    amount = round(_annual_t(pol.limit, flow, line.medium), 3)
                    totals[pol.code] = totals.get(pol.code, 0.0) + amount
                self.w.row(
                    "permit_limits.csv",
                    {
                        "permit_number": permit["number"],
                        "outlet_code": oc,
                        "pollutant_code": pol.code,
                        "concentration_max": pol.limit,
                        "concentration_min": pol.low,
                        "unit": pol.unit,
                        "basis": "daily",
                        "annual_amount_t": amount,
                    },
                )
        for code, total in sorted(totals.items()):
            self.w.row(
                "permit_limits.csv",
                {
                    "permit_number": permit["number"],
                    "pollutant_code": code,
                    "basis": "daily",
                    "annual_amount_t": round(total, 3),
                },
            )
        return {k: round(v, 3) for k, v in totals.items()}

    def _eia(
        self, uscc: str, permit: dict[str, Any], outlets: list[tuple[str, Line, float]], amounts: dict[str, float]
    ) -> None:
        rng = self.rng
        year = rng.randint(2012, 2019)
        doc = f"{self.abbr}环审〔{year}〕{self.i + 1}号"
        self.w.row(
            "eia_approvals.csv",
            {
                "doc_number": doc,
                "enterprise_uscc": uscc,
                "authority": f"{region_name(self.region[:2] + '0000')}生态环境厅",
                "approved_on": dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                "project": f"{self.profile.lines[0].facility}建设项目",
            },
        )
        for code in self.pf_codes:
            self.w.row("eia_facilities.csv", {"doc_number": doc, "enterprise_uscc": uscc, "facility_code": code})
        self._acceptance(uscc, doc, year)
        exceeded = amounts and self.inject("eia_amount_exceeded")
        victim = sorted(amounts)[0] if exceeded else None
        for code, amount in sorted(amounts.items()):
            approved = round(amount * (rng.uniform(0.6, 0.9) if code == victim else rng.uniform(1.0, 1.4)), 3)
            if code == victim:
                self.record(
                    "eia_amount_exceeded",
                    permit_number=permit["number"],
                    doc_number=doc,
                    pollutant_code=code,
                    permitted_t=amount,
                    approved_t=approved,
                )
            self.w.row("eia_amounts.csv", {"doc_number": doc, "pollutant_code": code, "amount_t": approved})
        self.w.row("permit_eia.csv", {"permit_number": permit["number"], "doc_number": doc})

    def _acceptance(self, uscc: str, doc: str, year: int) -> None:
        """Most approved projects were accepted on completion (自主验收), with their treatment facilities (三同时).
        Drawn from a generator of its own, so that the rest of the sample stays as it was."""
        rng = random.Random(f"{self.p.seed}:acceptance:{self.i}")
        if rng.random() < 0.2:  # not yet accepted
            return
        accepted = f"{self.abbr}验〔{year + 1}〕{self.i + 1}号"
        self.w.row(
            "completion_acceptances.csv",
            {
                "id": accepted,
                "enterprise_uscc": uscc,
                "eia_doc_number": doc,
                "accepted_on": dt.date(year + 1, rng.randint(1, 12), rng.randint(1, 28)),
                "kind": "self" if year + 1 >= 2018 else "authority",
                "project": f"{self.profile.lines[0].facility}建设项目",
                "result": "passed",
            },
        )
        for code in self.tf_codes:
            self.w.row(
                "acceptance_facilities.csv", {"acceptance_id": accepted, "enterprise_uscc": uscc, "facility_code": code}
            )

    # --- monitoring -------------------------------------------------------------------------------
    def _monitoring(
        self, uscc: str, permit: dict[str, Any], outlets: list[tuple[str, Line, float]], key: bool
    ) -> dict[tuple[str, str], float]:
        """Daily automatic values on key units' main outlets, monthly manual samples elsewhere.

        Returns the mean value per (outlet, pollutant), from which reports derive actual emissions.
        """
        rng, p = self.rng, self.p
        auto = [(oc, line, pol) for oc, line, _ in outlets if key and line.kind == "main" for pol in line.pollutants]
        victim = rng.randrange(len(auto)) if auto and self.inject("concentration_exceedance") else None
        bad_days: set[int] = set()
        if victim is not None:
            bad_days = set(rng.sample(range(p.days), rng.randint(1, 3)))
        means: dict[tuple[str, str], float] = {}
        days = _day_strings(p.start, p.days)
        for n, (oc, _line, pol) in enumerate(auto):
            total, count = 0.0, 0
            level = rng.uniform(0.3, 0.7)
            for d in range(p.days):
                if p.density < 1.0 and rng.random() > p.density and not (n == victim and d in bad_days):
                    continue
                if n == victim and d in bad_days:
                    value = _exceeding(rng, pol)
                    # a limit judges a value only while its permit is in force (its versions run unbroken from
                    # before the period): after the permit expired, a discharge without a permit, not an exceedance
                    if p.start + dt.timedelta(days=d) <= permit["valid_to"]:
                        self.record(
                            "concentration_exceedance",
                            outlet_code=oc,
                            pollutant_code=pol.code,
                            date=days[d],
                            value=value,
                            limit=pol.limit if pol.low is None or value > pol.limit else pol.low,
                        )
                else:
                    value = _compliant(rng, pol, level)
                total += value
                count += 1
                self.w.raw("monitoring.csv", [uscc, oc, pol.code, days[d], value, pol.unit, "daily", "auto"])
            if count:
                means[(oc, pol.code)] = total / count
        for oc, line, _ in outlets:
            if key and line.kind == "main":
                continue
            for pol in line.pollutants:
                values = []
                for month in range(1, 13):
                    day = dt.date(p.start.year, month, 15)
                    if not p.start <= day <= p.end:
                        continue
                    value = _compliant(rng, pol, rng.uniform(0.3, 0.7))
                    values.append(value)
                    self.w.raw(
                        "monitoring.csv", [uscc, oc, pol.code, day.isoformat(), value, pol.unit, "daily", "manual"]
                    )
                if values:
                    means[(oc, pol.code)] = sum(values) / len(values)
        return means

    # --- execution reports ------------------------------------------------------------------------
    def _reports(
        self,
        permit: dict[str, Any],
        key: bool,
        outlets: list[tuple[str, Line, float]],
        amounts: dict[str, float],
        means: dict[tuple[str, str], float],
    ) -> dict[str, float]:
        """Write the reports and their actual annual emissions; returns the latter (as written) by pollutant."""
        rng, p = self.rng, self.p
        year = p.start.year
        due: list[tuple[str, str, dt.date]] = []
        for y in range(year, p.end.year + 1):  # every year the period touches, as far as the extract reaches
            due.append((str(y), "annual", dt.date(y + 1, 1, 15)))
            if key:  # the fourth quarter is covered by the annual report (HJ 944-2018): no quarterly report for it
                due += [(f"{y}Q{q}", "quarterly", dt.date(y, q * 3 + 1, 15)) for q in range(1, 4)]
        # the first year's reports always (a short sample still states its obligations, as it always has); a later
        # year's only as they fall due within the extract
        due = [d for d in due if d[0].startswith(str(year)) or d[2] <= p.as_of]
        late = rng.randrange(len(due)) if self.inject("overdue_report") else None
        for n, (period, kind, due_on) in enumerate(due):
            submitted: dt.date | None = due_on - dt.timedelta(days=rng.randint(1, 14))
            if n == late:
                submitted = None if rng.random() < 0.5 else due_on + dt.timedelta(days=rng.randint(5, 40))
                if submitted is not None and submitted > p.as_of:
                    submitted = None
                self.record(
                    "overdue_report",
                    permit_number=permit["number"],
                    period=period,
                    due_on=str(due_on),
                    submitted_on=str(submitted) if submitted else None,
                )
            self.w.row(
                "execution_reports.csv",
                {
                    "permit_number": permit["number"],
                    "period": period,
                    "kind": kind,
                    "due_on": due_on,
                    "submitted_on": submitted,
                },
            )
        # Actual annual emissions: mean concentration × flow × operating time, per pollutant; always
        # below the permitted amount since every compliant value is below its limit.
        actual: dict[str, float] = {}
        for oc, line, flow in outlets:
            for pol in line.pollutants:
                if pol.code in amounts and (oc, pol.code) in means and line.kind == "main":
                    actual[pol.code] = actual.get(pol.code, 0.0) + _annual_t(means[(oc, pol.code)], flow, line.medium)
        over = sorted(actual)[0] if actual and self.inject("amount_exceedance") else None
        for code, value in sorted(actual.items()):
            if code == over:
                value = amounts[code] * rng.uniform(1.05, 1.5)
                self.record(
                    "amount_exceedance",
                    permit_number=permit["number"],
                    period=str(year),
                    pollutant_code=code,
                    actual_t=round(value, 3),
                    permitted_t=amounts[code],
                )
            actual[code] = round(value, 3)
            self.w.row(
                "report_emissions.csv",
                {
                    "permit_number": permit["number"],
                    "period": str(year),
                    "pollutant_code": code,
                    "actual_t": actual[code],
                },
            )
        return actual

    # --- total-amount quotas and trading --------------------------------------------------------


@cache
def _day_strings(start: dt.date, days: int) -> tuple[str, ...]:
    """ISO dates of the period, formatted once for every value written."""
    return tuple((start + dt.timedelta(days=d)).isoformat() for d in range(days))


def _add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _annual_t(concentration: float, flow: float, medium: str) -> float:
    """Tonnes a year: air mg/m³ × m³/h × hours; water mg/L × m³/d × days (1 mg/L = 1 g/m³)."""
    if medium == "air":
        return concentration * flow * AIR_HOURS * 1e-9
    return concentration * flow * WATER_DAYS * 1e-6


def _compliant(rng: random.Random, pol: Pollutant, level: float) -> float:
    if pol.low is not None:  # pH-like range
        return round(rng.uniform(pol.low + 0.5, pol.limit - 0.5), 2)
    return round(min(pol.limit * 0.95, max(0.0, rng.gauss(level, 0.12) * pol.limit)), 3)


def _exceeding(rng: random.Random, pol: Pollutant) -> float:
    if pol.low is not None:
        return round(rng.choice([rng.uniform(4.0, pol.low - 0.2), rng.uniform(pol.limit + 0.2, 11.0)]), 2)
    return round(pol.limit * rng.uniform(1.1, 2.0), 3)
