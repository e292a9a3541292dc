"""Write plans: valid rows → the named write queries and their parameters (one map per entity), batch by batch;
monitoring rows folded into month buckets and packed for sending."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from graph import model
from graph.codes import region_code_prefix
from graph.model import site_key
from graph.relations import LABELS
from graph.writes import all_upserts, derived_upsert, edge_of
from loaders.layout import FileSpec

BATCH = 5000


MONITORING_BATCH = 3000  # buckets of 31 values each; measured best of 1000/3000/5000 with two writers


# Queries that add links for rows another query of the same batch already wrote: not counted as rows again.
SECONDARY = {"link_subsidiaries"}


def _props(row: model.Row, *drop: str) -> dict[str, Any]:
    return {k: v for k, v in row.props().items() if k not in drop}


def _site(r: Any, s: str) -> dict[str, Any]:
    """Params of a facility or outlet: its owner's USCC, and its site's key when it belongs to one."""
    return {"key": r.key, "uscc": r.enterprise_uscc, "site": r.owner if r.site else None, "src": s, "props": _props(r)}


def _keyed(key: str, owner: str) -> Callable[[Any, str], dict[str, Any]]:
    """Params of a node keyed by its `key` field and linked to the node named by its `owner` field."""
    return lambda r, s: {"key": getattr(r, key), "uscc": getattr(r, owner), "src": s, "props": _props(r, key)}


_COMPANY = (
    "name",
    "address",
    "region_code",
    "industry_code",
    "industry_name",
    "industry_problem",
    "management_class",
    "uscc_problem",
)


def _own_limit(r: model.OwnLimit, s: str) -> dict[str, Any]:
    """Params of a limit a standard or an EIA approval sets: its outlet's key, its pollutant, its props."""
    return {
        "key": r.key,
        "pollutant": r.pollutant_code,
        "outlet": site_key(r.owner, r.outlet_code),
        "src": s,
        "props": _props(r, "enterprise_uscc", "site", "outlet_code"),
    }


def _site_row(r: model.Site, s: str) -> dict[str, Any]:
    props = _props(r, "enterprise_uscc", "company_name") | {"uscc": r.enterprise_uscc}
    company = {k: props[k] for k in _COMPANY if props.get(k) is not None} | (
        {"name": r.company_name} if r.company_name else {}
    )
    named = r.company_name or None
    return {"key": r.key, "uscc": r.enterprise_uscc, "company": company, "named": named, "src": s, "props": props}


