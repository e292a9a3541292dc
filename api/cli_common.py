"""What the `permitgraph` commands share: the consoles they print to and the database they open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

from api.settings import Settings
from graph.db import Database


def _console(stderr: bool = False) -> Console:
    """A rich console; off a terminal (a pipe, a log, CI) tables get at least 120 columns instead of rich's 80, so
    the load summary's figures are never cut to '324,1…'."""
    console = Console(stderr=stderr)
    return console if console.is_terminal else Console(stderr=stderr, width=max(120, console.width))


console = _console(stderr=True)
out = _console()


@contextmanager
def _database(settings: Settings) -> Iterator[Database]:
    db = Database.connect(settings.connection())
    try:
        db.verify()
        yield db
    finally:
        db.close()
