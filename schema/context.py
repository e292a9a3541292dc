"""Per-request GraphQL context: the shared Database, request-scoped settings and DataLoaders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from strawberry.fastapi import BaseContext

from graph.async_db import AsyncDatabase
from graph.records import Record
from schema.access import ANONYMOUS, Principal
from schema.loaders import Loaders


@dataclass
class Context(BaseContext):
    db: AsyncDatabase
    max_page_size: int
    principal: Principal = ANONYMOUS
    loaders: Loaders = field(init=False)
    views: dict[tuple[str, str], Any] = field(init=False, default_factory=dict)  # (root field, key) → its object
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    scope: Any = None  # a region-scoped caller's map of where the answer's objects lie (schema/guard.py)
    audit: Any = None  # the request's audit record (api/audit.py), when the request is audited
    seen: set[str] = field(default_factory=set)  # global ids of the nodes the guard let fields be read of
    introspection_role: str = "analyst"  # the least role that may read the schema

    def __post_init__(self) -> None:
        super().__init__()
        self.loaders = Loaders(self.db)

    async def db_read(self, name: str, /, **params: Any) -> list[Record]:
        """A named read query through the async driver, bounded by the request's budget."""
        return await self.db.read(name, **params)

    async def db_read_shared(self, name: str, /, **params: Any) -> list[Record]:
        """An aggregate every request shares until the database commits anything (`AsyncDatabase.read_shared`); the
        rows are shared: read them, never change them."""
        return await self.db.read_shared(name, **params)
