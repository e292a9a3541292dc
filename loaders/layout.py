"""The default file layout: one CSV file per entity, header = the row model's field names.

The generator writes this layout and the loader reads it; lists are `;`-separated, booleans `true`/`false`,
an empty cell is "no value". Files are loaded in the order given, so that every reference points at a node
loaded before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph import model
from graph.relations import LABELS


@dataclass(frozen=True)
class FileSpec:
    """One file of the layout."""

    name: str
    row: type[model.Row]

    @property
    def columns(self) -> list[str]:
        # *_problem fields are derived by validation (flags), never read from a file.
        return [f for f in self.row.model_fields if not f.endswith("_problem")]


LAYOUT: tuple[FileSpec, ...] = (
    FileSpec("enterprises.csv", model.Enterprise),
    FileSpec("sites.csv", model.Site),
    FileSpec("production_facilities.csv", model.ProductionFacility),
    FileSpec("treatment_facilities.csv", model.TreatmentFacility),
    FileSpec("outlets.csv", model.Outlet),
    FileSpec("flows.csv", model.Flow),
    FileSpec("eia_approvals.csv", model.EIAApproval),
    FileSpec("eia_facilities.csv", model.EIAFacility),
    FileSpec("eia_amounts.csv", model.EIAAmount),
    FileSpec("eia_holders.csv", model.EIAHolder),
    FileSpec("completion_acceptances.csv", model.CompletionAcceptance),
    FileSpec("acceptance_facilities.csv", model.AcceptanceFacility),
    FileSpec("permits.csv", model.Permit),
    FileSpec("permit_events.csv", model.PermitEvent),
    FileSpec("permit_eia.csv", model.PermitEIA),
    FileSpec("permit_limits.csv", model.PermitLimit),
    FileSpec("standard_limits.csv", model.StandardLimit),
    FileSpec("eia_limits.csv", model.EIALimit),
    FileSpec("hw_licences.csv", model.HazardousWasteLicence),
    FileSpec("waste_transfers.csv", model.WasteTransfer),
    FileSpec("quotas.csv", model.Quota),
    FileSpec("quota_trades.csv", model.QuotaTrade),
    FileSpec("execution_reports.csv", model.ExecutionReport),
    FileSpec("report_emissions.csv", model.ReportEmission),
    FileSpec("monitoring.csv", model.Measurement),
    FileSpec("inspections.csv", model.Inspection),
    FileSpec("violations.csv", model.Violation),
    FileSpec("penalties.csv", model.Penalty),
)

# A row model stating a label none of the files above holds is read from "<its plural>.csv", after them all (so that
# what it names is loaded before it).
LAYOUT += tuple(
    FileSpec(f"{LABELS[str(row.NODE)].plural}.csv", row)
    for row in model.node_rows()
    if all(spec.row.NODE != row.NODE for spec in LAYOUT)
)
BY_NAME = {spec.name: spec for spec in LAYOUT}
MANIFEST = "manifest.json"
