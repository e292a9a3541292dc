"""The graph's labels and relationships, each declared once (in the words of graph/declare.py): a label's natural
key, the name its queries use, where its objects lie (`Place`) and how search finds them (`Search`); a relationship
(`Edge`) with its two labels, its type and direction, the list each end reaches over it (name, order), the write
parameter naming its far end and whether a load replaces its links. From these tables come each label's hops (both
ends of an edge), the queries graph/generated.py writes (hops, look-ups, placings, search), the links of every upsert
(graph/writes.py), the key constraints (graph/migrations.py) and the API's `node(id:)` and relationship fields —
so a relationship is added here, not as another copy of a query file. Hand-written Cypher (views, checks,
aggregates, merges) stays in `queries/`.

Why generated at import rather than written out with a `--check`: the text is a pure function of this table, a
file would only be a second copy to keep in step, and `permitgraph`'s catalog already serves every query by name
(the generated ones read exactly like the files did, header included, for `namedQueries`).
"""

from __future__ import annotations

from dataclasses import replace

from graph.declare import NATIONAL, Edge, Hop, Label, Place, Search

__all__ = ["EDGES", "LABELS", "MODEL", "NATIONAL", "Edge", "Hop", "Label", "Place", "Search"]

_DECLARED: tuple[Label, ...] = (
    Label("Region", "code", "regions", place=Place(own="code")),
    Label("Industry", "code", "industries"),
    Label("Pollutant", "code", "pollutants"),
    Label(
        "Enterprise",
        "uscc",
        "enterprises",
        place=Place(own="region_code"),
        search=Search(("uscc",), names=True),
    ),
    Label(
        "Site",
        "key",
        "sites",
        place=Place(own="region_code"),
        search=Search(("source_code", "site"), names=True),
        get_summary='Site nodes by their key ("<USCC>/<site id>")',
    ),
    Label("ProductionFacility", "key", "production_facilities", place=Place(via=("sites", "enterprises"))),
    Label("TreatmentFacility", "key", "treatment_facilities", place=Place(via=("sites", "enterprises"))),
    Label(
        "Outlet",
        "key",
        "outlets",
        place=Place(via=("sites", "enterprises")),
        search=Search(("code", "local_code"), rank=2),
    ),
    Label("Device", "mn", "devices", place=Place(via=("sites", "outlets")), search=Search(("mn",))),
    Label("EIAApproval", "doc_number", "eia_approvals", place=Place(via=("enterprises",))),
    Label("Permit", "number", "permits", place=Place(via=("sites", "enterprises")), search=Search(("number",))),
    Label("PermitEvent", "key", "permit_events", place=Place(via=("permits",))),
    Label("PermitLimit", "key", "permit_limits", place=Place(via=("permits", "eia_approvals", "outlets"))),
    Label("HazardousWasteLicence", "number", "hw_licences", place=Place(via=("enterprises",))),
    Label("WasteTransfer", "manifest_no", "waste_transfers", place=Place(via=("shippers", "receivers"), spread=True)),
    Label("ExecutionReport", "key", "execution_reports", place=Place(via=("permits",))),
    Label("MonitoringMonth", "key", "monitoring_months", place=Place(via=("outlets",))),
    Label("Exceedance", "key", "exceedances", place=Place(via=("outlets",))),
    Label("Inspection", "id", "inspections", place=Place(via=("enterprises",))),
    Label("Violation", "id", "violations", place=Place(via=("outlets", "enterprises"))),
    Label("Penalty", "decision_number", "penalties", place=Place(via=("violations",))),
    Label("Quota", "id", "quotas", place=Place(own="region_code", via=("enterprises",))),
    Label("QuotaTrade", "id", "quota_trades", place=Place(via=("sellers", "buyers"), spread=True)),
    Label(
        "Finding",
        "key",
        "findings",
        place=Place(own="region_code", via=("regions",)),
        get_summary="Finding nodes by their key (<rule>:<subject>)",
    ),
    Label(
        "DisclosureEntry",
        "key",
        "disclosure_entries",
        place=Place(own="region_code"),
        get_summary="DisclosureEntry nodes by their key (<list>:finding:<finding key> or <list>:penalty:<decision>)",
    ),
    Label("AuditEntry", "id", "audit_entries"),
)