# Each row model's write query and the parameters of one row (Enterprise and Flow are planned in plans_for).
_ROW_PARAMS: dict[type[model.Row], tuple[str, Callable[[Any, str], dict[str, Any]]]] = {
    model.ProductionFacility: ("merge_production_facilities", _site),
    model.TreatmentFacility: ("merge_treatment_facilities", _site),
    model.Outlet: ("merge_outlets", _site),
    model.EIAApproval: ("merge_eia_approvals", _keyed("doc_number", "enterprise_uscc")),
    model.Site: ("merge_sites", _site_row),
    model.Permit: (
        "merge_permits",
        lambda r, s: _keyed("number", "enterprise_uscc")(r, s) | {"site": r.owner if r.site else None},
    ),
    model.HazardousWasteLicence: ("merge_hw_licences", _keyed("number", "holder_uscc")),
    model.Inspection: ("merge_inspections", _keyed("id", "enterprise_uscc")),
    model.EIAFacility: (
        "merge_eia_facilities",
        lambda r, s: {"doc": r.doc_number, "facility": site_key(r.owner, r.facility_code), "src": s},
    ),
    model.EIAHolder: ("merge_eia_holders", lambda r, s: {"doc": r.doc_number, "uscc": r.enterprise_uscc, "src": s}),
    model.AcceptanceFacility: (
        "merge_acceptance_facilities",
        lambda r, s: {
            "acceptance": r.acceptance_id,
            "facility": site_key(r.owner, r.facility_code),
            "treatment": r.site_label_of("facility_code", r.facility_code) == "TreatmentFacility",
            "src": s,
        },
    ),
    model.EIAAmount: (
        "merge_eia_amounts",
        lambda r, s: {"doc": r.doc_number, "pollutant": r.pollutant_code, "amount_t": r.amount_t, "src": s},
    ),
    model.PermitEvent: (
        "merge_permit_events",
        lambda r, s: {"key": r.key, "permit": r.permit_number, "src": s, "props": _props(r)},
    ),
    model.PermitEIA: ("merge_permit_eia", lambda r, s: {"permit": r.permit_number, "doc": r.doc_number, "src": s}),
    model.PermitLimit: (
        "merge_permit_limits",
        lambda r, s: {
            "key": r.key,
            "permit": r.permit_number,
            "pollutant": r.pollutant_code,
            "outlet": site_key(r.permit_owner, r.outlet_code) if r.outlet_code else None,
            "src": s,
            "props": _props(r),
        },
    ),
    model.StandardLimit: ("merge_standard_limits", _own_limit),
    model.EIALimit: ("merge_eia_limits", lambda r, s: _own_limit(r, s) | {"doc": r.doc_number}),
    model.WasteTransfer: (
        "merge_waste_transfers",
        lambda r, s: {
            "key": r.manifest_no,
            "from": r.from_uscc,
            "to": r.to_uscc,
            "src": s,
            "props": _props(r, "manifest_no") | {"category": r.category},
        },
    ),
    model.Quota: (
        "merge_quotas",
        lambda r, s: {
            "key": r.id,
            "uscc": r.enterprise_uscc,
            "region": r.region_code,
            "pollutant": r.pollutant_code,
            "src": s,
            "props": _props(r, "id")
            | {"scope": r.scope, "region_prefix": region_code_prefix(r.region_code) if r.region_code else None},
        },
    ),
    model.QuotaTrade: (
        "merge_quota_trades",
        lambda r, s: {
            "key": r.id,
            "seller": r.seller_uscc,
            "buyer": r.buyer_uscc,
            "pollutant": r.pollutant_code,
            "src": s,
            "props": _props(r, "id"),
        },
    ),
    model.ExecutionReport: (
        "merge_execution_reports",
        lambda r, s: {"key": r.key, "permit": r.permit_number, "src": s, "props": _props(r)},
    ),
    model.ReportEmission: (
        "merge_report_emissions",
        lambda r, s: {
            "report": f"{r.permit_number}:{r.period}",
            "pollutant": r.pollutant_code,
            "actual_t": r.actual_t,
            "src": s,
        },
    ),
    model.Violation: (
        "merge_violations",
        lambda r, s: {
            "key": r.id,
            "uscc": r.enterprise_uscc,
            "inspection": r.inspection_id or None,
            "permit": r.permit_number or None,
            "pollutant": r.pollutant_code or None,
            "outlet": site_key(r.owner, r.outlet_code) if r.outlet_code else None,
            "src": s,
            "props": _props(r, "id"),
        },
    ),
    model.Penalty: (
        "merge_penalties",
        lambda r, s: {
            "key": r.decision_number,
            "violation": r.violation_id,
            "src": s,
            "props": _props(r, "decision_number"),
        },
    ),
}


_FLOW_QUERIES = {
    ("production", "treatment"): "merge_feeds",
    ("treatment", "treatment"): "merge_treatment_series",
    ("treatment", "outlet"): "merge_treated_discharges",
    ("production", "outlet"): "merge_untreated_discharges",
}


