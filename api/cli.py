"""The `permitgraph` command line: local Neo4j, schema, sample data, loading, the API, and the demo."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from collections.abc import Mapping as Mapping_
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from api.cli_codes import codes_app
from api.cli_common import _database, console, out
from api.cli_records import records_app
from api.examples import EXAMPLE_QUERY
from api.keys_cli import keys_app
from api.settings import Settings
from graph import local, migrations
from graph.db import Database
from graph.errors import PermitGraphError
from graph.stats import label_counts
from loaders.load import LoadRejected, LoadSummary, load, seed_reference, validate, write_report
from loaders.mapping import Mapping, MappingError, default_mapping, load_mapping

app = typer.Typer(
    help="permitgraph: China's discharge-permit regulatory graph on Neo4j, served through GraphQL.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
neo4j_app = typer.Typer(help="The local Neo4j 5.26 Community server (not used when NEO4J_URI is set).")
db_app = typer.Typer(help="Database schema.")
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(db_app, name="db")
app.add_typer(keys_app, name="keys")
app.add_typer(codes_app, name="codes")


# --- neo4j ----------------------------------------------------------------------------------------
def _start(settings: Settings) -> None:
    if not settings.uses_local_server:
        console.print(f"NEO4J_URI is set: using {settings.neo4j_uri}; no local server started.")
        return
    server = settings.local_server()
    already = local.running_pid(server)
    if already is None:
        with console.status("Building and starting the local Neo4j 5.26 (first run fetches jars from Maven Central)…"):
            local.start(server)
            local.wait_ready(server)
    with _database(settings):
        pass
    state = "already running" if already else "started"
    console.print(f"Neo4j {state} at {server.uri} (pid {local.running_pid(server)}); logs in {server.log_dir}")


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local server (idempotent) and wait until Bolt answers."""
    _start(Settings())


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local server cleanly."""
    settings = Settings()
    if not settings.uses_local_server:
        console.print(f"NEO4J_URI is set ({settings.neo4j_uri}): nothing local to stop.")
        return
    stopped = local.stop(settings.local_server())
    console.print("Neo4j stopped." if stopped else "Neo4j was not running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the database answers, and where."""
    settings = Settings()
    conn = settings.connection()
    if settings.uses_local_server:
        server = settings.local_server()
        pid = local.running_pid(server)
        console.print(f"local server: {'running, pid ' + str(pid) if pid else 'not running'}; logs in {server.log_dir}")
    try:
        with _database(settings):
            console.print(f"{conn.uri} answers (database {conn.database}).")
    except PermitGraphError as exc:
        console.print(f"{conn.uri} does not answer: {exc.message}")
        raise typer.Exit(1) from None


# --- db ---------------------------------------------------------------------------------------------
@db_app.command("init")
def db_init() -> None:
    """Apply pending schema migrations (constraints, indexes) and the bundled code tables. Idempotent."""
    with _database(Settings()) as db:
        applied = migrations.apply(db)
        seed_reference(db)
    if applied:
        for m in applied:
            console.print(f"applied migration {m.version}: {m.name} ({len(m.statements)} statements)")
    else:
        console.print("schema up to date.")


