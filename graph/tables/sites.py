"""The relation table of who discharges and where: code tables, enterprises, sites, facilities, outlets,
devices; each label and each relationship declared once (graph/declare.py says the words).
"""

from __future__ import annotations

from graph.declare import Edge, Label, Place, Search

LABELS: tuple[Label, ...] = (
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
    Edge("Industry", "PART_OF", "Industry", out=("parents", "n.code", "the industry class one level up")),
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
        "Enterprise",
        "LOCATED_IN",
        "Region",
        out=("regions", "n.code", "the county-level region an enterprise is located in"),
        replaced=True,
        field="props.region_code",
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
)
