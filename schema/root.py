"""The root Query, composed from the domain types, and the schema with its request limits."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from graph import codes
from graph.errors import InvalidInput
from graph.stats import label_counts
from schema.context import Context
from schema.convert import plain
from schema.types import (
    EIAApproval,
    Enterprise,
    EnterpriseRef,
    Exceedance,
    Industry,
    LabelCount,
    Outlet,
    OutletTrace,
    Permit,
    PermitLimit,
    ProductionFacility,
    Region,
    TreatmentFacility,
)


def _uscc_arg(uscc: str) -> str:
    uscc = uscc.strip().upper()
    if len(uscc) != 18:
        raise InvalidInput(f"a USCC has 18 characters; found {len(uscc)} in {uscc!r}")
    return uscc


@strawberry.type
class Query:
    @strawberry.field(description="Node counts per label of the model.")
    def counts(self, info: Info[Context, None]) -> list[LabelCount]:
        return [LabelCount(label=label, count=n) for label, n in label_counts(info.context.db).items()]

    @strawberry.field(description="One enterprise by its USCC (统一社会信用代码); null when unknown.")
    def enterprise(self, info: Info[Context, None], uscc: str) -> Enterprise | None:
        rows = info.context.db.read("get_enterprise", uscc=_uscc_arg(uscc))
        if not rows:
            return None
        r = plain(rows[0])
        e = r["enterprise"]
        return Enterprise(
            uscc=e["uscc"],
            uscc_problem=e.get("uscc_problem"),
            name=e["name"],
            address=e.get("address"),
            management_class=e["management_class"],
            longitude=e.get("longitude"),
            latitude=e.get("latitude"),
            industry=Industry(**r["industry"]) if r["industry"] else None,
            regions=[Region(**x) for x in r["regions"]],
            parent=EnterpriseRef(**r["parent"]) if r["parent"] else None,
            subsidiaries=[EnterpriseRef(**s) for s in r["subsidiaries"]],
            permit_numbers=r["permits"],
            outlets=[Outlet.of(o) for o in r["outlets"]],
        )

    @strawberry.field(
        description="Trace an outlet back through treatment and production facilities to the EIA approvals and "
        "the permit that allow it (生产设施—治污设施—排放口), with its limits and exceedances."
    )
    def outlet_trace(
        self, info: Info[Context, None], uscc: str, outlet_code: str, recent_exceedances: int = 10
    ) -> OutletTrace | None:
        code = outlet_code.strip().upper()
        if not codes.OUTLET_RE.match(code):
            raise InvalidInput(f"an outlet code is D + A/W + 3 digits (HJ 608), e.g. DA001; found {outlet_code!r}")
        if not 0 <= recent_exceedances <= info.context.max_page_size:
            raise InvalidInput(f"recentExceedances must be between 0 and {info.context.max_page_size}")
        rows = info.context.db.read("trace_outlet", key=f"{_uscc_arg(uscc)}:{code}", recent=recent_exceedances)
        return _trace(plain(rows[0])) if rows else None


def _trace(r: dict[str, Any]) -> OutletTrace:
    def approvals(items: list[dict[str, Any]]) -> list[EIAApproval]:
        return [EIAApproval(**a) for a in items]

    return OutletTrace(
        enterprise=EnterpriseRef(uscc=r["enterprise"]["uscc"], name=r["enterprise"]["name"]),
        outlet=Outlet.of(r["outlet"]),
        treatment_facilities=[
            TreatmentFacility(
                key=t["key"],
                code=t["code"],
                name=t["name"],
                technology=t.get("technology"),
                production_facilities=[ProductionFacility.of(f) for f in t["sources"]],
            )
            for t in r["treatments"]
        ],
        untreated_sources=[ProductionFacility.of(f) for f in r["untreated"]],
        permits=[
            Permit(
                number=p["number"],
                status=p["status"],
                management_class=p["management_class"],
                authority=p["authority"],
                valid_from=p["valid_from"],
                valid_to=p["valid_to"],
                eia_approvals=approvals(p["approvals"]),
            )
            for p in r["permits"]
        ],
        limits=[
            PermitLimit(
                permit_number=x["permit"],
                pollutant_code=x["pollutant_code"],
                concentration_max=x.get("concentration_max"),
                concentration_min=x.get("concentration_min"),
                unit=x.get("unit"),
                basis=x["basis"],
                annual_amount_t=x.get("annual_amount_t"),
            )
            for x in r["limits"]
        ],
        exceedance_count=r["exceedance_count"],
        recent_exceedances=[
            Exceedance(
                date=x["date"],
                pollutant_code=x["pollutant"],
                value=x["value"],
                limit=x["limit"],
                unit=x.get("unit"),
                ratio=x["ratio"],
                basis=x.get("basis"),
            )
            for x in r["recent_exceedances"]
        ],
    )
