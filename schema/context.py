"""Per-request GraphQL context: the shared Database, request-scoped settings and DataLoaders."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from strawberry.fastapi import BaseContext

from graph.db import Database
from schema.loaders import Loaders


@dataclass
class Context(BaseContext):
    db: Database
    max_page_size: int
    loaders: Loaders = field(init=False)
    views: dict[tuple[str, str], Any] = field(init=False, default_factory=dict)  # (root field, key) → its object

    def __post_init__(self) -> None:
        super().__init__()
        self.loaders = Loaders(self.db)

    async def db_read(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        """A named read query off the event loop (the driver is synchronous)."""
        return await asyncio.to_thread(self.db.read, name, **params)
