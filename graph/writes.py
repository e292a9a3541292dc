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
from typing import Literal

from graph.model import Row, node_rows, refs_of
from graph.relations import EDGES, LABELS, Edge

# A pollutant a row names, made as an unlisted code when the dictionary lacks it (check_data_quality reports it):
# the one linked node an upsert creates rather than matches, so it is written here and linked as `bound`.
_POLLUTANT = (
    "MERGE (pol:Pollutant {code: row.pollutant}) ON CREATE SET pol.listed = false, pol.name = row.pollutant\nWITH *\n"
)

Mode = Literal["need", "maybe", "bound"]


@dataclass(frozen=True)
class Link:
    """A link an upsert writes over the edge of `type` between its node and the node of label `other` that the
    edge's `field` names: `need` matches it (a row naming none is not written), `maybe` links it when it is there,
    `bound` links the node the upsert's own `before` binds to `var` (an exception, saying why)."""

    other: str
    type: str
    var: str
    mode: Mode = "need"


@dataclass(frozen=True)
class Upsert:
    name: str
    summary: str
    params: str
    label: str
    var: str  # the node's variable in the fragments
    links: tuple[Link, ...] = ()  # its links, each over an edge of graph/relations.py
    before: str = ""  # exceptions between the links' MATCHes and the MERGE, each saying why
    extra_set: str = ""  # more `, var.x = …` after `SET var += row.props`
    after: str = ""  # exceptions after the links, each saying why


def edge_of(label: str, link: Link) -> Edge:
    """The edge a link of a `label` node goes over (the one between it and `other`, of the link's type)."""
    for e in EDGES:
        if e.type == link.type and {e.start, e.end} == {label, link.other} and e.field is not None:
            return e
    raise LookupError(f"no edge {link.type} between {label} and {link.other} declares its field")


def _ends(u: Upsert, e: Edge, far: str) -> tuple[str, str]:
    """The upsert's node and the far node, in the edge's direction."""
    return (u.var, far) if e.start == u.label else (far, u.var)


def _match(u: Upsert, link: Link) -> str:
    e = edge_of(u.label, link)
    if link.mode == "bound":
        return ""
    verb = "MATCH" if link.mode == "need" else "OPTIONAL MATCH"
    return f"{verb} ({link.var}:{link.other} {{{LABELS[link.other].key}: row.{e.field}}})\n"


def _stale(u: Upsert, link: Link) -> str:
    """For an edge a load replaces: remove this node's links of its type to any other node than the row's."""
    e = edge_of(u.label, link)
    if not e.replaced:
        return ""
    a, b = _ends(u, e, f"x:{link.other}")
    # a row giving no value leaves the link when it adds to the record, or another row of this load stated it
    other = (
        f"{link.var} IS NULL AND NOT again AND NOT coalesce(row.partial, false) OR x <> {link.var}"
        if link.mode == "maybe"
        else f"x <> {link.var}"
    )
    return (
        f"CALL ({u.var}, {link.var}, again, row) {{\n  OPTIONAL MATCH ({a})-[old:{e.type}]->({b}) WHERE {other}\n"
        "  DELETE old\n}\n"
    )


def _merge(u: Upsert, link: Link, i: int) -> str:
    e = edge_of(u.label, link)
    a, b = _ends(u, e, link.var)
    line = f"MERGE ({a})-[r{i}:{e.type}]->({b}) SET r{i}._src = row.src, r{i}._load = $load"
    if link.mode == "maybe":
        return f"FOREACH (_ IN CASE WHEN {link.var} IS NULL THEN [] ELSE [1] END |\n  {line})\n"
    return line + "\n"


_SITE = "Site"

# A limit row whose item is monitored automatically marks its outlet `o` automatically monitored (never unmarks it:
# another item may be).
_AUTO = (
    "FOREACH (_ IN CASE WHEN o IS NOT NULL AND (row.props.method = 'auto' OR row.props.frequency = 'continuous')\n"
    "  THEN [1] ELSE [] END | SET o.auto_monitored = true)\n"
)

