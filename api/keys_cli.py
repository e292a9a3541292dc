"""`permitgraph keys …`: API keys for scripts — create (the key is shown once), list, revoke (at once)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.auth import create_key, list_keys, revoke_key
from api.settings import Settings
from graph import migrations
from graph.db import Database
from schema.access import ROLES

keys_app = typer.Typer(help="API keys for scripts (stored hashed; a revoked key stops working at once).")
console, out = Console(stderr=True), Console()


@contextmanager
def _database() -> Iterator[Database]:
    db = Database.connect(Settings().connection())
    try:
        db.verify()
        migrations.apply(db)
        yield db
    finally:
        db.close()


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Option(help="What the key is for (a script, a dashboard)")],
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}")] = "analyst",
    region: Annotated[
        list[str] | None,
        typer.Option(help="A region code it holds in (repeatable), or 'national' for everywhere; needed above public"),
    ] = None,
) -> None:
    """Create a key and print it once: it is not stored, only its hash."""
    with _database() as db:
        key = create_key(db, name, role, region or [])
    console.print(f"API key for {name!r} ({role}); keep it now, it is not shown again:")
    out.print(key, highlight=False, soft_wrap=True)


@keys_app.command("list")
def list_() -> None:
    """Every key: id, name, role, scope, created, revoked."""
    with _database() as db:
        rows = list_keys(db)
    table = Table("id", "name", "role", "regions", "created", "revoked")
    for r in rows:
        table.add_row(
            str(r["id"]),
            str(r["name"]),
            str(r["role"]),
            ", ".join(r["regions"] or []) or "(none: refused above public)",
            str(r["created_at"])[:19],
            str(r["revoked_at"])[:19] if r["revoked_at"] else "",
        )
    out.print(table)


@keys_app.command("revoke")
def revoke(key_id: Annotated[str, typer.Argument(help="The key's id (the part after pgk_, before the dot)")]) -> None:
    """Revoke a key: the next request with it is refused."""
    with _database() as db:
        if not revoke_key(db, key_id):
            console.print(f"no API key {key_id!r}")
            raise typer.Exit(1)
    console.print(f"revoked {key_id}")
