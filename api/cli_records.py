"""The `permitgraph` commands over the loaded graph: check, retract, remind and export (registered by api/cli.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
)
from rich.table import Table

from api.cli_common import _database, console, out
from api.settings import Settings
from graph import migrations

records_app = typer.Typer()  # its commands are added to the top level by api/cli.py


# --- compliance -----------------------------------------------------------------------------------------
def _days(text: str) -> int:
    """'60d', '60' or '8w' → days."""
    t = text.strip().lower()
    try:
        if t.endswith("w"):
            return int(t[:-1]) * 7
        return int(t.removesuffix("d"))
    except ValueError:
        raise typer.BadParameter(f"expected a number of days like 60d or 8w; found {text!r}") from None


@records_app.command("check")
def check_cmd(
    rule: Annotated[list[str] | None, typer.Option(help="Run only this rule (repeatable); default all")] = None,
    region: Annotated[str | None, typer.Option(help="Only enterprises in this region (code at any level)")] = None,
    as_of: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Day of the check (default today)")
    ] = None,
    list_rules: Annotated[bool, typer.Option("--list", help="List the rules and exit")] = False,
) -> None:
    """Run the compliance rules and store their findings (idempotent: findings are updated or closed)."""
    from graph import checks

    if list_rules:
        table = Table("rule", "severity", "article", "finds")
        for known in checks.rules():
            table.add_row(known.id, known.severity, known.article, known.summary)
        out.print(table)
        return
    settings = Settings()
    prefix = None
    if region is not None:
        from schema.filters import region_prefix

        prefix = region_prefix(region)
    with _database(settings) as db:
        migrations.apply(db)
        bar = Progress(TextColumn("checking enterprises"), BarColumn(), MofNCompleteColumn(), console=console)
        task = bar.add_task("check", total=None)
        with bar:
            summary = checks.check(
                db,
                rule,
                region=prefix,
                as_of=as_of.date() if as_of else None,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    table = Table("rule", "found", "opened", "reopened", "closed", "seconds", title=f"check run {summary.run}")
    for r in summary.rules:
        table.add_row(r.rule, f"{r.found:,}", f"{r.opened:,}", f"{r.reopened:,}", f"{r.closed:,}", f"{r.seconds:.1f}")
    out.print(table)
    out.print(summary.describe(region))
    for failed in summary.failed_rules:  # every rule ran; the run still fails, saying what went unjudged
        named = ", ".join(failed.unjudged_keys[:10]) + (" …" if failed.unjudged > 10 else "")
        console.print(
            f"[red]rule {failed.rule} failed[/red] on {failed.unjudged:,} of the checked ({named}): {failed.error}; "
            "their findings of this rule are unchanged."
        )
    if summary.failed_rules:
        raise typer.Exit(1)


@records_app.command("retract")
def retract_cmd(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV of the values to take back")],
) -> None:
    """Take monitoring values back (a source withdrew them): each row names one day of one series (enterprise_uscc,
    outlet_code, pollutant_code, date, unit; optional site, basis, method). The old values are kept as changes;
    the exceedances they caused go, and the next check closes their findings."""
    from loaders.retract import retract

    settings = Settings()
    with _database(settings) as db:
        summary = retract(db, file)
    if summary.errors:
        for err in summary.errors[:20]:
            console.print(f"  {escape(str(err))}")
        console.print(f"{len(summary.errors):,} invalid row(s); nothing was retracted.")
        raise typer.Exit(1)
    out.print(f"{summary.retracted:,} of {summary.rows:,} values retracted in {summary.buckets:,} monthly series")


@records_app.command("remind")
def remind_cmd(
    within: Annotated[str, typer.Option(help="Window ahead, e.g. 60d or 8w")] = "60d",
    region: Annotated[str | None, typer.Option(help="Only this region (code at any level)")] = None,
    as_of: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Today (default: today)")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="At most this many reminders")] = 1000,
) -> None:
    """What must be acted on within a window, by act-by date (a permit's renewal 60 days before expiry), and what is
    overdue (soonest action first)."""
    from schema.filters import region_prefix

    settings = Settings()
    today = as_of.date() if as_of else dt.date.today()
    with _database(settings) as db:
        rows = db.read(
            "find_reminders",
            today=today,
            until=today + dt.timedelta(days=_days(within)),
            region=region_prefix(region) if region else None,
            uscc=None,
            first=limit,
        )
    table = Table("act by", "due", "kind", "enterprise", "what", title=f"to act on within {within} of {today}")
    for r in rows:
        act_by = f"[red]{r['act_by']} overdue[/red]" if r["overdue"] else str(r["act_by"])
        table.add_row(act_by, str(r["due_on"]), r["kind"], escape(f"{r['name']} ({r['uscc']})"), escape(r["message"]))
    out.print(table)
    out.print(f"{len(rows):,} reminders, {sum(1 for r in rows if r['overdue']):,} overdue")


# --- export -------------------------------------------------------------------------------------------
@records_app.command("export")
def export_cmd(
    name: Annotated[str, typer.Argument(help="<list>.<format>: violations.csv, findings.xlsx, enterprises.geojson …")],
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="An argument or filter field of the list, NAME=VALUE (repeatable)"),
    ] = None,
    output: Annotated[Path | None, typer.Option("--out", "-o", help="The file to write (default: NAME in .)")] = None,
) -> None:
    """Export a list, aggregate, map or the reminders as the HTTP endpoint /export/NAME does, with the operator's
    (admin) view: `permitgraph export violations.csv -p regionCode=130200 -p dateFrom=2024-01-01`."""
    import asyncio

    from api.app import build_schema
    from api.exports import export, runner
    from graph.async_db import AsyncDatabase
    from schema.access import Principal

    settings = Settings()
    params: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"a parameter is NAME=VALUE; found {item!r}")
        params[key.strip()] = value.strip()
    stem, _, fmt = name.rpartition(".")
    target = output or Path(name)

    async def run() -> int:
        db = AsyncDatabase.connect(settings.connection(), settings.db_bounds())
        try:
            operator = Principal(role="admin", subject="cli", via="cli")
            schema = build_schema(settings)
            ask = runner(schema, db, operator, None, settings.permitgraph_request_seconds * 6)
            body, _ = await export(schema, ask, stem, fmt, params)
            if isinstance(body, str):  # an XLSX written to a temporary file
                Path(body).replace(target)
                return target.stat().st_size
            with target.open("wb") as f:
                if isinstance(body, bytes):
                    f.write(body)
                else:
                    async for chunk in body:
                        f.write(chunk)
            return target.stat().st_size
        finally:
            await db.close()

    size = asyncio.run(run())
    out.print(f"wrote {target} ({size:,} bytes)")
