"""One write template for every node upsert: provenance (`_src`, `_load`) and change history (`Change`) are written
once, here; each entity declares only what differs — the nodes it links to (matched before the MERGE), anything
it sets beside its properties, and its links (after the SET). The queries are generated at import into the query
catalog as `merge_<plural>` (hand-written Cypher stays for links, code tables, monitoring buckets and findings).

A row carries `key` (the node's natural key), `props` (its properties, one map), `src` (file and row); `$load` is
the LoadRun id. When a later load changes a node's values, the old ones go into a (:Change) linked by [:CHANGED]
— once per load, however many rows of it touch the node.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from graph.relations import LABELS

# A pollutant a row names, made as an unlisted code when the dictionary lacks it (check_data_quality reports it).
_POLLUTANT = (
    "MERGE (pol:Pollutant {code: row.pollutant}) ON CREATE SET pol.listed = false, pol.name = row.pollutant\nWITH *\n"
)


def _site_link(var: str, rel: str) -> str:
    """The link from a row's site (row.site: its key, or null for the single-site case) to the node `var`."""
    return (
        f"WITH {var}, row\n"
        f"CALL ({var}, row) {{\n"
        "  MATCH (s:Site {key: row.site})\n"
        f"  MERGE (s)-[r2:{rel}]->({var}) SET r2._src = row.src, r2._load = $load\n"
        "}\n"
    )


@dataclass(frozen=True)
class Upsert:
    name: str
    summary: str
    params: str
    label: str
    var: str  # the node's variable in the fragments
    before: str = ""  # Cypher between UNWIND and MERGE: the nodes it links to
    extra_set: str = ""  # more `, var.x = …` after `SET var += row.props`
    after: str = ""  # Cypher after the SET: its links, stale links removed