def plans_for(spec: FileSpec, batch: list[tuple[Any, str]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The named write queries and their rows for one batch of one file; every row carries its `src`, and an
    upsert's row its given `props` apart from its `nulls` (see graph/writes.py upsert_text)."""
    upserts, partial = _upsert_names(), bool(batch) and batch[0][0].PARTIAL  # a batch holds one file's rows
    return [
        (query, [_split(r, partial) for r in rows] if query in upserts else rows) for query, rows in _plans(spec, batch)
    ]


@cache
def _upsert_names() -> frozenset[str]:
    return frozenset(u.name for u in all_upserts())


def _split(row: dict[str, Any], partial: bool) -> dict[str, Any]:
    props = row["props"]
    return row | {
        "props": {k: v for k, v in props.items() if v is not None},
        "nulls": {k: None for k, v in props.items() if v is None},
        "partial": partial,  # an optional link it leaves empty stays as it is
    }


def _plans(spec: FileSpec, batch: list[tuple[Any, str]]) -> list[tuple[str, list[dict[str, Any]]]]:
    if spec.row is model.Enterprise:
        plans = [("merge_enterprises", [{"key": r.uscc, "src": s, "props": _props(r, "uscc")} for r, s in batch])]
        parents = [{"key": r.uscc, "parent": r.parent_uscc, "src": s} for r, s in batch if r.parent_uscc]
        return [*plans, ("link_subsidiaries", parents)] if parents else plans
    if spec.row is model.Flow:
        by_kind: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for r, s in batch:
            link = {"from": site_key(r.owner, r.from_code), "to": site_key(r.owner, r.to_code)}
            by_kind.setdefault(r.kinds, []).append(link | {"src": s})
        return [(_FLOW_QUERIES[k], v) for k, v in by_kind.items()]
    if spec.row in _ROW_PARAMS:
        query, params = _ROW_PARAMS[spec.row]
        return [(query, [params(r, s) for r, s in batch])]
    return [_derived_plan(spec.row, batch)]


def _derived_plan(row: type[model.Row], batch: list[tuple[Any, str]]) -> tuple[str, list[dict[str, Any]]]:
    """The plan of a row model whose upsert is derived (graph/writes.py): its key, its props, and the node each link
    names, by the row's reference of the edge's field (null when it names none)."""
    upsert = derived_upsert(row)
    fields = [edge_of(upsert.label, link).field for link in upsert.links]
    key = LABELS[upsert.label].key
    rows = []
    for r, s in batch:
        refs = {name: value for name, _, value in r.references()}
        rows.append({"key": getattr(r, key), "src": s, "props": _props(r)} | {f: refs.get(f) for f in fields if f})
    return upsert.name, rows


def pack_bucket(bucket: dict[str, Any]) -> dict[str, Any]:
    """A bucket as sent: its 31 slots as one text ("12.5,,13.1,…", empty = no value) that the merge query
    splits, its implausible values' slots likewise (or None), and the number of values in it.

    Why: the driver's pure-Python PackStream encodes a list element by element, on the one thread all writers
    share; one string per bucket is encoded at once, and is built here, in the validation workers (two writers
    wrote 8 × 3000 buckets in 3.4 s as text against 4.2 s as lists). `repr` of a float reads back as the same double in
    Cypher's toFloat, which spells infinity out."""
    slots = bucket["values"]
    suspect = bucket.get("suspect") or []
    present = sum(1 for v in slots if v == v) + sum(1 for v in suspect if v == v)  # rows it carries, kept apart too
    return bucket | {"values": _slots_text(slots), "present": present, "suspect": _slots_text(suspect) or None}


def _slots_text(slots: list[float]) -> str:
    return ",".join(["" if v != v else repr(v) for v in slots]).replace("inf", "Infinity")  # v != v: NaN, empty


SEVERAL_A_DAY = ("hourly", "instantaneous")  # bases whose series hold several values a day (no repeat check)


def key_parts(r: model.Measurement | Any) -> tuple[str, str, str]:
    """(outlet key, bucket key before the month, after it) of a monitoring row: a bucket's key is
    "<outlet key>:<pollutant>:<YYYY-MM>:<method>:<basis>:<unit>" — a series is what it measures and how, so a
    mg/Nm³ series never shares a bucket with a mg/m³ one, nor an hourly with a daily one. `r` is a monitoring row
    or anything naming one series the same way (a retraction)."""
    okey = site_key(r.owner, r.outlet_code)
    return okey, f"{okey}:{r.pollutant_code}:", f":{r.method}:{r.basis}:{r.unit}"
