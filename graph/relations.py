"""The graph's labels and relationships, declared once: each label's natural key, the name its queries use, and
the one-hop lists of its relationships (type, direction, target, order). From this table come the batched hop
queries (`list_<hop>_of_<plural>`) and look-ups (`get_<plural>`) of the query catalog, generated at import — so a
relationship is added here, not as another copy of a query file — and the key properties the API's `node(id:)`
and the migrations use. Hand-written Cypher (views, checks, aggregates, merges) stays in `queries/`.

Why generated at import rather than written out with a `--check`: the text is a pure function of this table, a
file would only be a second copy to keep in step, and `permitgraph`'s catalog already serves every query by name
(the generated ones read exactly like the files did, header included, for `namedQueries`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

_SUFFIX = "; batched over many keys (one round trip per GraphQL level)."


@dataclass(frozen=True)
class Hop:
    """One list a node reaches over one relationship: `list_<name>_of_<its label's plural>`."""

    name: str
    type: str  # the relationship type
    direction: Literal["out", "in"]  # from the node
    target: str  # the label at the other end
    order: str  # ORDER BY over the targets `n` (ends with a unique property, so pages never overlap)
    summary: str  # what the list is, for the query's header


@dataclass(frozen=True)
class Place:
    """Where an object of a label lies, for region scope (schema/guard.py): by a region code of its own (`own`),
    or where the owners its hops reach lie (`via`: hop names of this label, each to a label that is placed in turn).
    The first hop that reaches a placed owner decides (a site before its company), or with `spread` every hop
    counts (a transfer lies where its shipper and where its receiver lie). A label placed nowhere (a code table)
    lies in no region: a region-scoped caller sees it as the public does."""

    own: str | None = None
    via: tuple[str, ...] = ()
    spread: bool = False


NATIONAL = Place()


@dataclass(frozen=True)
class Label:
    name: str
    key: str  # the natural key property (unique constraint)
    plural: str  # in query names
    hops: tuple[Hop, ...] = ()
    get_summary: str | None = None  # the look-up's header when the key needs explaining
    place: Place = NATIONAL


MODEL: tuple[Label, ...] = (
    Label(
        "Region",
        "code",
        "regions",
        place=Place(own="code"),
        hops=(
            Hop(
                "parents",
                "PART_OF",
                "out",
                "Region",
                "n.code",
                "the region one level up (county → prefecture → province)",
            ),
            Hop(
                "quotas",
                "CAPS",
                "in",
                "Quota",
                "n.year DESC, n.pollutant_code, n.id",
                "the regional total-amount quotas that cap a region, newest year first",
            ),
        ),
    ),
    Label(
        "Industry",
        "code",
        "industries",
        hops=(Hop("parents", "PART_OF", "out", "Industry", "n.code", "the industry class one level up"),),
    ),
    Label(
        "Pollutant",
        "code",
        "pollutants",
    ),
    Label(
        "Enterprise",
        "uscc",
        "enterprises",
        place=Place(own="region_code"),
        hops=(
            Hop(
                "eia_approvals",
                "OBTAINED",
                "out",
                "EIAApproval",
                "n.approved_on DESC, n.doc_number",
                "the EIA approvals (环评批复) an enterprise obtained, newest first",
            ),
            Hop(
                "hw_licences",
                "HOLDS_LICENCE",
                "out",
                "HazardousWasteLicence",
                "n.valid_to DESC, n.number",
                "the hazardous-waste licences an enterprise holds",
            ),
            Hop("industries", "IN_INDUSTRY", "out", "Industry", "n.code", "the industry class of an enterprise"),
            Hop(
                "inspections",
                "INSPECTED",
                "in",
                "Inspection",
                "n.date DESC, n.id",
                "inspections of an enterprise, newest first",
            ),
            Hop("outlets", "HAS_OUTLET", "out", "Outlet", "n.code", "the outlets (排放口) of an enterprise"),
            Hop(
                "parents", "SUBSIDIARY_OF", "out", "Enterprise", "n.uscc", "the parent company (group) of an enterprise"
            ),
            Hop(
                "permits",
                "HOLDS",
                "out",
                "Permit",
                "n.valid_from DESC, n.number",
                "the permits an enterprise holds, newest validity first",
            ),
            Hop(
                "production_facilities",
                "OPERATES",
                "out",
                "ProductionFacility",
                "n.code",
                "the production facilities (生产设施) an enterprise operates",
            ),
            Hop(
                "sites",
                "HAS_SITE",
                "out",
                "Site",
                "n.site",
                "the discharge sites (排污单位) of a company that runs several under one USCC",
            ),
            Hop(
                "quota_purchases",
                "BOUGHT_BY",
                "in",
                "QuotaTrade",
                "n.date DESC, n.id",
                "the emissions trades (排污权交易) in which an enterprise bought quota, newest first",
            ),
            Hop(
                "quota_sales",
                "SOLD_QUOTA",
                "out",
                "QuotaTrade",
                "n.date DESC, n.id",
                "the emissions trades (排污权交易) in which an enterprise sold quota, newest first",
            ),
            Hop(
                "quotas",
                "HOLDS_QUOTA",
                "out",
                "Quota",
                "n.year DESC, n.pollutant_code, n.id",
                "the total-amount quotas (总量控制指标) an enterprise holds, newest year first",
            ),
            Hop(
                "receipts",
                "RECEIVED_BY",
                "in",
                "WasteTransfer",
                "n.date DESC, n.manifest_no",
                "hazardous-waste transfers an enterprise received, newest first",
            ),
            Hop(
                "regions",
                "LOCATED_IN",
                "out",
                "Region",
                "n.code",
                "the county-level region an enterprise is located in",
            ),
            Hop(
                "shipments",
                "SHIPPED",
                "out",
                "WasteTransfer",
                "n.date DESC, n.manifest_no",
                "hazardous-waste transfers an enterprise shipped, newest first",
            ),
            Hop(
                "subsidiaries",
                "SUBSIDIARY_OF",
                "in",
                "Enterprise",
                "n.name, n.uscc",
                "the subsidiaries of an enterprise",
            ),
            Hop(
                "treatment_facilities",
                "OPERATES",
                "out",
                "TreatmentFacility",
                "n.code",
                "the treatment facilities (治污设施) an enterprise operates",
            ),
        ),
    ),
    Label(
        "Site",
        "key",
        "sites",
        place=Place(own="region_code"),
        hops=(
            Hop(
                "enterprises", "HAS_SITE", "in", "Enterprise", "n.uscc", "the company (legal entity) a site belongs to"
            ),
            Hop("outlets", "HAS_OUTLET", "out", "Outlet", "n.code", "the outlets (排放口) of a site"),
            Hop(
                "permits",
                "HOLDS",
                "out",
                "Permit",
                "n.valid_from DESC, n.number",
                "the permits a site holds, newest validity first",
            ),
            Hop(
                "production_facilities",
                "OPERATES",
                "out",
                "ProductionFacility",
                "n.code",
                "the production facilities (生产设施) of a site",
            ),
            Hop(
                "treatment_facilities",
                "OPERATES",
                "out",
                "TreatmentFacility",
                "n.code",
                "the treatment facilities (污染防治设施) of a site",
            ),
        ),
        get_summary='Site nodes by their key ("<USCC>/<site id>")',
    ),
    Label(
        "ProductionFacility",
        "key",
        "production_facilities",
        place=Place(via=("sites", "enterprises")),
        hops=(
            Hop(
                "eia_approvals",
                "APPROVES",
                "in",
                "EIAApproval",
                "n.approved_on DESC, n.doc_number",
                "the EIA approvals that approved a production facility",
            ),
            Hop(
                "enterprises",
                "OPERATES",
                "in",
                "Enterprise",
                "n.uscc",
                "the enterprise operating a production facility",
            ),
            Hop("sites", "OPERATES", "in", "Site", "n.key", "the site of a production facility (a company's site)"),
            Hop(
                "treatment_facilities",
                "FEEDS",
                "out",
                "TreatmentFacility",
                "n.code",
                "the treatment facilities a production facility feeds",
            ),
            Hop(
                "untreated_outlets",
                "DISCHARGES_TO",
                "out",
                "Outlet",
                "n.code",
                "outlets a production facility discharges to without treatment",
            ),
        ),
    ),
    Label(
        "TreatmentFacility",
        "key",
        "treatment_facilities",
        place=Place(via=("sites", "enterprises")),
        hops=(
            Hop(
                "enterprises", "OPERATES", "in", "Enterprise", "n.uscc", "the enterprise operating a treatment facility"
            ),
            Hop("sites", "OPERATES", "in", "Site", "n.key", "the site of a treatment facility (a company's site)"),
            Hop(
                "outlets", "DISCHARGES_TO", "out", "Outlet", "n.code", "the outlets a treatment facility discharges to"
            ),
            Hop(
                "sources",
                "FEEDS",
                "in",
                "ProductionFacility",
                "n.code",
                "the production facilities feeding a treatment facility",
            ),
            Hop(
                "upstream",
                "FEEDS",
                "in",
                "TreatmentFacility",
                "n.key",
                "the treatment facilities before a treatment facility in series (their effluent is its inflow)",
            ),
            Hop(
                "downstream",
                "FEEDS",
                "out",
                "TreatmentFacility",
                "n.key",
                "the treatment facilities after a treatment facility in series",
            ),
        ),
    ),
    Label(
        "Outlet",
        "key",
        "outlets",
        place=Place(via=("sites", "enterprises")),
        hops=(
            Hop("enterprises", "HAS_OUTLET", "in", "Enterprise", "n.uscc", "the enterprise an outlet belongs to"),
            Hop("sites", "HAS_OUTLET", "in", "Site", "n.key", "the site of an outlet (a company's site)"),
            Hop(
                "exceedances",
                "AT_OUTLET",
                "in",
                "Exceedance",
                "n.date DESC, n.key",
                "exceedances (超标) at an outlet, newest first",
            ),
            Hop(
                "limits",
                "FOR_OUTLET",
                "in",
                "PermitLimit",
                "n.pollutant_code, n.key",
                "the permitted limits (许可排放限值) set for an outlet",
            ),
            Hop("permits", "COVERS", "in", "Permit", "n.valid_from DESC, n.number", "the permits covering an outlet"),
            Hop(
                "series",
                "HAS_SERIES",
                "out",
                "MonitoringMonth",
                "n.month DESC, n.pollutant, n.method",
                "monthly monitoring series of an outlet, newest month first",
            ),
            Hop(
                "treatment_facilities",
                "DISCHARGES_TO",
                "in",
                "TreatmentFacility",
                "n.code",
                "the treatment facilities discharging to an outlet",
            ),
            Hop(
                "untreated_sources",
                "DISCHARGES_TO",
                "in",
                "ProductionFacility",
                "n.code",
                "production facilities discharging to an outlet without treatment",
            ),
            Hop(
                "violations",
                "AT_OUTLET",
                "in",
                "Violation",
                "n.date DESC, n.id",
                "violations recorded at an outlet, newest first",
            ),
        ),
    ),
    Label(
        "EIAApproval",
        "doc_number",
        "eia_approvals",
        place=Place(via=("enterprises",)),
        hops=(
            Hop(
                "enterprises", "OBTAINED", "in", "Enterprise", "n.uscc", "the enterprise that obtained an EIA approval"
            ),
            Hop(
                "facilities",
                "APPROVES",
                "out",
                "ProductionFacility",
                "n.code",
                "the production facilities an EIA approval approved",
            ),
            Hop("permits", "INCORPORATES", "in", "Permit", "n.number", "the permits incorporating an EIA approval"),
        ),
    ),
    Label(
        "Permit",
        "number",
        "permits",
        place=Place(via=("sites", "enterprises")),
        hops=(
            Hop("sites", "HOLDS", "in", "Site", "n.key", "the site holding a permit (a company's site)"),
            Hop(
                "eia_approvals",
                "INCORPORATES",
                "out",
                "EIAApproval",
                "n.approved_on DESC, n.doc_number",
                "the EIA approvals incorporated into a permit (一证式)",
            ),
            Hop("enterprises", "HOLDS", "in", "Enterprise", "n.uscc", "the enterprise holding a permit"),
            Hop(
                "events",
                "HAS_EVENT",
                "out",
                "PermitEvent",
                "n.seq",
                "a permit's history: issue, renewals, changes, revocation, in order",
            ),
            Hop(
                "limits",
                "SETS_LIMIT",
                "out",
                "PermitLimit",
                "n.pollutant_code, n.outlet_key",
                "the limits a permit sets, by pollutant",
            ),
            Hop("outlets", "COVERS", "out", "Outlet", "n.code", "the outlets a permit covers"),
            Hop(
                "reports",
                "FILED",
                "out",
                "ExecutionReport",
                "n.due_on DESC, n.period DESC",
                "execution reports (执行报告) filed under a permit, newest period first",
            ),
            Hop(
                "violations",
                "UNDER_PERMIT",
                "in",
                "Violation",
                "n.date DESC, n.id",
                "violations of a permit, newest first",
            ),
        ),
    ),
    Label(
        "PermitEvent",
        "key",
        "permit_events",
        place=Place(via=("permits",)),
        hops=(Hop("permits", "HAS_EVENT", "in", "Permit", "n.number", "the permit an event belongs to"),),
    ),
    Label(
        "PermitLimit",
        "key",
        "permit_limits",
        place=Place(via=("permits", "eia_approvals", "outlets")),
        hops=(
            Hop(
                "outlets",
                "FOR_OUTLET",
                "out",
                "Outlet",
                "n.key",
                "the outlet a limit applies to (none: enterprise-wide)",
            ),
            Hop("permits", "SETS_LIMIT", "in", "Permit", "n.number", "the permit setting a limit"),
            Hop("eia_approvals", "SETS_LIMIT", "in", "EIAApproval", "n.doc_number", "the EIA approval setting a limit"),
            Hop("pollutants", "OF_POLLUTANT", "out", "Pollutant", "n.code", "the pollutant a limit is for"),
        ),
    ),
    Label(
        "HazardousWasteLicence",
        "number",
        "hw_licences",
        place=Place(via=("enterprises",)),
        hops=(
            Hop(
                "enterprises", "HOLDS_LICENCE", "in", "Enterprise", "n.uscc", "the holder of a hazardous-waste licence"
            ),
        ),
    ),
    Label(
        "WasteTransfer",
        "manifest_no",
        "waste_transfers",
        place=Place(via=("shippers", "receivers"), spread=True),
        hops=(
            Hop(
                "receivers",
                "RECEIVED_BY",
                "out",
                "Enterprise",
                "n.uscc",
                "the enterprise that received a hazardous-waste transfer",
            ),
            Hop(
                "shippers",
                "SHIPPED",
                "in",
                "Enterprise",
                "n.uscc",
                "the enterprise that shipped a hazardous-waste transfer",
            ),
        ),
    ),
    Label(
        "ExecutionReport",
        "key",
        "execution_reports",
        place=Place(via=("permits",)),
        hops=(Hop("permits", "FILED", "in", "Permit", "n.number", "the permit an execution report was filed under"),),
    ),
    Label(
        "MonitoringMonth",
        "key",
        "monitoring_months",
        place=Place(via=("outlets",)),
        hops=(
            Hop(
                "exceedances",
                "HAS_EXCEEDANCE",
                "out",
                "Exceedance",
                "n.date, n.key",
                "the exceedances derived from a monitoring series, by date",
            ),
            Hop("outlets", "HAS_SERIES", "in", "Outlet", "n.key", "the outlet a monitoring series belongs to"),
        ),
    ),
    Label(
        "Exceedance",
        "key",
        "exceedances",
        place=Place(via=("outlets",)),
        hops=(
            Hop("limits", "AGAINST_LIMIT", "out", "PermitLimit", "n.key", "the permitted limit an exceedance broke"),
            Hop("outlets", "AT_OUTLET", "out", "Outlet", "n.key", "the outlet of an exceedance"),
        ),
    ),
    Label(
        "Inspection",
        "id",
        "inspections",
        place=Place(via=("enterprises",)),
        hops=(
            Hop("enterprises", "INSPECTED", "out", "Enterprise", "n.uscc", "the enterprise inspected"),
            Hop("violations", "FOUND", "out", "Violation", "n.date DESC, n.id", "the violations an inspection found"),
        ),
    ),
    Label(
        "Violation",
        "id",
        "violations",
        place=Place(via=("outlets", "enterprises")),
        hops=(
            Hop(
                "enterprises",
                "COMMITTED_BY",
                "out",
                "Enterprise",
                "n.uscc",
                "the enterprise that committed a violation",
            ),
            Hop("inspections", "FOUND", "in", "Inspection", "n.id", "the inspection that found a violation"),
            Hop("outlets", "AT_OUTLET", "out", "Outlet", "n.key", "the outlet a violation concerns"),
            Hop(
                "penalties",
                "PENALISES",
                "in",
                "Penalty",
                "n.date, n.decision_number",
                "the penalties (行政处罚) that followed a violation",
            ),
            Hop("permits", "UNDER_PERMIT", "out", "Permit", "n.number", "the permit a violation breaches"),
            Hop("pollutants", "OF_POLLUTANT", "out", "Pollutant", "n.code", "the pollutant a violation concerns"),
        ),
    ),
    Label(
        "Penalty",
        "decision_number",
        "penalties",
        place=Place(via=("violations",)),
        hops=(Hop("violations", "PENALISES", "out", "Violation", "n.id", "the violation a penalty punishes"),),
    ),
    Label(
        "Quota",
        "id",
        "quotas",
        place=Place(own="region_code", via=("enterprises",)),
        hops=(
            Hop(
                "enterprises",
                "HOLDS_QUOTA",
                "in",
                "Enterprise",
                "n.uscc",
                "the enterprise holding a quota (none for a regional quota)",
            ),
            Hop("pollutants", "OF_POLLUTANT", "out", "Pollutant", "n.code", "the pollutant a quota is for"),
            Hop(
                "regions",
                "CAPS",
                "out",
                "Region",
                "n.code",
                "the region a regional quota caps (none for an enterprise quota)",
            ),
        ),
    ),
    Label(
        "QuotaTrade",
        "id",
        "quota_trades",
        place=Place(via=("sellers", "buyers"), spread=True),
        hops=(
            Hop(
                "buyers", "BOUGHT_BY", "out", "Enterprise", "n.uscc", "the enterprise that bought the quota in a trade"
            ),
            Hop("pollutants", "OF_POLLUTANT", "out", "Pollutant", "n.code", "the pollutant whose quota a trade moved"),
            Hop("sellers", "SOLD_QUOTA", "in", "Enterprise", "n.uscc", "the enterprise that sold the quota in a trade"),
        ),
    ),
    Label(
        "Finding",
        "key",
        "findings",
        place=Place(own="region_code", via=("regions",)),
        get_summary="Finding nodes by their key (<rule>:<subject>)",
        hops=(
            Hop(
                "regions",
                "CONCERNS",
                "out",
                "Region",
                "n.code",
                "the region a regional finding concerns (none for a finding about an enterprise)",
            ),
        ),
    ),
    # Written by the API, never loaded: published disclosure-list entries (snapshots) and the audit trail.
    Label(
        "DisclosureEntry",
        "key",
        "disclosure_entries",
        place=Place(own="region_code"),
        get_summary="DisclosureEntry nodes by their key (<list>:finding:<finding key> or <list>:penalty:<decision>)",
    ),
    Label("AuditEntry", "id", "audit_entries"),
)
LABELS: dict[str, Label] = {label.name: label for label in MODEL}


def get_query_name(label: str) -> str:
    return f"get_{LABELS[label].plural}"


def hop_query_name(label: str, hop: str) -> str:
    return f"list_{hop}_of_{LABELS[label].plural}"


Generated = tuple[str, str, str, str]  # (name, summary, params line, text)


def _query(name: str, summary: str, params: str, body: str) -> Generated:
    return name, summary, params, f"// {name}: {summary}\n// params: {params}\n{body}"


def _hop_query(label: Label, hop: Hop) -> Generated:
    arrow = f"-[:{hop.type}]->" if hop.direction == "out" else f"<-[:{hop.type}]-"
    params = (
        f"keys: list<string> — {label.name}.{label.key} values; offset: int; first: int — the page of each key's list"
    )
    # Only the page is projected: the list is counted, then sorted and cut before any node becomes a map.
    body = (
        "UNWIND $keys AS key\n"
        f"MATCH (s:{label.name} {{{label.key}: key}})\n"
        f"CALL (s) {{ MATCH (s){arrow}(n:{hop.target}) RETURN count(n) AS total }}\n"
        "WITH key, s, total WHERE total > 0\n"
        "CALL (s) {\n"
        f"  MATCH (s){arrow}(n:{hop.target})\n"
        f"  WITH n ORDER BY {hop.order} SKIP $offset LIMIT $first\n"
        "  RETURN collect(n {.*}) AS nodes\n"
        "}\n"
        "RETURN key, total, nodes\n"
    )
    return _query(f"list_{hop.name}_of_{label.plural}", hop.summary + _SUFFIX, params, body)


def _get_query(label: Label) -> Generated:
    what = label.get_summary or f"{label.name} nodes by their natural key ({label.key})"
    body = (
        "UNWIND $keys AS key\n"
        f"MATCH (n:{label.name} {{{label.key}: key}})\n"
        "RETURN key, 1 AS total, [n {.*}] AS nodes\n"
    )
    return _query(
        f"get_{label.plural}",
        f"{what}, for GraphQL node(id:) and batched look-ups.",
        f"keys: list<string> — {label.name}.{label.key} values",
        body,
    )


def locate_query_name(label: str) -> str:
    """The query placing objects of a label (generated for every label with a Place)."""
    return f"locate_{LABELS[label].plural}"


def placed_labels() -> list[str]:
    return [label.name for label in MODEL if label.place != NATIONAL]


Step = tuple[str, str]  # (the relationship pattern from the node before, the label reached)


def place_paths(label: str, seen: tuple[str, ...] = ()) -> list[tuple[tuple[Step, ...], str]]:
    """The paths (steps from an object of `label`, and the property of the last node holding a region code) that
    place it, in the order its Place tries them; its own property is the path of no steps."""
    if label in seen:
        raise ValueError(f"the places of {' → '.join((*seen, label))} go round in a circle")
    declared = LABELS[label]
    paths: list[tuple[tuple[Step, ...], str]] = [((), declared.place.own)] if declared.place.own else []
    hops = {h.name: h for h in declared.hops}
    for name in declared.place.via:
        hop = hops[name]  # a KeyError here names a hop the label does not have
        arrow = f"-[:{hop.type}]->" if hop.direction == "out" else f"<-[:{hop.type}]-"
        paths.extend((((arrow, hop.target), *steps), prop) for steps, prop in place_paths(hop.target, (*seen, label)))
    return paths


def _locate_query(label: Label) -> Generated:
    """Where each object lies: the region codes that place it (none: in no region)."""
    parts = []
    for steps, prop in place_paths(label.name):
        if not steps:
            parts.append(f"[r IN [n.{prop}] WHERE r IS NOT NULL]")
            continue
        walk = "".join(f"{arrow}(:{target})" for arrow, target in steps[:-1]) + f"{steps[-1][0]}(o:{steps[-1][1]})"
        parts.append(f"COLLECT {{ MATCH (n){walk} WHERE o.{prop} IS NOT NULL RETURN DISTINCT o.{prop} }}")
    if not parts:
        regions = "[]"
    elif label.place.spread or len(parts) == 1:
        regions = " + ".join(parts)
    else:
        names = [f"p{i}" for i in range(len(parts))]
        lets = "".join(
            f"WITH key, n{''.join(f', {x}' for x in names[:i])}, {part} AS {names[i]}\n" for i, part in enumerate(parts)
        )
        first = " ".join(f"WHEN size({x}) > 0 THEN {x}" for x in names[:-1])
        body = (
            "UNWIND $keys AS key\n"
            f"MATCH (n:{label.name} {{{label.key}: key}})\n"
            + lets
            + f"RETURN key, CASE {first} ELSE {names[-1]} END AS regions\n"
        )
        return _locate(label, body)
    body = f"UNWIND $keys AS key\nMATCH (n:{label.name} {{{label.key}: key}})\nRETURN key, {regions} AS regions\n"
    return _locate(label, body)


def _locate(label: Label, body: str) -> Generated:
    how = "every owner counts" if label.place.spread else "the nearest owner that has one"
    return _query(
        locate_query_name(label.name),
        f"the region codes where {label.name} objects lie ({how}), for the API's region scope",
        f"keys: list<string> — {label.name}.{label.key} values",
        body,
    )


@cache
def generated_queries() -> dict[str, tuple[str, str, str]]:
    """name → (summary, params line, text) of every query this table generates."""
    queries = [_get_query(label) for label in MODEL] + [_hop_query(label, h) for label in MODEL for h in label.hops]
    queries += [_locate_query(label) for label in MODEL if label.place != NATIONAL]
    return {name: (summary, params, text) for name, summary, params, text in queries}