UPSERTS: tuple[Upsert, ...] = (
    Upsert(
        "merge_eia_approvals",
        "upsert EIA approvals (环评批复) obtained by an enterprise.",
        "rows: list<{key, uscc, props, src}> — key is the document number; load: string — the LoadRun id (provenance)",
        "EIAApproval",
        "a",
        before="MATCH (e:Enterprise {uscc: row.uscc})\n",
        after="MERGE (e)-[r1:OBTAINED]->(a) SET r1._src = row.src, r1._load = $load\n",
    ),
    Upsert(
        "merge_enterprises",
        (
            "upsert enterprises (排污单位) and link them to their region and industry; a link to an old region or "
            "industry is removed when the source changes it."
        ),
        (
            "rows: list<{key, props, src}> — key is the USCC; props holds region_code and industry_code; load: "
            "string — the LoadRun id (provenance)"
        ),
        "Enterprise",
        "e",
        extra_set=", e.from_site = null",
        after=(
            "WITH e, row\n"
            "CALL (e, row) {\n"
            "  OPTIONAL MATCH (e)-[old:LOCATED_IN]->(r0:Region) WHERE r0.code <> row.props.region_code\n"
            "  DELETE old\n"
            "}\n"
            "CALL (e, row) {\n"
            "  OPTIONAL MATCH (e)-[old:IN_INDUSTRY]->(i0:Industry)\n"
            "  WHERE coalesce(i0.code <> row.props.industry_code, true)\n"
            "  DELETE old\n"
            "}\n"
            "MATCH (r:Region {code: row.props.region_code})\n"
            "MERGE (e)-[r1:LOCATED_IN]->(r) SET r1._src = row.src, r1._load = $load\n"
            "WITH e, row\n"
            "CALL (e, row) {\n"  # an industry the table does not hold is flagged on the node, not linked
            "  MATCH (i:Industry {code: row.props.industry_code})\n"
            "  MERGE (e)-[r2:IN_INDUSTRY]->(i) SET r2._src = row.src, r2._load = $load\n"
            "}\n"
        ),
    ),
    Upsert(
        "merge_execution_reports",
        "execution reports (执行报告) filed under a permit, by period.",
        (
            'rows: list<{key, permit, props, src}> — key is "<permit number>:<period>"; load: string — the LoadRun '
            "id (provenance)"
        ),
        "ExecutionReport",
        "r",
        before="MATCH (p:Permit {number: row.permit})\n",
        after="MERGE (p)-[r1:FILED]->(r) SET r1._src = row.src, r1._load = $load\n",
    ),
    Upsert(
        "merge_hw_licences",
        "upsert hazardous-waste operating licences (危险废物经营许可证) and their holders.",
        "rows: list<{key, uscc, props, src}> — key is the licence number; load: string — the LoadRun id (provenance)",
        "HazardousWasteLicence",
        "l",
        before="MATCH (e:Enterprise {uscc: row.uscc})\n",
        after="MERGE (e)-[r1:HOLDS_LICENCE]->(l) SET r1._src = row.src, r1._load = $load\n",
    ),
    Upsert(
        "merge_inspections",
        "enforcement inspections (执法检查) of an enterprise.",
        "rows: list<{key, uscc, props, src}> — key is the inspection id; load: string — the LoadRun id (provenance)",
        "Inspection",
        "i",
        before="MATCH (e:Enterprise {uscc: row.uscc})\n",
        after="MERGE (i)-[r1:INSPECTED]->(e) SET r1._src = row.src, r1._load = $load\n",
    ),
    Upsert(
        "merge_outlets",
        "upsert outlets (排放口) of an enterprise.",
        (
            'rows: list<{key, uscc, site, props, src}> — key is "<owner>:<code>", site the site key or null; load: '
            "string — the LoadRun id (provenance)"
        ),
        "Outlet",
        "o",
        before="MATCH (e:Enterprise {uscc: row.uscc})\n",
        after=(
            "MERGE (e)-[r1:HAS_OUTLET]->(o) SET r1._src = row.src, r1._load = $load\n" + _site_link("o", "HAS_OUTLET")
        ),
    ),
    Upsert(
        "merge_penalties",
        "penalty decisions (处罚决定书) that follow a violation.",
        (
            "rows: list<{key, violation, props, src}> — key is the decision number; load: string — the LoadRun id "
            "(provenance)"
        ),
        "Penalty",
        "pe",
        before="MATCH (v:Violation {id: row.violation})\n",
        after="MERGE (pe)-[r1:PENALISES]->(v) SET r1._src = row.src, r1._load = $load\n",
    ),
    Upsert(
        "merge_permit_events",
        "a permit's history (first issue, renewals, changes, revocation) with validity windows.",
        (
            'rows: list<{key, permit, props, src}> — key is "<permit number>#<seq>"; load: string — the LoadRun id '
            "(provenance)"
        ),
        "PermitEvent",
        "ev",
        before="MATCH (p:Permit {number: row.permit})\n",
        after="MERGE (p)-[r1:HAS_EVENT]->(ev) SET r1._src = row.src, r1._load = $load\n",
    ),
    Upsert(
        "merge_permit_limits",
        (
            "permitted concentration and annual amount per outlet (or enterprise-wide) and pollutant, with "
            "provenance and change history like every other entity (a changed limit keeps its old values in a "
            "Change)."
        ),
        (
            "rows: list<{key, permit, pollutant, outlet, props, src}> — outlet is an outlet key or null "
            "(enterprise-wide); load: string — the LoadRun id (provenance)"
        ),
        "PermitLimit",
        "l",
        before=(
            "MATCH (p:Permit {number: row.permit})\n" + _POLLUTANT + "OPTIONAL MATCH (o:Outlet {key: row.outlet})\n"
            "WITH p, pol, o, row WHERE row.outlet IS NULL OR o IS NOT NULL\n"
        ),
        extra_set=", l.outlet_key = row.outlet, l.source = 'permit'",
        after=(
            "MERGE (p)-[r1:SETS_LIMIT]->(l) SET r1._src = row.src, r1._load = $load\n"
            "MERGE (l)-[r2:OF_POLLUTANT]->(pol) SET r2._src = row.src, r2._load = $load\n"
            "FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END |\n"
            "  MERGE (l)-[r3:FOR_OUTLET]->(o) SET r3._src = row.src, r3._load = $load\n"
            "  MERGE (p)-[r4:COVERS]->(o) SET r4._src = row.src, r4._load = $load)\n"
        ),
    ),
    Upsert(
        "merge_standard_limits",
        (
            "limits an emission standard (执行标准) sets for an outlet and pollutant, with no permit behind them: "
            "limit nodes of source 'standard', judged like a permit's."
        ),
        (
            "rows: list<{key, pollutant, outlet, props, src}> — outlet is an outlet key; load: string — the LoadRun id "
            "(provenance)"
        ),
        "PermitLimit",
        "l",
        before=("MATCH (o:Outlet {key: row.outlet})\n" + _POLLUTANT),
        extra_set=", l.outlet_key = row.outlet, l.source = 'standard'",
        after=(
            "MERGE (l)-[r1:FOR_OUTLET]->(o) SET r1._src = row.src, r1._load = $load\n"
            "MERGE (l)-[r2:OF_POLLUTANT]->(pol) SET r2._src = row.src, r2._load = $load\n"
        ),
    ),
    Upsert(
        "merge_eia_limits",
        (
            "limits an EIA approval (环评批复) sets for an outlet and pollutant: limit nodes of source 'eia', linked "
            "to the approval, judged like a permit's."
        ),
        (
            "rows: list<{key, pollutant, outlet, doc, props, src}> — outlet is an outlet key, doc the approval's "
            "document number; load: string — the LoadRun id (provenance)"
        ),
        "PermitLimit",
        "l",
        before=("MATCH (o:Outlet {key: row.outlet})\nMATCH (a:EIAApproval {doc_number: row.doc})\n" + _POLLUTANT),
        extra_set=", l.outlet_key = row.outlet, l.source = 'eia'",
        after=(
            "MERGE (l)-[r1:FOR_OUTLET]->(o) SET r1._src = row.src, r1._load = $load\n"
            "MERGE (l)-[r2:OF_POLLUTANT]->(pol) SET r2._src = row.src, r2._load = $load\n"
            "MERGE (a)-[r3:SETS_LIMIT]->(l) SET r3._src = row.src, r3._load = $load\n"
        ),
    ),
    Upsert(
        "merge_permits",
        "upsert discharge permits (排污许可证) held by an enterprise.",
        (
            "rows: list<{key, uscc, site, props, src}> — key is the permit number, site the site key or null; load: "
            "string — the LoadRun id (provenance)"
        ),
        "Permit",
        "p",
        before="MATCH (e:Enterprise {uscc: row.uscc})\n",
        after=("MERGE (e)-[r1:HOLDS]->(p) SET r1._src = row.src, r1._load = $load\n" + _site_link("p", "HOLDS")),
    ),
    Upsert(
        "merge_production_facilities",
        "upsert production facilities (生产设施) operated by an enterprise.",
        (
            'rows: list<{key, uscc, site, props, src}> — key is "<owner>:<code>", site the site key or null; load: '
            "string — the LoadRun id (provenance)"
        ),
        "ProductionFacility",
        "f",
        before="MATCH (e:Enterprise {uscc: row.uscc})\n",
        after=("MERGE (e)-[r1:OPERATES]->(f) SET r1._src = row.src, r1._load = $load\n" + _site_link("f", "OPERATES")),
    ),
    Upsert(
        "merge_quota_trades",
        (
            "upsert emissions-trading deals (排污权交易): quota of one pollutant and year moved from the seller "
            "(SOLD_QUOTA) to the buyer (BOUGHT_BY)."
        ),
        (
            "rows: list<{key, seller, buyer, pollutant, props, src}> — key is the trade id; seller/buyer are USCCs; "
            "load: string — the LoadRun id (provenance)"
        ),
        "QuotaTrade",
        "t",
        before=("MATCH (s:Enterprise {uscc: row.seller})\nMATCH (b:Enterprise {uscc: row.buyer})\n" + _POLLUTANT),
        after=(
            "WITH t, s, b, pol, row\n"
            "CALL (t, s, b, pol) {\n"
            "  OPTIONAL MATCH (x)-[old:SOLD_QUOTA]->(t) WHERE x <> s\n"
            "  DELETE old\n"
            "}\n"
            "CALL (t, b, pol) {\n"
            "  OPTIONAL MATCH (t)-[old:BOUGHT_BY|OF_POLLUTANT]->(x) WHERE NOT x IN [b, pol]\n"
            "  DELETE old\n"
            "}\n"
            "MERGE (s)-[r1:SOLD_QUOTA]->(t) SET r1._src = row.src, r1._load = $load\n"
            "MERGE (t)-[r2:BOUGHT_BY]->(b) SET r2._src = row.src, r2._load = $load\n"
            "MERGE (t)-[r3:OF_POLLUTANT]->(pol) SET r3._src = row.src, r3._load = $load\n"
        ),
    ),
    Upsert(
        "merge_quotas",
        (
            "upsert total-amount control quotas (总量控制指标) with what each caps — a region at any level (CAPS) or "
            "an "
            "enterprise (HOLDS_QUOTA) — and its pollutant; a link the source no longer gives is removed."
        ),
        (
            "rows: list<{key, uscc, region, pollutant, props, src}> — key is the quota id; exactly one of uscc and "
            "region is set; load: string — the LoadRun id (provenance)"
        ),
        "Quota",
        "q",
        before=(
            _POLLUTANT + "OPTIONAL MATCH (e:Enterprise {uscc: row.uscc})\n"
            "OPTIONAL MATCH (g:Region {code: row.region})\n"
            "WITH * WHERE e IS NOT NULL OR g IS NOT NULL\n"
        ),
        after=(
            "WITH q, e, g, pol, row\n"
            "CALL (q, e, g, pol) {\n"
            "  OPTIONAL MATCH (q)-[old:CAPS|OF_POLLUTANT]->(x) WHERE NOT x IN [y IN [g, pol] WHERE y IS NOT NULL]\n"
            "  DELETE old\n"
            "}\n"
            "CALL (q, e) {\n"
            "  OPTIONAL MATCH (q)<-[old:HOLDS_QUOTA]-(x) WHERE x <> e OR e IS NULL\n"
            "  DELETE old\n"
            "}\n"
            "MERGE (q)-[r1:OF_POLLUTANT]->(pol) SET r1._src = row.src, r1._load = $load\n"
            "FOREACH (_ IN CASE WHEN e IS NULL THEN [] ELSE [1] END |\n"
            "  MERGE (e)-[r2:HOLDS_QUOTA]->(q) SET r2._src = row.src, r2._load = $load)\n"
            "FOREACH (_ IN CASE WHEN g IS NULL THEN [] ELSE [1] END |\n"
            "  MERGE (q)-[r3:CAPS]->(g) SET r3._src = row.src, r3._load = $load)\n"
        ),
    ),
    Upsert(
        "merge_sites",
        (
            "upsert the discharge sites (排污单位) of companies that run several under one USCC, linked to their "
            "company, region and industry; a company no enterprise row states is created from its first site "
            "(from_site: true)."
        ),
        (
            'rows: list<{key, uscc, company, props, src}> — key is "<USCC>/<site id>"; company: the properties of '
            "the company if it must be created; load: string — the LoadRun id (provenance)"
        ),
        "Site",
        "s",
        before=(
            "MERGE (e:Enterprise {uscc: row.uscc})\n"
            "ON CREATE SET e += row.company, e.from_site = true, e._src = row.src, e._load = $load\n"
        ),
        after=(
            "MERGE (e)-[r1:HAS_SITE]->(s) SET r1._src = row.src, r1._load = $load\n"
            "WITH s, e, row\n"
            "CALL (s, row) {\n"
            "  OPTIONAL MATCH (s)-[old:LOCATED_IN|IN_INDUSTRY]->(x)\n"
            "  WHERE NOT x.code IN [c IN [row.props.region_code, row.props.industry_code] WHERE c IS NOT NULL]\n"
            "  DELETE old\n"
            "}\n"
            "MATCH (r:Region {code: row.props.region_code})\n"
            "MERGE (s)-[r2:LOCATED_IN]->(r) SET r2._src = row.src, r2._load = $load\n"
            "WITH s, e, row\n"
            "CALL (s, row) {\n"
            "  MATCH (i:Industry {code: row.props.industry_code})\n"
            "  MERGE (s)-[r3:IN_INDUSTRY]->(i) SET r3._src = row.src, r3._load = $load\n"
            "}\n"
            "CALL (e, row) {\n"  # a company made from its sites is where its first site is, once
            "  WITH e, row WHERE e.from_site AND NOT (e)-[:LOCATED_IN]->()\n"
            "  MATCH (r0:Region {code: e.region_code})\n"
            "  CREATE (e)-[:LOCATED_IN {_src: row.src, _load: $load}]->(r0)\n"
            "  WITH e, row\n"
            "  MATCH (i0:Industry {code: e.industry_code})\n"
            "  CREATE (e)-[:IN_INDUSTRY {_src: row.src, _load: $load}]->(i0)\n"
            "}\n"
        ),
    ),
    Upsert(
        "merge_treatment_facilities",
        "upsert treatment facilities (污染防治设施) operated by an enterprise.",
        (
            'rows: list<{key, uscc, site, props, src}> — key is "<owner>:<code>", site the site key or null; load: '
            "string — the LoadRun id (provenance)"
        ),
        "TreatmentFacility",
        "t",
        before="MATCH (e:Enterprise {uscc: row.uscc})\n",
        after=("MERGE (e)-[r1:OPERATES]->(t) SET r1._src = row.src, r1._load = $load\n" + _site_link("t", "OPERATES")),
    ),
    Upsert(
        "merge_violations",
        "violations tied to their enterprise and, where known, inspection, permit, outlet, pollutant.",
        (
            "rows: list<{key, uscc, inspection, permit, outlet, pollutant, props, src}> — optional refs are null; "
            "load: string — the LoadRun id (provenance)"
        ),
        "Violation",
        "v",
        before="MATCH (e:Enterprise {uscc: row.uscc})\n",
        after=(
            "MERGE (v)-[r1:COMMITTED_BY]->(e) SET r1._src = row.src, r1._load = $load\n"
            "WITH v, row\n"
            "OPTIONAL MATCH (i:Inspection {id: row.inspection})\n"
            "OPTIONAL MATCH (p:Permit {number: row.permit})\n"
            "OPTIONAL MATCH (o:Outlet {key: row.outlet})\n"
            "OPTIONAL MATCH (pol:Pollutant {code: row.pollutant})\n"
            "FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | MERGE (i)-[r2:FOUND]->(v) SET r2._src = "
            "row.src, r2._load = $load)\n"
            "FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (v)-[r3:UNDER_PERMIT]->(p) SET r3._src = "
            "row.src, r3._load = $load)\n"
            "FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (v)-[r4:AT_OUTLET]->(o) SET r4._src = "
            "row.src, r4._load = $load)\n"
            "FOREACH (_ IN CASE WHEN pol IS NULL THEN [] ELSE [1] END | MERGE (v)-[r5:OF_POLLUTANT]->(pol) SET "
            "r5._src = row.src, r5._load = $load)\n"
        ),
    ),
    Upsert(
        "merge_waste_transfers",
        "hazardous-waste transfers (转移联单) from a generator to a receiving enterprise.",
        (
            "rows: list<{key, from, to, props, src}> — key is the manifest number; from/to are USCCs; load: string — "
            "the LoadRun id (provenance)"
        ),
        "WasteTransfer",
        "t",
        before=("MATCH (a:Enterprise {uscc: row.from})\nMATCH (b:Enterprise {uscc: row.to})\n"),
        after=(
            "MERGE (a)-[r1:SHIPPED]->(t) SET r1._src = row.src, r1._load = $load\n"
            "MERGE (t)-[r2:RECEIVED_BY]->(b) SET r2._src = row.src, r2._load = $load\n"
        ),
    ),
)


