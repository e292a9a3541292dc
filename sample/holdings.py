"""What one generated enterprise holds beyond its plant and permit (sample/enterprise.py): quotas and trades,
hazardous waste, and the enforcement record — with the problems injected into them."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from loaders.tables import region_name
from sample.generate import (
    BUYERS_KEPT,
    CONTROLLED,
    OPERATOR,
    OPERATOR_EVERY,
    Manifest,
    Params,
    QuotaBook,
    Writers,
    licence_of,
    uscc_of,
)
from sample.world import Profile

_ARTICLE = {
    "concentration_exceedance": ("34", "超过许可排放浓度排放"),
    "amount_exceedance": ("34", "超过许可排放量排放"),
    "expired_permit_discharging": ("33", "排污许可证有效期届满后继续排污"),
    "overdue_report": ("37", "未按时提交执行报告"),
    "outlet_without_limit": ("36", "未按排污许可证规定设置排放口"),
}


_FINES = {"33": (200_000, 1_000_000), "34": (200_000, 1_000_000), "36": (20_000, 200_000), "37": (5_000, 20_000)}


class HoldingsMixin:
    """The quota, waste and enforcement part of EnterpriseGenerator: it reads the attributes that class sets."""

    p: Params
    i: int
    w: Writers
    m: Manifest
    licences: dict[int, dict[str, Any]]
    book: QuotaBook
    rng: random.Random
    profile: Profile
    region: str
    uscc: str
    abbr: str

    def inject(self, problem: str) -> bool:
        return self.rng.random() < self.p.problem_rate

    def record(self, problem: str, **facts: Any) -> None:
        self.m.problems[problem].append({"enterprise_uscc": self.uscc} | facts)

    def _quotas(self, key: bool, amounts: dict[str, float], actual: dict[str, float]) -> None:
        """Key-class units get an enterprise quota per controlled pollutant, some sell part of it; every unit's
        permitted and actual amounts count towards its county's and prefecture's sums."""
        p, year = self.p, self.p.start.year
        controlled = {c: a for c, a in sorted(amounts.items()) if c in CONTROLLED}
        for code, permitted in controlled.items():
            for region in (self.region, self.region[:4] + "00"):
                sums = self.book.sums.setdefault((region, code), [0.0, 0.0])
                sums[0] += permitted
                sums[1] += actual.get(code, 0.0)
        if not key or not controlled:
            return
        # its own stream, so that adding quotas left every other draw of the generator as it was
        rng = random.Random(f"{p.seed}:quota:{self.i}")
        victim = rng.choice(list(controlled)) if rng.random() < p.problem_rate else None
        for n, (code, permitted) in enumerate(controlled.items()):
            reported = actual.get(code, 0.0)
            allocated = round(max(permitted, reported) * rng.uniform(1.05, 1.3), 3)
            sold = 0.0
            buyers = self.book.buyers.setdefault(code, [])
            if code == victim:
                short = permitted * rng.uniform(0.75, 0.95)
                if buyers and rng.random() < 0.5:
                    sold = round(allocated - short, 3)  # sold below what the permit allows
                else:
                    allocated = round(short, 3)  # allocated below what the permit allows
            elif buyers and rng.random() < 0.3:
                sold = round((allocated - max(permitted, reported)) * rng.uniform(0.2, 0.8), 3)
            quota_id = f"ZL{year}{self.uscc}{code}"
            self.w.row(
                "quotas.csv",
                {
                    "id": quota_id,
                    "year": year,
                    "pollutant_code": code,
                    "amount_t": allocated,
                    "enterprise_uscc": self.uscc,
                    "authority": f"{region_name(self.region[:4] + '00')}生态环境局",
                    "document": f"{self.abbr}环总量〔{year - 1}〕{self.i + 1}号",
                },
            )
            if sold > 0:
                self.w.row(
                    "quota_trades.csv",
                    {
                        "id": f"JY{year}{self.i:07d}{n}",
                        "seller_uscc": self.uscc,
                        "buyer_uscc": rng.choice(buyers),
                        "year": year,
                        "pollutant_code": code,
                        "amount_t": sold,
                        "date": p.start + dt.timedelta(days=rng.randrange(p.days)),
                        "price_yuan": round(sold * rng.uniform(2000, 20000)),
                    },
                )
            held = allocated - sold
            over = [(b, v) for b, v in (("permitted", permitted), ("actual", reported)) if v > held]
            for basis, value in over:
                self.record(
                    "quota_exceeded", quota_id=quota_id, pollutant_code=code, basis=basis, amount_t=value, held_t=held
                )
            if not over:  # only clean holders buy: a purchase must not hide an injected shortfall
                buyers.append(self.uscc)
                del buyers[:-BUYERS_KEPT]

    # --- hazardous waste --------------------------------------------------------------------------
    def _waste(self, uscc: str) -> None:
        rng, p = self.rng, self.p
        if self.profile is OPERATOR:
            self.w.row("hw_licences.csv", licence_of(p.seed, self.i, uscc, self.region, p.start))
            return
        licences = self.licences
        if not self.profile.wastes or not licences:
            return
        bad = rng.randint(1, 3) - 1 if self.inject("hazardous_waste_unlicensed") else None
        for n in range(rng.randint(1, 3)):
            waste = rng.choice(self.profile.wastes)
            category = "HW" + waste[-2:]
            date = p.start + dt.timedelta(days=rng.randrange(p.days))
            fit = [
                op
                for op, lic in licences.items()
                if category in lic["categories"] and lic["valid_from"] <= date <= lic["valid_to"]
            ]
            chosen = set(fit)  # membership in a set: a list here made each transfer O(operators²)
            misfit = [op for op in licences if op not in chosen]
            if n == bad and misfit:
                op = rng.choice(misfit)
                lic = licences[op]
                reason = "category" if category not in lic["categories"] else "expired"
            elif n == bad:
                op, reason = None, "unlicensed"
            elif fit:
                op, reason = rng.choice(fit), None
            else:
                continue
            if op is None:
                # the receiver is an ordinary enterprise without any licence: the group's head or a neighbour
                other = (self.i + 2) % p.enterprises
                receiver = uscc_of(p, other)
                if other % OPERATOR_EVERY == 1 or receiver == uscc:
                    continue
            else:
                receiver = licences[op]["holder_uscc"]
            manifest_no = f"{date.year}{self.region}{self.i:07d}{n}"
            self.w.row(
                "waste_transfers.csv",
                {
                    "manifest_no": manifest_no,
                    "from_uscc": uscc,
                    "to_uscc": receiver,
                    "waste_code": waste,
                    "amount_t": round(rng.uniform(0.5, 80), 2),
                    "date": date,
                },
            )
            if reason:
                self.record(
                    "hazardous_waste_unlicensed",
                    manifest_no=manifest_no,
                    to_uscc=receiver,
                    category=category,
                    reason=reason,
                )

    # --- enforcement ------------------------------------------------------------------------------
    def _enforcement(self, uscc: str, permit: dict[str, Any]) -> None:
        """Inspections, some of which find this enterprise's injected problems, with penalties."""
        rng, p = self.rng, self.p
        mine = [
            (k, f)
            for k, found in self.m.problems.items()
            if k in _ARTICLE
            for f in found
            if f["enterprise_uscc"] == uscc
        ]
        if not mine and rng.random() > 0.2:
            return
        date = p.start + dt.timedelta(days=rng.randrange(p.days))
        insp = f"JC{self.region}{self.i:07d}"
        authority = f"{region_name(self.region[:4] + '00')}生态环境局"
        self.w.row(
            "inspections.csv",
            {
                "id": insp,
                "enterprise_uscc": uscc,
                "date": date,
                "authority": authority,
                "kind": rng.choice(["双随机", "专项检查", "信访核查"]),
                "result": "发现问题" if mine else "未发现问题",
            },
        )
        for n, (kind, facts) in enumerate(mine):
            if rng.random() < 0.3:
                continue  # not every problem is caught
            vid = f"{insp}-V{n + 1}"
            article, vtype = _ARTICLE[kind]
            self.w.row(
                "violations.csv",
                {
                    "id": vid,
                    "enterprise_uscc": uscc,
                    "inspection_id": insp,
                    "permit_number": permit["number"],
                    "outlet_code": facts.get("outlet_code", ""),
                    "pollutant_code": facts.get("pollutant_code", ""),
                    "article": article,
                    "type": vtype,
                    "date": date,
                    "description": json.dumps(facts, ensure_ascii=False, default=str),
                },
            )
            if rng.random() < 0.8:
                low, high = _FINES[article]
                self.w.row(
                    "penalties.csv",
                    {
                        "decision_number": f"{self.abbr}环罚〔{date.year}〕{self.i}{n}号",
                        "violation_id": vid,
                        "authority": authority,
                        "date": date + dt.timedelta(days=rng.randint(10, 60)),
                        "amount_yuan": float(rng.randrange(low, high, 1000)),
                    },
                )
