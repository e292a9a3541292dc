"""The compliance linkage engine: rules are the named `check_*` queries; a check run stores their findings.

Each rule file's header says what it finds, the rule id, severity, article and scope. An enterprise rule (the
default scope) takes a batch of USCCs (index seeks, never a scan) and returns one row per finding: subject, uscc,
period, measured, permitted, unit, message and evidence (element ids). A run checks enterprises in batches (with
progress), merges each rule's findings (an existing one is updated, a closed one reopened), then closes that rule's
open findings on the checked enterprises that it no longer found. A region rule (`scope: region`, e.g. regional
quotas) takes the run's region prefix instead and returns findings about a region (`region` instead of `uscc`); it
runs once per run over a whole region, never for a list of single enterprises. Findings keep their history as
FindingEvent nodes.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from graph.catalog import catalog
from graph.db import Database
from graph.errors import DatabaseUnavailable, InvalidInput

BATCH = 500  # enterprises per rule query
READERS = 4  # rule queries of a batch run concurrently (read-only; Neo4j runs each on its own core)


@dataclass(frozen=True)
class Rule:
    id: str  # e.g. concentration_exceedance
    query: str  # e.g. check_concentration_exceedance
    severity: str
    article: str
    summary: str
    scope: str = "enterprise"  # or "region": the rule's findings concern regions, and it runs per region


@cache
def rules() -> tuple[Rule, ...]:
    """Every rule, from the headers of the `check_*` queries."""
    found = []
    for q in catalog().values():
        if not q.name.startswith("check_"):
            continue
        header = {
            k.strip(): v.strip()
            for line in q.text.splitlines()
            if line.startswith("// rule:")
            for part in line.removeprefix("//").split(";")
            for k, _, v in [part.partition(":")]
        }
        found.append(
            Rule(
                header["rule"],
                q.name,
                header["severity"],
                header["article"],
                q.summary,
                header.get("scope", "enterprise"),
            )
        )
    return tuple(sorted(found, key=lambda r: r.id))


def select(ids: Iterable[str] | None) -> list[Rule]:
    """The rules named (all when none); an unknown name is InvalidInput listing the known ones."""
    known = {r.id: r for r in rules()}
    if not ids:
        return list(known.values())
    wanted = list(ids)
    if unknown := [i for i in wanted if i not in known]:
        raise InvalidInput(f"unknown rule(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[i] for i in wanted]


UNJUDGED_KEPT = 100  # enterprises a failing rule could not judge, named in its summary (the rest counted)


@dataclass
class RuleSummary:
    rule: str
    found: int = 0
    opened: int = 0
    reopened: int = 0
    closed: int = 0
    seconds: float = 0.0
    error: str | None = None  # the first error the rule raised (it still ran for everything else)
    unjudged: int = 0  # enterprises (or the region) it could not judge: their findings are left as they were
    unjudged_keys: list[str] = field(default_factory=list)  # the first UNJUDGED_KEPT of them

    def failed(self, error: Exception, keys: Sequence[str]) -> None:
        self.error = self.error or f"{type(error).__name__}: {str(error)[:300]}"
        self.unjudged += len(keys)
        self.unjudged_keys.extend(list(keys)[: UNJUDGED_KEPT - len(self.unjudged_keys)])


@dataclass
class CheckSummary:
    run: str
    enterprises: int  # checked by the enterprise rules
    rules: list[RuleSummary] = field(default_factory=list)
    seconds: float = 0.0
    region_rules: int = 0  # region rules run (once each, over the region checked or every region)

    @property
    def failed_rules(self) -> list[RuleSummary]:
        return [r for r in self.rules if r.error is not None]

    def describe(self, region: str | None = None) -> str:
        """What was checked, in a line: "120 enterprises checked; 1 region rule over 310000 in 2.1 s"."""
        parts = [f"{self.enterprises:,} enterprises checked"] if self.enterprises or not self.region_rules else []
        if self.region_rules:
            rules = "1 region rule" if self.region_rules == 1 else f"{self.region_rules} region rules"
            parts.append(f"{rules} over {region or 'every region'}")
        return f"{'; '.join(parts)} in {self.seconds:.1f} s"


def check(
    db: Database,
    rule_ids: Sequence[str] | None = None,
    *,
    region: str | None = None,
    usccs: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CheckSummary:
    """Run rules over the enterprises of a region (or the given ones) and store the findings.

    Region rules run only when no `usccs` are given: a quota of a region is judged on all of its enterprises.
    A rule that fails on a batch is run again enterprise by enterprise: what it can judge is judged, the enterprises
    it cannot are counted in its summary (with its error) and their findings left as they were; every other rule
    runs as if nothing happened. The caller decides what a failed rule means (the CLI exits 1 after all ran).
    """
    started = time.perf_counter()
    chosen = select(rule_ids)
    per_enterprise = [r for r in chosen if r.scope == "enterprise"]
    per_region = [r for r in chosen if r.scope == "region" and usccs is None]
    today = as_of or dt.date.today()
    if usccs is None:
        usccs = [r["uscc"] for r in db.read("find_enterprise_keys", region=region)] if per_enterprise else []
    summary = CheckSummary(run=uuid.uuid4().hex[:16], enterprises=len(usccs), region_rules=len(per_region))
    by_rule = {r.id: RuleSummary(r.id) for r in chosen if r in per_enterprise or r in per_region}  # in id order
    summary.rules = list(by_rule.values())

    def run_rule(rule: Rule, batch: list[str]) -> tuple[list[dict[str, Any]], float]:
        t0 = time.perf_counter()
        return db.read(rule.query, usccs=batch, as_of=today), time.perf_counter() - t0

    def one_by_one(rule: Rule, batch: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
        """A batch the rule failed on, enterprise by enterprise: the answers of those it can judge, and the others."""
        rows: list[dict[str, Any]] = []
        unjudged: list[str] = []
        for uscc in batch:
            try:
                rows += db.read(rule.query, usccs=[uscc], as_of=today)
            except DatabaseUnavailable:
                raise  # the database, not the rule: nothing can be judged
            except Exception as exc:  # (any failure of one enterprise is reported, never fatal)
                by_rule[rule.id].failed(exc, [uscc])
                unjudged.append(uscc)
        return rows, unjudged

    with ThreadPoolExecutor(max_workers=READERS) as pool:
        for start in range(0, len(usccs), BATCH):
            batch = list(usccs[start : start + BATCH])
            answers = [pool.submit(run_rule, rule, batch) for rule in per_enterprise]
            partial: dict[str, list[str]] = {}  # rule → the enterprises of this batch it could not judge
            for rule, answer in zip(per_enterprise, answers, strict=True):
                try:
                    rows, read_seconds = answer.result()
                except DatabaseUnavailable:
                    raise
                except Exception:  # (one rule failing never stops the others)
                    t0 = time.perf_counter()
                    rows, partial[rule.id] = one_by_one(rule, batch)
                    read_seconds = time.perf_counter() - t0
                by_rule[rule.id].seconds += read_seconds
                _store(db, rule, rows, by_rule[rule.id], summary.run, today)
            # close, for every rule just run, what this run no longer found on the enterprises it judged: all of
            # the batch in one write for the rules that judged all of it, the rest rule by rule
            whole = [r.id for r in per_enterprise if not partial.get(r.id)]
            closing = [(batch, whole)] if whole else []
            closing += [([u for u in batch if u not in set(bad)], [rid]) for rid, bad in partial.items() if bad]
            for judged, rule_ids in closing:
                closed, _ = db.write("close_findings", usccs=judged, rules=rule_ids, run=summary.run, today=today)
                for row in closed:
                    by_rule[row["rule"]].closed += int(row["closed"])
            if progress is not None:
                progress(min(start + BATCH, len(usccs)), len(usccs))
    judged_regions = []
    for rule in per_region:
        t0 = time.perf_counter()
        try:
            rows = db.read(rule.query, region=region, as_of=today)
        except DatabaseUnavailable:
            raise
        except Exception as exc:  # (reported with the region it could not judge)
            by_rule[rule.id].failed(exc, [region or "every region"])
            continue
        finally:
            by_rule[rule.id].seconds += time.perf_counter() - t0
        _store(db, rule, rows, by_rule[rule.id], summary.run, today)
        judged_regions.append(rule.id)
    if judged_regions:
        closed, _ = db.write("close_region_findings", region=region, rules=judged_regions, run=summary.run, today=today)
        for row in closed:
            by_rule[row["rule"]].closed += int(row["closed"])
    summary.seconds = time.perf_counter() - started
    return summary


def _store(db: Database, rule: Rule, rows: list[dict[str, Any]], s: RuleSummary, run: str, today: dt.date) -> None:
    """Merge one rule's findings (about enterprises or regions) and count them."""
    t0 = time.perf_counter()
    s.found += len(rows)
    if rows:
        findings = [
            {
                "key": f"{rule.id}:{r['subject']}",
                "uscc": r["uscc"],
                "region": r.get("region"),
                "period": r["period"],
                "measured": r["measured"],
                "permitted": r["permitted"],
                "unit": r["unit"],
                "message": r["message"],
                "evidence": r["evidence"],
            }
            for r in rows
        ]
        merged, _ = db.write(
            "merge_findings",
            rows=findings,
            rule=rule.id,
            article=rule.article,
            severity=rule.severity,
            run=run,
            today=today,
        )
        s.opened += int(merged[0]["opened"])
        s.reopened += int(merged[0]["reopened"])
    s.seconds += time.perf_counter() - t0