def upsert_text(u: Upsert) -> str:
    v, key = u.var, LABELS[u.label].key
    return (
        f"// {u.name}: {u.summary}\n"
        f"// params: {u.params}\n"
        "UNWIND $rows AS row\n"
        f"{u.before}"
        f"MERGE ({v}:{u.label} {{{key}: row.key}})\n"
        f"WITH *, [k IN keys(row.props) WHERE {v}[k] IS NOT NULL AND coalesce({v}[k] <> row.props[k], true)]"
        " AS changed\n"
        f"CALL ({v}, row, changed) {{\n"
        f"  WITH {v}, row, changed WHERE size(changed) > 0 AND coalesce({v}._load <> $load, true)\n"
        f"  CREATE ({v})-[:CHANGED]->(:Change {{load: $load, at: datetime(), previous_src: {v}._src, fields: changed,\n"
        f"    old: [k IN changed | CASE WHEN valueType({v}[k]) STARTS WITH 'LIST'\n"
        f"                              THEN reduce(s = '', x IN {v}[k] | s + toString(x) + ';')"
        f" ELSE toString({v}[k]) END]}})\n"
        "}\n"
        f"SET {v} += row.props{u.extra_set}, {v}._src = row.src, {v}._load = $load\n"
        f"{u.after}"
        "RETURN count(*) AS matched\n"
    )


@cache
def upsert_queries() -> dict[str, tuple[str, str, str]]:
    """name → (summary, params line, text) of every upsert."""
    return {u.name: (u.summary, u.params, upsert_text(u)) for u in UPSERTS}