# Each relationship once: (start)-[:TYPE]->(end); `out` is the list the start node reaches over it, `back` the list the
# end node reaches, each as (its name, ORDER BY over the targets `n` ending with a unique property, what the list is);
# `replaced`: a load removes the links of this type its source no longer gives (else links only accumulate).
EDGES: tuple[Edge, ...] = (
    Edge(
        "Region",
        "PART_OF",
        "Region",
        out=("parents", "n.code", "the region one level up (county → prefecture → province)"),
    ),
    Edge(
        "Quota",
        "CAPS",
        "Region",
        out=("regions", "n.code", "the region a regional quota caps (none for an enterprise quota)"),
        back=(
            "quotas",
            "n.year DESC, n.pollutant_code, n.id",
            "the regional total-amount quotas that cap a region, newest year first",
        ),
        replaced=True,
        field="region",
    ),
    Edge("Industry", "PART_OF", "Industry", out=("parents", "n.code", "the industry class one level up")),
    Edge(
        "Enterprise",
        "OBTAINED",
        "EIAApproval",
        out=(
            "eia_approvals",
            "n.approved_on DESC, n.doc_number",
            "the EIA approvals (环评批复) an enterprise obtained, newest first",
        ),
        back=("enterprises", "n.uscc", "the enterprise that obtained an EIA approval"),
        field="uscc",
    ),
    Edge(
        "Enterprise",
        "HOLDS_LICENCE",
        "HazardousWasteLicence",
        out=("hw_licences", "n.valid_to DESC, n.number", "the hazardous-waste licences an enterprise holds"),
        back=("enterprises", "n.uscc", "the holder of a hazardous-waste licence"),
        field="uscc",
    ),
    Edge("Site", "LOCATED_IN", "Region", replaced=True, field="props.region_code"),
    Edge("Site", "IN_INDUSTRY", "Industry", replaced=True, field="props.industry_code"),
    Edge(
        "Enterprise",
        "IN_INDUSTRY",
        "Industry",
        out=("industries", "n.code", "the industry class of an enterprise"),
        replaced=True,
        field="props.industry_code",
    ),
    Edge(
        "Inspection",
        "INSPECTED",
        "Enterprise",
        out=("enterprises", "n.uscc", "the enterprise inspected"),
        back=("inspections", "n.date DESC, n.id", "inspections of an enterprise, newest first"),
        field="uscc",
    ),
    Edge(
        "Enterprise",
        "HAS_OUTLET",
        "Outlet",
        out=("outlets", "n.code", "the outlets (排放口) of an enterprise"),
        back=("enterprises", "n.uscc", "the enterprise an outlet belongs to"),
        field="uscc",
    ),
    Edge(
        "Enterprise",
        "SUBSIDIARY_OF",
        "Enterprise",
        out=("parents", "n.uscc", "the parent company (group) of an enterprise"),
        back=("subsidiaries", "n.name, n.uscc", "the subsidiaries of an enterprise"),
    ),
    Edge(
        "Enterprise",
        "HOLDS",
        "Permit",
        out=("permits", "n.valid_from DESC, n.number", "the permits an enterprise holds, newest validity first"),
        back=("enterprises", "n.uscc", "the enterprise holding a permit"),
        field="uscc",
    ),
    Edge(
        "Enterprise",
        "OPERATES",
        "ProductionFacility",
        out=("production_facilities", "n.code", "the production facilities (生产设施) an enterprise operates"),
        back=("enterprises", "n.uscc", "the enterprise operating a production facility"),
        field="uscc",
    ),
    Edge(
        "Enterprise",
        "HAS_SITE",
        "Site",
        out=("sites", "n.site", "the discharge sites (排污单位) of a company that runs several under one USCC"),
        back=("enterprises", "n.uscc", "the company (legal entity) a site belongs to"),
        field="uscc",
    ),
    Edge(
        "QuotaTrade",
        "BOUGHT_BY",
        "Enterprise",
        out=("buyers", "n.uscc", "the enterprise that bought the quota in a trade"),
        back=(
            "quota_purchases",
            "n.date DESC, n.id",
            "the emissions trades (排污权交易) in which an enterprise bought quota, newest first",
        ),
        replaced=True,
        field="buyer",
    ),
    Edge(
        "Enterprise",
        "SOLD_QUOTA",
        "QuotaTrade",
        out=(
            "quota_sales",
            "n.date DESC, n.id",
            "the emissions trades (排污权交易) in which an enterprise sold quota, newest first",
        ),
        back=("sellers", "n.uscc", "the enterprise that sold the quota in a trade"),
        replaced=True,
        field="seller",
    ),
    Edge(
        "Enterprise",
        "HOLDS_QUOTA",
        "Quota",
        out=(
            "quotas",
            "n.year DESC, n.pollutant_code, n.id",
            "the total-amount quotas (总量控制指标) an enterprise holds, newest year first",
        ),
        back=("enterprises", "n.uscc", "the enterprise holding a quota (none for a regional quota)"),
        replaced=True,
        field="uscc",
    ),
    Edge(
        "WasteTransfer",
        "RECEIVED_BY",
        "Enterprise",
        out=("receivers", "n.uscc", "the enterprise that received a hazardous-waste transfer"),
        back=(
            "receipts",
            "n.date DESC, n.manifest_no",
            "hazardous-waste transfers an enterprise received, newest first",
        ),
        field="to",
    ),
    Edge(
        "Enterprise",
        "LOCATED_IN",
        "Region",
        out=("regions", "n.code", "the county-level region an enterprise is located in"),
        replaced=True,
        field="props.region_code",
    ),
    Edge(
        "Enterprise",
        "SHIPPED",
        "WasteTransfer",
        out=(
            "shipments",
            "n.date DESC, n.manifest_no",
            "hazardous-waste transfers an enterprise shipped, newest first",
        ),
        back=("shippers", "n.uscc", "the enterprise that shipped a hazardous-waste transfer"),
        field="from",
    ),
    Edge(
        "Enterprise",
        "OPERATES",
        "TreatmentFacility",
        out=("treatment_facilities", "n.code", "the treatment facilities (治污设施) an enterprise operates"),
        back=("enterprises", "n.uscc", "the enterprise operating a treatment facility"),
        field="uscc",
    ),
    Edge(
        "Site",
        "HAS_OUTLET",
        "Outlet",
        out=("outlets", "n.code", "the outlets (排放口) of a site"),
        back=("sites", "n.key", "the site of an outlet (a company's site)"),
        field="site",
    ),
    Edge(
        "Site",
        "HOLDS",
        "Permit",
        out=("permits", "n.valid_from DESC, n.number", "the permits a site holds, newest validity first"),
        back=("sites", "n.key", "the site holding a permit (a company's site)"),
        field="site",
    ),
    Edge(
        "Site",
        "OPERATES",
        "ProductionFacility",
        out=("production_facilities", "n.code", "the production facilities (生产设施) of a site"),
        back=("sites", "n.key", "the site of a production facility (a company's site)"),
        field="site",
    ),
    Edge(
        "Site",
        "OPERATES",
        "TreatmentFacility",
        out=("treatment_facilities", "n.code", "the treatment facilities (污染防治设施) of a site"),
        back=("sites", "n.key", "the site of a treatment facility (a company's site)"),
        field="site",
    ),
    Edge(
        "Outlet",
        "HAS_DEVICE",
        "Device",
        out=("devices", "n.mn", "the data-acquisition devices (数采仪) sending an outlet's automatic monitoring"),
        back=("outlets", "n.key", "the outlet (or monitored place) a device monitors"),
        field="outlet_code",
    ),
    Edge(
        "Site",
        "HAS_DEVICE",
        "Device",
        out=("devices", "n.mn", "the data-acquisition devices (数采仪) of a site"),
        back=("sites", "n.key", "the site of a device (a company's site)"),
        field="site",
    ),
    Edge(
        "EIAApproval",
        "APPROVES",
        "ProductionFacility",
        out=("facilities", "n.code", "the production facilities an EIA approval approved"),
        back=(
            "eia_approvals",
            "n.approved_on DESC, n.doc_number",
            "the EIA approvals that approved a production facility",
        ),
    ),
    Edge(
        "ProductionFacility",
        "FEEDS",
        "TreatmentFacility",
        out=("treatment_facilities", "n.code", "the treatment facilities a production facility feeds"),
        back=("sources", "n.code", "the production facilities feeding a treatment facility"),
    ),
    Edge(
        "ProductionFacility",
        "DISCHARGES_TO",
        "Outlet",
        out=("untreated_outlets", "n.code", "outlets a production facility discharges to without treatment"),
        back=("untreated_sources", "n.code", "production facilities discharging to an outlet without treatment"),
    ),
    Edge(
        "TreatmentFacility",
        "DISCHARGES_TO",
        "Outlet",
        out=("outlets", "n.code", "the outlets a treatment facility discharges to"),
        back=("treatment_facilities", "n.code", "the treatment facilities discharging to an outlet"),
    ),
    Edge(
        "TreatmentFacility",
        "FEEDS",
        "TreatmentFacility",
        out=("downstream", "n.key", "the treatment facilities after a treatment facility in series"),
        back=(
            "upstream",
            "n.key",
            "the treatment facilities before a treatment facility in series (their effluent is its inflow)",
        ),
    ),
    Edge(
        "Exceedance",
        "AT_OUTLET",
        "Outlet",
        out=("outlets", "n.key", "the outlet of an exceedance"),
        back=("exceedances", "n.date DESC, n.key", "exceedances (超标) at an outlet, newest first"),
    ),
    Edge(
        "PermitLimit",
        "FOR_OUTLET",
        "Outlet",
        out=("outlets", "n.key", "the outlet a limit applies to (none: enterprise-wide)"),
        back=("limits", "n.pollutant_code, n.key", "the permitted limits (许可排放限值) set for an outlet"),
        field="outlet",
    ),
    Edge(
        "Permit",
        "COVERS",
        "Outlet",
        out=("outlets", "n.code", "the outlets a permit covers"),
        back=("permits", "n.valid_from DESC, n.number", "the permits covering an outlet"),
    ),
    Edge(
        "Outlet",
        "HAS_SERIES",
        "MonitoringMonth",
        out=(
            "series",
            "n.month DESC, n.pollutant, n.method",
            "monthly monitoring series of an outlet, newest month first",
        ),
        back=("outlets", "n.key", "the outlet a monitoring series belongs to"),
    ),
    Edge(
        "Violation",
        "AT_OUTLET",
        "Outlet",
        out=("outlets", "n.key", "the outlet a violation concerns"),
        back=("violations", "n.date DESC, n.id", "violations recorded at an outlet, newest first"),
        field="outlet",
    ),
    Edge(
        "Permit",
        "INCORPORATES",
        "EIAApproval",
        out=(
            "eia_approvals",
            "n.approved_on DESC, n.doc_number",
            "the EIA approvals incorporated into a permit (一证式)",
        ),
        back=("permits", "n.number", "the permits incorporating an EIA approval"),
    ),
    Edge(
        "Permit",
        "HAS_EVENT",
        "PermitEvent",
        out=("events", "n.seq", "a permit's history: issue, renewals, changes, revocation, in order"),
        back=("permits", "n.number", "the permit an event belongs to"),
        field="permit",
    ),
    Edge(
        "Permit",
        "SETS_LIMIT",
        "PermitLimit",
        out=("limits", "n.pollutant_code, n.outlet_key", "the limits a permit sets, by pollutant"),
        back=("permits", "n.number", "the permit setting a limit"),
        field="permit",
    ),
    Edge(
        "Permit",
        "FILED",
        "ExecutionReport",
        out=(
            "reports",
            "n.due_on DESC, n.period DESC",
            "execution reports (执行报告) filed under a permit, newest period first",
        ),
        back=("permits", "n.number", "the permit an execution report was filed under"),
        field="permit",
    ),
    Edge(
        "Violation",
        "UNDER_PERMIT",
        "Permit",
        out=("permits", "n.number", "the permit a violation breaches"),
        back=("violations", "n.date DESC, n.id", "violations of a permit, newest first"),
        field="permit",
    ),
    Edge(
        "EIAApproval",
        "SETS_LIMIT",
        "PermitLimit",
        back=("eia_approvals", "n.doc_number", "the EIA approval setting a limit"),
        field="doc",
    ),
    Edge(
        "PermitLimit",
        "OF_POLLUTANT",
        "Pollutant",
        out=("pollutants", "n.code", "the pollutant a limit is for"),
        field="pollutant",
    ),
    Edge(
        "MonitoringMonth",
        "HAS_EXCEEDANCE",
        "Exceedance",
        out=("exceedances", "n.date, n.key", "the exceedances derived from a monitoring series, by date"),
    ),
    Edge(
        "Exceedance", "AGAINST_LIMIT", "PermitLimit", out=("limits", "n.key", "the permitted limit an exceedance broke")
    ),
    Edge(
        "Inspection",
        "FOUND",
        "Violation",
        out=("violations", "n.date DESC, n.id", "the violations an inspection found"),
        back=("inspections", "n.id", "the inspection that found a violation"),
        field="inspection",
    ),
    Edge(
        "Violation",
        "COMMITTED_BY",
        "Enterprise",
        out=("enterprises", "n.uscc", "the enterprise that committed a violation"),
        field="uscc",
    ),
    Edge(
        "Penalty",
        "PENALISES",
        "Violation",
        out=("violations", "n.id", "the violation a penalty punishes"),
        back=("penalties", "n.date, n.decision_number", "the penalties (行政处罚) that followed a violation"),
        field="violation",
    ),
    Edge(
        "Violation",
        "OF_POLLUTANT",
        "Pollutant",
        out=("pollutants", "n.code", "the pollutant a violation concerns"),
        field="pollutant",
    ),
    Edge(
        "Quota",
        "OF_POLLUTANT",
        "Pollutant",
        out=("pollutants", "n.code", "the pollutant a quota is for"),
        replaced=True,
        field="pollutant",
    ),
    Edge(
        "QuotaTrade",
        "OF_POLLUTANT",
        "Pollutant",
        out=("pollutants", "n.code", "the pollutant whose quota a trade moved"),
        replaced=True,
        field="pollutant",
    ),
    Edge(
        "Finding",
        "CONCERNS",
        "Region",
        out=("regions", "n.code", "the region a regional finding concerns (none for a finding about an enterprise)"),
    ),
)


def _hops(label: str) -> tuple[Hop, ...]:
    """The lists a label's nodes reach: each edge's `out` side at its start, its `back` side at its end."""
    found = []
    for e in EDGES:
        if e.out is not None and e.start == label:
            found.append(Hop(e.out[0], e.type, "out", e.end, e.out[1], e.out[2]))
        if e.back is not None and e.end == label:
            found.append(Hop(e.back[0], e.type, "in", e.start, e.back[1], e.back[2]))
    return tuple(found)


MODEL: tuple[Label, ...] = tuple(replace(label, hops=_hops(label.name)) for label in _DECLARED)
LABELS: dict[str, Label] = {label.name: label for label in MODEL}


def get_query_name(label: str) -> str:
    return f"get_{LABELS[label].plural}"


def hop_query_name(label: str, hop: str) -> str:
    return f"list_{hop}_of_{LABELS[label].plural}"


def locate_query_name(label: str) -> str:
    """The query placing objects of a label (generated for every label with a Place)."""
    return f"locate_{LABELS[label].plural}"


def placed_labels() -> list[str]:
    return [label.name for label in MODEL if label.place != NATIONAL]


def searched_labels() -> list[str]:
    return [label.name for label in MODEL if label.search is not None]
