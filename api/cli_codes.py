"""`permitgraph codes`: the bundled code tables, replaced from the issuing body's own file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli_common import console

codes_app = typer.Typer(help="The bundled code tables (GB/T 4754 industries).")
import_app = typer.Typer(help="Replace a bundled table with the issuing body's own file.")
codes_app.add_typer(import_app, name="import")


def _bundled() -> Path:
    import loaders

    return Path(loaders.__file__).parent / "codes" / "industries.csv"


@import_app.command("industries")
def import_industries(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="国民经济行业分类 (.xlsx or .csv)")],
    sheet: Annotated[str | None, typer.Option(help="The sheet holding the table (default: the first)")] = None,
    header_row: Annotated[int, typer.Option(help="The row of the column headers")] = 1,
    out: Annotated[Path | None, typer.Option(help="Where to write (default: the bundled table)")] = None,
) -> None:
    """Read the statistics bureau's GB/T 4754 table (2017 or 2011) and bundle it: every division, group and class."""
    from loaders.industries import IndustryTableError, read_industries, write_industries

    try:
        rows = read_industries(file, sheet, header_row)
    except IndustryTableError as exc:
        console.print(f"[red]not imported[/red]: {exc}")
        raise typer.Exit(1) from None
    target = out or _bundled()
    write_industries(rows, target)
    counts = {level: sum(1 for r in rows if r.level == level) for level in ("division", "group", "class")}
    console.print(
        f"wrote {target}: {counts['division']} divisions, {counts['group']} groups, {counts['class']} classes; "
        "the graph takes it at its next load (the tables' digest changed)"
    )
