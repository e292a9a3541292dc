"""Per-request DataLoaders over the named hop queries: one round trip per query and GraphQL level, never per object.

A hop query (`queries/list_*_of_*.cypher`, `get_*.cypher`) takes many parent keys and returns, per key, the total
length of its list and one page of it. Loaders are keyed by (query, page), so siblings asking for the same page
of the same relationship share one batch.
"""

from __future__ import annotations

from typing import Any

from strawberry.dataloader import DataLoader

from graph.async_db import AsyncDatabase
from graph.records import Props, Record, integer, maps, text

Page = tuple[int, list[Props]]  # (total, nodes of the page)


class Loaders:
    def __init__(self, db: AsyncDatabase) -> None:
        self.db = db
        self._loaders: dict[tuple[str, int, int, str], DataLoader[str, Page]] = {}
        self._primed: dict[tuple[str, str], Page] = {}  # (query, key) → (total, the first items of the list)
        self._rows: dict[tuple[str, str], DataLoader[str, Record | None]] = {}

    def hop(self, query: str, offset: int = 0, first: int = 1, **params: Any) -> DataLoader[str, Page]:
        """The loader of one hop query and page (and the same other parameters for every key, e.g. a window);
        made on first use in this request."""
        key = _hop_key(query, offset, first, params)
        loader = self._loaders.get(key)
        if loader is None:

            async def fetch(keys: list[str]) -> list[Page]:
                rows = await self.db.read(query, keys=list(keys), offset=offset, first=first, **params)
                found = {text(r["key"]): (integer(r["total"]), maps(r["nodes"])) for r in rows}
                return [found.get(k, (0, [])) for k in keys]

            loader = self._loaders[key] = DataLoader(load_fn=fetch)
        return loader

    def row(self, query: str, **params: Any) -> DataLoader[str, Record | None]:
        """The loader of a batched query that answers one row per key (`keys` in, a `key` column out; None for a
        key without a row), with the same other parameters for every key."""
        name = (query, repr(sorted(params.items())))  # fields asking with other parameters get loaders of their own
        loader = self._rows.get(name)
        if loader is None:

            async def fetch(keys: list[str]) -> list[Record | None]:
                rows = await self.db.read(query, keys=list(keys), **params)
                found = {text(r["key"]): r for r in rows}
                return [found.get(k) for k in keys]

            loader = self._rows[name] = DataLoader(load_fn=fetch)
        return loader

    def known(self, query: str, offset: int, first: int, key: str, **params: Any) -> Page | None:
        """The page already held for `key` (primed, or loaded earlier in this request), without waiting."""
        primed = None if params else self._primed.get((query, key))  # views prime the plain lists only
        if primed is not None:
            total, items = primed
            if offset + first <= len(items) or len(items) == total:  # the page lies within what was fetched
                return total, items[offset : offset + first]
        loader = self._loaders.get(_hop_key(query, offset, first, params))
        future = loader.cache_map.get(key) if loader is not None else None
        if future is None or not future.done() or future.cancelled() or future.exception() is not None:
            return None
        return future.result()

    def prime(self, query: str, key: str, items: list[Props], total: int | None = None) -> None:
        """Seed one hop's answer for one key when a single statement already fetched it: the first `len(items)`
        items of the list, in the hop query's order, and the list's length (`len(items)` when not given). Every
        page within them is then known; the rest of the list still goes to the hop query."""
        self._primed[query, key] = (len(items) if total is None else total, items)


def _hop_key(query: str, offset: int, first: int, params: dict[str, Any]) -> tuple[str, int, int, str]:
    """A hop loader's key: its query, page and further parameters (a window), so other windows get their own."""
    return query, offset, first, repr(sorted(params.items())) if params else ""
