"""Who the caller is, as the schema sees it: a role and its region scope (api/auth.py recognises them)."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("public", "analyst", "inspector", "admin")  # each sees what the one before it sees, and more


@dataclass(frozen=True)
class Principal:
    """The caller: a role, who they are, the region-code prefixes their role holds in (empty: everywhere), and
    how they were recognised (anonymous, token, key)."""

    role: str = "public"
    subject: str = "anonymous"
    regions: tuple[str, ...] = ()
    via: str = "anonymous"


ANONYMOUS = Principal()


# --- what each role sees ----------------------------------------------------------------------------------------
# The least role that sees each object type of the schema (its Connection and Edge types follow it). A type that is
# not listed is refused to every role below admin, and tests/test_access.py fails until it is listed: a new type
# cannot be forgotten. The public sees what the law has enterprises disclose (the permit and its limits, outlets,
# facilities, EIA approvals, licences, execution reports, self-monitoring); analysts add what the checks and the
# enforcement record say (findings, exceedances, violations, penalties, inspections, transfers, quotas, dashboards,
# evidence graphs, named queries).
TYPE_ROLE: dict[str, str] = {
    **dict.fromkeys(
        (
            "Query",
            "Viewer",
            "PageInfo",
            "Enterprise",
            "Site",
            "Region",
            "Industry",
            "Pollutant",
            "PollutantAmount",
            "Permit",
            "PermitEvent",
            "PermitLimit",
            "Outlet",
            "Device",
            "ProductionFacility",
            "TreatmentFacility",
            "EIAApproval",
            "CompletionAcceptance",
            "HazardousWasteLicence",
            "ExecutionReport",
            "ReportedEmission",
            "MonitoringMonth",
            "DailyValue",
        ),
        "public",
    ),
    **dict.fromkeys(
        (
            "Finding",
            "FindingEvent",
            "Exceedance",
            "Violation",
            "Penalty",
            "Inspection",
            "WasteTransfer",
            "Quota",
            "QuotaTrade",
            "Bucket",
            "TableRow",
            "RankedEnterprise",
            "LabelCount",
            "NamedQueryInfo",
            "TraceGraph",
            "GraphNode",
            "GraphEdge",
            "Reminder",
        ),
        "analyst",
    ),
    # the disclosure lists are what the law publishes: open to all
    **dict.fromkeys(("DisclosureEntry",), "public"),
    # a person's workflow on findings, and publishing the lists
    **dict.fromkeys(("Mutation", "FindingStepped", "StepRefused", "Published"), "inspector"),
    **dict.fromkeys(("AuditEntry",), "admin"),
}

# Fields that need more than their type does: (type, field) → role; "*" stands for every type.
FIELD_ROLE: dict[tuple[str, str], str] = {
    ("*", "source"): "analyst",  # provenance: the file and row a node came from
    ("*", "sources"): "analyst",  # and every row that stated it
    ("Query", "counts"): "analyst",  # node counts per label would count what the public may not see
    ("Query", "mapPoints"): "analyst",  # each point carries its open findings
    ("Query", "namedQuery"): "analyst",
    ("Outlet", "compliant"): "analyst",  # a judgement made from exceedances
    ("Finding", "evidence"): "inspector",  # the evidence an inspector acts on
    ("FindingEvent", "by"): "inspector",  # who took a workflow step
    ("Query", "auditTrail"): "admin",
}


def reaches(role: str, need: str) -> bool:
    """Whether `role` sees what `need` may see."""
    return ROLES.index(role) >= ROLES.index(need)


def type_role(name: str) -> str:
    """The least role that sees objects of a GraphQL type (a Connection or Edge type: its node type's)."""
    return TYPE_ROLE.get(name) or TYPE_ROLE.get(name.removesuffix("Connection").removesuffix("Edge"), "admin")


def field_role(type_name: str, field_name: str, return_type: str | None) -> str:
    """The least role that may read a field: its type's, its own rule, and its (named) return type's when that is
    an object (a mutation returning a union is refused before it runs, by its type's role)."""
    roles = [type_role(type_name), FIELD_ROLE.get((type_name, field_name)), FIELD_ROLE.get(("*", field_name))]
    if return_type is not None:
        roles.append(type_role(return_type))
    return max((r for r in roles if r), key=ROLES.index, default="public")


# --- region scope ----------------------------------------------------------------------------------------------
# A caller whose role holds in some regions (an inspector of one prefecture) has that role for what lies in them and
# is public elsewhere. Where an object lies is data: each label's Place in graph/relations.py (its own region code,
# or its owners' by the hops that reach them), read per request by schema/guard.py. A root field lies in the region
# its `regionCode`/`filter.regionCode` argument names, or where the enterprise its `uscc` argument names lies, and
# nowhere without one (so a scoped caller's list or aggregate counts only what its scope covers).


def within(code: str, prefixes: tuple[str, ...]) -> bool:
    """Whether a region code (or a region's prefix) lies inside one of the prefixes."""
    return any(code.startswith(p) for p in prefixes)