UPSERTS: tuple[Upsert, ...] = (
    Upsert(
        "merge_eia_approvals",
        "upsert EIA approvals (环评批复) obtained by an enterprise.",
        "rows: list<{key, uscc, props, src}> — key is the document number; load: string — the LoadRun id (provenance)",
        "EIAApproval",
        "a",
        links=(Link("Enterprise", "OBTAINED", "e"),),
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
        # an industry the table does not hold is flagged on the node, not linked
        links=(Link("Region", "LOCATED_IN", "r", "maybe"), Link("Industry", "IN_INDUSTRY", "i", "maybe")),
        extra_set=", e.from_site = null",
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
        links=(Link("Permit", "FILED", "p"),),
    ),
    Upsert(
        "merge_hw_licences",
        "upsert hazardous-waste operating licences (危险废物经营许可证) and their holders.",
        "rows: list<{key, uscc, props, src}> — key is the licence number; load: string — the LoadRun id (provenance)",
        "HazardousWasteLicence",
        "l",
        links=(Link("Enterprise", "HOLDS_LICENCE", "e"),),
    ),
    Upsert(
        "merge_inspections",
        "enforcement inspections (执法检查) of an enterprise.",
        "rows: list<{key, uscc, props, src}> — key is the inspection id; load: string — the LoadRun id (provenance)",
        "Inspection",
        "i",
        links=(Link("Enterprise", "INSPECTED", "e"),),
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
        links=(Link("Enterprise", "HAS_OUTLET", "e"), Link(_SITE, "HAS_OUTLET", "s", "maybe")),
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
        links=(Link("Violation", "PENALISES", "v"),),
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
        links=(Link("Permit", "HAS_EVENT", "p"),),
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
        links=(
            Link("Permit", "SETS_LIMIT", "p"),
            Link("Pollutant", "OF_POLLUTANT", "pol", "bound"),
            Link("Outlet", "FOR_OUTLET", "o", "maybe"),
        ),
        # a row naming an outlet the graph lacks is not written (null: the limit is enterprise-wide)
        before=_POLLUTANT + "WITH * WHERE row.outlet IS NULL OR o IS NOT NULL\n",
        extra_set=", l.outlet_key = row.outlet, l.source = 'permit'",
        # a permit covers the outlets its limits are set for: a link between two other nodes
        # … and an automatically monitored item (监测方式 自动, or 自动监测 as its frequency) makes its outlet one
        after=(
            "FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END |\n"
            "  MERGE (p)-[c:COVERS]->(o) SET c._src = row.src, c._load = $load)\n" + _AUTO
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
        links=(Link("Outlet", "FOR_OUTLET", "o"), Link("Pollutant", "OF_POLLUTANT", "pol", "bound")),
        before=_POLLUTANT,
        extra_set=", l.outlet_key = row.outlet, l.source = 'standard'",
        after=_AUTO,
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
        links=(
            Link("Outlet", "FOR_OUTLET", "o"),
            Link("Pollutant", "OF_POLLUTANT", "pol", "bound"),
            Link("EIAApproval", "SETS_LIMIT", "a"),
        ),
        before=_POLLUTANT,
        extra_set=", l.outlet_key = row.outlet, l.source = 'eia'",
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
        links=(Link("Enterprise", "HOLDS", "e"), Link(_SITE, "HOLDS", "s", "maybe")),
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
        links=(Link("Enterprise", "OPERATES", "e"), Link(_SITE, "OPERATES", "s", "maybe")),
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
        links=(
            Link("Enterprise", "SOLD_QUOTA", "s"),
            Link("Enterprise", "BOUGHT_BY", "b"),
            Link("Pollutant", "OF_POLLUTANT", "pol", "bound"),
        ),
        before=_POLLUTANT,
    ),
    Upsert(
        "merge_quotas",
        (
            "upsert total-amount control quotas (总量控制指标) with what each caps — a region at any level (CAPS) or "
            "an enterprise (HOLDS_QUOTA) — and its pollutant; a link the source no longer gives is removed."
        ),
        (
            "rows: list<{key, uscc, region, pollutant, props, src}> — key is the quota id; exactly one of uscc and "
            "region is set; load: string — the LoadRun id (provenance)"
        ),
        "Quota",
        "q",
        links=(
            Link("Pollutant", "OF_POLLUTANT", "pol", "bound"),
            Link("Enterprise", "HOLDS_QUOTA", "e", "maybe"),
            Link("Region", "CAPS", "g", "maybe"),
        ),
        # a quota caps an enterprise or a region: a row naming neither that the graph holds is not written
        before=_POLLUTANT + "WITH * WHERE e IS NOT NULL OR g IS NOT NULL\n",
    ),
    Upsert(
        "merge_sites",
        (
            "upsert the discharge sites (排污单位) of companies that run several under one USCC, linked to their "
            "company, region and industry; a company no enterprise row states is created from its first site "
            "(from_site: true)."
        ),
        (
            'rows: list<{key, uscc, company, named, props, src}> — key is "<USCC>/<site id>"; company: the '
            "properties of the company if it must be created; named: its registered name when the row gives it; "
            "load: string — the LoadRun id (provenance)"
        ),
        "Site",
        "s",
        links=(
            Link("Enterprise", "HAS_SITE", "e", "bound"),
            Link("Region", "LOCATED_IN", "r", "maybe"),
            Link("Industry", "IN_INDUSTRY", "i", "maybe"),
        ),
        # a site's company is made from it when no enterprise row states the company
        before=(
            "MERGE (e:Enterprise {uscc: row.uscc})\n"
            "ON CREATE SET e += row.company, e.from_site = true, e._src = row.src, e._load = $load\n"
            # a company made from its sites takes the registered name a later site row gives
            "FOREACH (_ IN CASE WHEN e.from_site AND row.named IS NOT NULL THEN [1] ELSE [] END |\n"
            "  SET e.name = row.named)\n"
        ),
        after=(
            "WITH s, e, row\n"
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
        links=(Link("Enterprise", "OPERATES", "e"), Link(_SITE, "OPERATES", "s", "maybe")),
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
        links=(
            Link("Enterprise", "COMMITTED_BY", "e"),
            Link("Inspection", "FOUND", "i", "maybe"),
            Link("Permit", "UNDER_PERMIT", "p", "maybe"),
            Link("Outlet", "AT_OUTLET", "o", "maybe"),
            Link("Pollutant", "OF_POLLUTANT", "pol", "maybe"),
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
        links=(Link("Enterprise", "SHIPPED", "a"), Link("Enterprise", "RECEIVED_BY", "b")),
    ),
)


def derived_upsert(row: type[Row]) -> Upsert:
    """The upsert of a row model no upsert above is written for: its links are the label's edges whose `field` is
    a reference field of the row (`need` when the row must give it, `maybe` when it may be empty)."""
    label = LABELS[str(row.NODE)]
    links: list[Link] = []
    for name, ref in refs_of(row):
        for e in EDGES:
            if e.field == name and {e.start, e.end} == {label.name, ref.label}:
                mode: Mode = "need" if row.model_fields[name].is_required() else "maybe"
                links.append(Link(ref.label, e.type, f"x{len(links)}", mode))
    fields = "".join(f"{edge_of(label.name, link).field}, " for link in links)
    return Upsert(
        f"merge_{label.plural}",
        f"upsert {label.name} nodes and their links, as graph/relations.py and the row model declare them.",
        f"rows: list<{{key, {fields}props, src}}> — key is the {label.key}; load: string — the LoadRun id (provenance)",
        label.name,
        "n",
        links=tuple(links),
    )


@cache
def all_upserts() -> tuple[Upsert, ...]:
    """The upserts written above, and one derived for every other row model stating a node."""
    written = {u.label for u in UPSERTS}
    return UPSERTS + tuple(derived_upsert(row) for row in node_rows() if row.NODE not in written)


def upsert_text(u: Upsert) -> str:
    v, key = u.var, LABELS[u.label].key
    return (
        f"// {u.name}: {u.summary}\n"
        f"// params: {u.params}\n"
        "UNWIND $rows AS row\n" + "".join(_match(u, link) for link in u.links) + f"{u.before}"
        f"MERGE ({v}:{u.label} {{{key}: row.key}})\n"
        # `nulls`: the fields the row gives no value for; they clear a value an earlier load left, never one another
        # row of this load stated (several rows may state one record: loaders/merge.py)
        f"WITH *, coalesce({v}._load = $load, false) AS again\n"
        f"WITH *, CASE WHEN again THEN {{}} ELSE coalesce(row.nulls, {{}}) END AS nulls\n"
        f"WITH *, [k IN keys(row.props) + keys(nulls) WHERE {v}[k] IS NOT NULL"
        f" AND coalesce({v}[k] <> row.props[k], true)] AS changed\n"
        f"CALL ({v}, row, changed, again) {{\n"
        f"  WITH {v}, row, changed WHERE size(changed) > 0 AND NOT again\n"
        f"  CREATE ({v})-[:CHANGED]->(:Change {{load: $load, at: datetime(), previous_src: {v}._src, fields: changed,\n"
        f"    old: [k IN changed | CASE WHEN valueType({v}[k]) STARTS WITH 'LIST'\n"
        f"                              THEN reduce(s = '', x IN {v}[k] | s + toString(x) + ';')"
        f" ELSE toString({v}[k]) END]}})\n"
        "}\n"
        f"SET {v} += row.props, {v} += nulls{u.extra_set}, {v}._src = row.src, {v}._load = $load,\n"
        # every row that stated it, each with the load that last did: "<file[#sheet]:row[ (fields)]> @<load>"
        f"  {v}._sources = [s IN coalesce({v}._sources, []) WHERE s <> row.src AND NOT s STARTS WITH row.src + ' @']"
        " + (row.src + ' @' + $load)\n"
        + ("WITH *\n" + stale if (stale := "".join(_stale(u, link) for link in u.links)) else "")
        + "".join(_merge(u, link, i) for i, link in enumerate(u.links, 1))
        + f"{u.after}"
        + "RETURN count(*) AS matched\n"
    )


@cache
def upsert_queries() -> dict[str, tuple[str, str, str]]:
    """name → (summary, params line, text) of every upsert."""
    return {u.name: (u.summary, u.params, upsert_text(u)) for u in all_upserts()}