# --- generate / validate / load -------------------------------------------------------------------------
@app.command("generate")
def generate_cmd(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the files into")],
    enterprises: Annotated[int, typer.Option(min=1, max=1_000_000, help="Number of enterprises")] = 200,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same files")] = 42,
    start: Annotated[str, typer.Option(help="First day of the monitoring period (YYYY-MM-DD)")] = "2024-01-01",
    days: Annotated[int, typer.Option(min=28, max=3660, help="Length of the monitoring period in days")] = 366,
    density: Annotated[float, typer.Option(min=0.01, max=1.0, help="Share of days with an automatic value")] = 1.0,
    problem_rate: Annotated[float, typer.Option(min=0.0, max=1.0, help="Chance of each injected problem")] = 0.05,
    layout: Annotated[
        str,
        typer.Option(
            help="default: the loaders' CSV layout; regional: a city's disclosure export (.xlsx workbooks with "
            "Chinese headers, loaded with --mapping loaders/mappings/regional.toml; --enterprises counts companies)"
        ),
    ] = "default",
) -> None:
    """Write a realistic sample in the loaders' layout (or a regional export's), with manifest.json of what a load
    must find."""
    if layout == "regional":
        _generate_regional(out_dir, enterprises, seed)
        return
    if layout != "default":
        console.print(f"--layout: expected default or regional; found {layout!r}")
        raise typer.Exit(2)
    try:
        first = dt.date.fromisoformat(start)
    except ValueError:
        console.print(f"--start: expected a date YYYY-MM-DD; found {start!r}")
        raise typer.Exit(2) from None
    from sample.generate import Params, generate

    params = Params(enterprises, seed, first, days, density, problem_rate)
    with Progress(
        TextColumn("generating"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} enterprises"),
        TimeRemainingColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("gen", total=enterprises)
        manifest = generate(params, out_dir, progress=lambda n: bar.advance(task, n))
    table = Table("file", "rows", title=f"{out_dir}")
    table.columns[0].no_wrap = True
    for name, count in manifest.counts.items():
        table.add_row(name, f"{count:,}")
    out.print(table)
    out.print("injected problems: " + ", ".join(f"{k} {len(v)}" for k, v in manifest.problems.items()))


def _generate_regional(out_dir: Path, companies: int, seed: int) -> None:
    from sample.regional import generate_regional

    manifest = generate_regional(companies, out_dir, seed)
    shutil.copy(Path(__file__).parent.parent / "loaders" / "mappings" / "regional.toml", out_dir / "mapping.toml")
    table = Table("sheet", "rows", title=f"{out_dir} (load with --mapping {out_dir / 'mapping.toml'})")
    table.columns[0].no_wrap = True
    for name, count in manifest.rows.items():
        table.add_row(name, f"{count:,}")
    out.print(table)
    flags = ", ".join(f"{k} {len(v)}" for k, v in manifest.flagged.items())
    out.print(
        f"genuine defects {len(manifest.rejected)}; flagged: {flags}; sites of multi-site companies "
        f"{2 * len(manifest.multi_site)}"
    )


def _progress_bar() -> tuple[Progress, Callable[[str, int, int], None]]:
    bar = Progress(
        TextColumn("{task.description:<28}"), BarColumn(), DownloadColumn(), TimeRemainingColumn(), console=console
    )
    tasks: dict[str, TaskID] = {}

    def advance(name: str, n: int, total: int) -> None:
        if name not in tasks:
            tasks[name] = bar.add_task(name, total=total)
        bar.advance(tasks[name], n)

    return bar, advance


def _source(folder: Path | None, mapping: Path | None) -> Mapping:
    """The files to read: a mapping file, or a folder in the default layout."""
    if mapping is not None:
        try:
            return load_mapping(mapping)
        except MappingError as exc:
            console.print(f"[red]mapping error[/red]: {exc}")
            raise typer.Exit(2) from None
    if folder is None:
        console.print("give a folder in the default layout, or --mapping FILE")
        raise typer.Exit(2)
    found = default_mapping(folder)
    if not found.files:
        console.print(
            f"{folder} holds no file of the default layout (enterprises.csv, outlets.csv, …); see docs/loading.md"
        )
        raise typer.Exit(2)
    return found


FolderArg = Annotated[Path | None, typer.Argument(exists=True, file_okay=False, help="Folder in the default layout")]
MappingOpt = Annotated[Path | None, typer.Option("--mapping", exists=True, dir_okay=False, help="Mapping file (TOML)")]
StrictOpt = Annotated[bool, typer.Option(help="Reject identifiers that fail their check digit (default: flag them)")]
ReportOpt = Annotated[Path | None, typer.Option("--report", help="Write every error to this CSV (or .json) file")]


@app.command("validate")
def validate_cmd(
    folder: FolderArg = None, mapping: MappingOpt = None, strict: StrictOpt = False, report: ReportOpt = None
) -> None:
    """Check files without writing anything (references are checked against the graph when it answers)."""
    source = _source(folder, mapping)
    settings = Settings()
    db = Database.connect(settings.connection())
    try:
        db.verify()
        graph: Database | None = db
    except PermitGraphError:
        graph = None
        console.print("(the database does not answer: references are checked against the files only)")
    bar, advance = _progress_bar()
    try:
        with bar:
            result = validate(source, advance, strict=strict, db=graph)
    finally:
        db.close()
    if report is not None:
        write_report(result.all_errors(), report)
    if result.invalid:
        _print_errors(result.errors, result.invalid, result.causes)
        raise typer.Exit(1)
    console.print(f"{result.rows:,} rows, all valid.")


def _print_errors(errors: Sequence[object], count: int, causes: Mapping_[tuple[str, str, str], int]) -> None:
    console.print(f"[red]{count} invalid row(s); nothing was written.[/red]")
    _print_causes(causes)
    if errors:
        console.print("First problems:")
    for err in errors[:20]:
        console.print(f"  {escape(str(err))}")


def _print_causes(causes: Mapping_[tuple[str, str, str], int], shown: int = 20) -> None:
    """Errors grouped by cause (file, column, what was expected), the most frequent first."""
    if not causes:
        return
    table = Table("errors", "file", "column", "expected", title="errors by cause")
    ranked = sorted(causes.items(), key=lambda kv: (-kv[1], kv[0]))
    for (file, column, expected), n in ranked[:shown]:
        table.add_row(f"{n:,}", escape(file), escape(column), escape(expected))
    if len(ranked) > shown:
        table.add_row(f"{sum(n for _, n in ranked[shown:]):,}", f"({len(ranked) - shown} more causes)", "", "")
    console.print(table)


def _print_summary(summary: LoadSummary) -> None:
    totals = ("rows_read", "rows_written", "rejected", "nodes_created", "relationships_created")
    cells = [[escape(f.file), *(f"{getattr(f, n):,}" for n in totals), f"{f.seconds:.1f}"] for f in summary.files]
    cells.append(["total", *(f"{summary.total(n):,}" for n in totals), f"{summary.seconds:.1f}"])
    headers = ("file", "rows read", "written", "rejected", "nodes +", "rels +", "seconds")
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    if sum(widths[1:]) + min(widths[0], 12) + 3 * len(headers) + 1 > out.width:
        # Too narrow for the table without cutting a figure ('1,…'): one line per entry instead.
        out.print("load summary")
        for c in cells:
            out.print(f"{c[0]}: " + ", ".join(f"{h} {v}" for h, v in zip(headers[1:], c[1:], strict=True)))
        return _warn_unresolved(summary)
    table = Table(*headers, title="load summary")
    table.columns[0].overflow = "fold"  # a long entry name wraps; a figure is never cut
    for column, width in zip(table.columns[1:], widths[1:], strict=True):
        column.no_wrap, column.min_width = True, width
    for c in cells:
        table.add_row(*c)
    out.print(table)
    _warn_unresolved(summary)


def _warn_unresolved(summary: LoadSummary) -> None:
    if unresolved := summary.total("unresolved"):
        # Validation checked every reference; a node deleted between validation and writing lands here.
        console.print(
            f"[yellow]{unresolved:,} row(s) not written: a node they point at vanished during the load[/yellow]"
        )


def _load(
    db: Database,
    source: Mapping,
    strict: bool = False,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    report: Path | None = None,
    replace: bool = False,
) -> LoadSummary:
    bar, advance = _progress_bar()
    with bar:
        try:
            summary = load(
                db, source, advance, strict=strict, skip_invalid=skip_invalid, rejects=rejects, replace=replace
            )
        except LoadRejected as exc:
            bar.stop()
            if report is not None:
                write_report(exc.validation.all_errors(), report)
                console.print(f"every error is in {report}")
            _print_errors(exc.errors, exc.total, exc.validation.causes)
            raise typer.Exit(1) from None
    for warning in summary.warnings:
        console.print(f"[yellow]warning: {escape(warning)}[/yellow]")
    if summary.resumed:
        console.print(f"completed {len(summary.resumed)} interrupted earlier load(s): {', '.join(summary.resumed)}")
    if summary.total("rejected"):
        console.print(
            f"[yellow]{summary.total('rejected')} invalid row(s) skipped[/yellow]"
            + (f"; reasons in {rejects}" if rejects else "")
        )
        _print_causes(summary.causes)
    return summary


@app.command("load")
def load_cmd(
    folder: FolderArg = None,
    mapping: MappingOpt = None,
    strict: StrictOpt = False,
    skip_invalid: Annotated[bool, typer.Option(help="Load the valid rows; write the others to --rejects")] = False,
    rejects: Annotated[Path | None, typer.Option(help="Where --skip-invalid writes rejected rows")] = None,
    report: ReportOpt = None,
    replace: Annotated[
        bool,
        typer.Option(
            help="Monitoring files replace the months they give: a value the graph holds for a series and month "
            "the files cover, and they no longer give, is retracted (kept as a change)"
        ),
    ] = False,
) -> None:
    """Validate, then load (idempotent; an interrupted load is completed by running it again)."""
    source = _source(folder, mapping)
    if skip_invalid and rejects is None:
        rejects = Path("rejects.csv")
    with _database(Settings()) as db:
        migrations.apply(db)
        summary = _load(db, source, strict, skip_invalid, rejects, report, replace)
        _print_summary(summary)
    if summary.empty:
        console.print(f"[red]{len(summary.empty)} entry(ies) of the mapping loaded nothing[/red]:")
        for name in summary.empty:
            console.print(f"  {escape(name)}")
        raise typer.Exit(1)


# --- schema -------------------------------------------------------------------------------------------
SCHEMA_FILE = Path("schema.graphql")


@app.command("schema")
def schema_cmd(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the SDL")] = SCHEMA_FILE,
    check: Annotated[bool, typer.Option(help="Fail if the file differs from the code instead of writing it")] = False,
) -> None:
    """Export the GraphQL schema (SDL) to schema.graphql, or check that the file is current."""
    from api.app import build_schema

    sdl = str(build_schema(Settings())) + "\n"
    if check:
        if not out_file.exists() or out_file.read_text(encoding="utf-8") != sdl:
            console.print(f"[red]{out_file} is out of date[/red]: run `permitgraph schema` and commit it.")
            raise typer.Exit(1)
        console.print(f"{out_file} is current.")
        return
    out_file.write_text(sdl, encoding="utf-8")
    console.print(f"wrote {out_file} ({len(sdl.splitlines())} lines)")


# --- serve / demo ------------------------------------------------------------------------------------
@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Interface (default 127.0.0.1)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000)")] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, max=64, help="Worker processes (default PERMITGRAPH_WORKERS, 1)")
    ] = None,
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql), /health and the pages.

    With several workers, uvicorn's supervisor runs them as processes sharing the port and starts a new one when
    one dies, so one crashed worker does not take the service down."""
    import uvicorn

    settings = Settings()
    count = workers or settings.permitgraph_workers
    uvicorn.run(
        "api.app:serve_app",
        factory=True,
        host=host or settings.permitgraph_host,
        port=port or settings.permitgraph_port,
        workers=count if count > 1 else None,
        log_level="info",
        limit_concurrency=settings.permitgraph_max_connections,
        timeout_graceful_shutdown=5,
        proxy_headers=False,  # X-Forwarded-For only from PERMITGRAPH_TRUSTED_PROXIES (api/proxies.py)
    )


@app.command("demo")
def demo(
    enterprises: Annotated[int, typer.Option(min=10, max=100_000, help="Sample size when the graph is empty")] = 200,
    serve_api: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the API when ready")] = True,
) -> None:
    """Start Neo4j (unless NEO4J_URI is set), apply the schema, load a sample if empty, serve the API."""
    settings = Settings()
    _start(settings)
    with _database(settings) as db:
        migrations.apply(db)
        seed_reference(db)
        enterprises_now = label_counts(db)["Enterprise"]
        if enterprises_now == 0:
            folder = settings.permitgraph_home / f"sample-{enterprises}"
            console.print(f"The graph is empty: generating {enterprises} enterprises into {folder} and loading them.")
            # the sample's year ends two months before today, so that today is its extract day: a check run now
            # judges obligations the record covers, not a year nobody generated
            start = dt.date.today() - dt.timedelta(days=60 + 366)
            generate_cmd(folder, enterprises=enterprises, start=start.isoformat())
            _print_summary(_load(db, default_mapping(folder)))
        else:
            console.print(f"The graph already holds {enterprises_now:,} enterprises: nothing loaded.")
        example = db.read("find_example_outlet")
    base = f"http://{settings.permitgraph_host}:{settings.permitgraph_port}"
    out.print(f"\nGraphiQL: {base}/graphql    health: {base}/health")
    if example:
        uscc, code = example[0]["key"].split(":")
        query = EXAMPLE_QUERY % (uscc, code)
        # plain print: rich would wrap these lines and break copy-paste
        print("Example traceability query (paste into GraphiQL):\n" + query)
        print(
            "or: curl -s "
            + base
            + "/graphql -H 'content-type: application/json' -d '"
            + json.dumps({"query": query}, ensure_ascii=False)
            + "'"
        )
    if serve_api:
        serve(None, None, None)


app.registered_commands += records_app.registered_commands  # check, retract, remind, export


def main() -> None:
    """Entry point: expected failures print one clear line; nothing prints a traceback unless asked."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)  # its failures reach the user as DatabaseUnavailable
    try:
        app()
    except PermitGraphError as exc:
        console.print(f"[red]error[/red] ({exc.code}): {exc.message}")
        sys.exit(1)
    except KeyboardInterrupt:
        console.print("interrupted.")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("PERMITGRAPH_DEBUG"):
            raise
        console.print(f"[red]unexpected error[/red]: {type(exc).__name__}: {exc} (set PERMITGRAPH_DEBUG=1 for details)")
        sys.exit(1)


if __name__ == "__main__":
    main()
